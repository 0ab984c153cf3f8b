/**
 * PDF with DejaVu Sans embedded (subset), which has every Kazakh Cyrillic letter
 * (ә ғ қ ң ө ұ ү һ і): viewers never substitute a font that lacks them. Text is
 * wrapped here by word with the font's advance widths, then drawn as positioned lines.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Compilation } from '../../common/recs.contract';
import { documentModel, type DocItem, type DocModel } from './document';
import { PdfFont } from './pdf-font';
import { A4, PdfWriter } from './pdf-writer';

const require = createRequire(import.meta.url);
let fontData: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per thread; 1.4 MB of font files. */
function fonts() {
  fontData ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fontData;
}

const INK = '#1b1f24';
const ACCENT = '#1f4e79';
const MUTED = '#5b6470';
const RULE = '#c9d1da';
const ZEBRA = '#f2f5f8';
const MARGIN = 56;
const WIDTH = A4.width - MARGIN * 2;
/** Lowest y (from the top) body text may reach; the footer lives below. */
const BOTTOM = A4.height - MARGIN - 14;

const n = (v: number) => (Math.round(v * 100) / 100).toString();
const rgbs = new Map<string, string>();
/** "#1f4e79" as PDF's "r g b" operands (cached: every line sets its color). */
const rgb = (hex: string) => {
  let v = rgbs.get(hex);
  if (!v) rgbs.set(hex, (v = [1, 3, 5].map((i) => n(parseInt(hex.slice(i, i + 2), 16) / 255)).join(' ')));
  return v;
};

/** Where the next line goes; y runs down from the top of the page, as people read. */
class Flow {
  ops: string[];
  y = MARGIN;

  constructor(
    private readonly writer: PdfWriter,
    readonly R: PdfFont,
    readonly B: PdfFont,
  ) {
    this.ops = writer.addPage();
  }

  newPage() {
    this.ops = this.writer.addPage();
    this.y = MARGIN;
  }

  /** Starts a new page unless `space` points fit on this one. */
  ensure(space: number) {
    if (this.y + space > BOTTOM) this.newPage();
  }

  line(font: PdfFont, size: number, color: string, x: number, yTop: number, text: string) {
    if (!text) return;
    const baseline = A4.height - yTop - (font.ascent * size) / 1000;
    this.ops.push(`BT /${font.key} ${size} Tf ${rgb(color)} rg 1 0 0 1 ${n(x)} ${n(baseline)} Tm <${font.encode(text)}> Tj ET`);
  }

  /** Greedy word wrap; a word longer than the line is broken between characters. */
  wrap(font: PdfFont, size: number, width: number, text: string): string[] {
    const out: string[] = [];
    const space = font.width(' ', size);
    for (const raw of text.split('\n')) {
      let line = '';
      let w = 0;
      for (const word of raw.split(' ')) {
        if (!word) continue;
        const ww = font.width(word, size);
        if (ww > width) {
          if (line) out.push(line);
          line = '';
          w = 0;
          for (const ch of word) {
            const cw = font.width(ch, size);
            if (line && w + cw > width) {
              out.push(line);
              line = '';
              w = 0;
            }
            line += ch;
            w += cw;
          }
        } else if (line && w + space + ww > width) {
          out.push(line);
          line = word;
          w = ww;
        } else {
          w += line ? space + ww : ww;
          line = line ? `${line} ${word}` : word;
        }
      }
      out.push(line);
    }
    return out;
  }

  /** A paragraph at x, flowing onto new pages as needed. */
  para(font: PdfFont, size: number, color: string, x: number, width: number, text: string) {
    const lh = font.lineHeight(size);
    for (const l of this.wrap(font, size, width, text)) {
      this.ensure(lh);
      this.line(font, size, color, x, this.y, l);
      this.y += lh;
    }
  }

  rect(x: number, yTop: number, w: number, h: number, color: string) {
    this.ops.push(`${rgb(color)} rg ${n(x)} ${n(A4.height - yTop - h)} ${n(w)} ${n(h)} re f`);
  }

  rule(yTop: number, width: number, color: string) {
    const y = n(A4.height - yTop);
    this.ops.push(`${rgb(color)} RG ${width} w ${MARGIN} ${y} m ${n(MARGIN + WIDTH)} ${y} l S`);
  }
}

function heading(f: Flow, text: string, size: number, gapBefore = 14) {
  f.ensure(size * 4);
  f.y += gapBefore;
  f.para(f.B, size, ACCENT, MARGIN, WIDTH, text);
  f.y += size * 0.4;
}

/** Two-column label/value table with zebra rows; rows never split across pages. */
function factsTable(f: Flow, rows: [string, string][]) {
  const keyW = Math.round(WIDTH * 0.36);
  const pad = 4;
  const size = 9.5;
  rows.forEach(([k, v], i) => {
    const keyLines = f.wrap(f.B, size, keyW - pad * 2, k);
    const valLines = f.wrap(f.R, size, WIDTH - keyW - pad * 2, v);
    const lh = f.R.lineHeight(size);
    const h = Math.max(keyLines.length, valLines.length) * lh + pad * 2;
    f.ensure(h);
    if (i % 2 === 0) f.rect(MARGIN, f.y, WIDTH, h, ZEBRA);
    keyLines.forEach((l, j) => f.line(f.B, size, MUTED, MARGIN + pad, f.y + pad + j * lh, l));
    valLines.forEach((l, j) => f.line(f.R, size, INK, MARGIN + keyW + pad, f.y + pad + j * lh, l));
    f.y += h;
  });
  f.rule(f.y, 0.5, RULE);
  f.y += 8;
}

function recommendation(f: Flow, d: DocModel, it: DocItem, withAddressee: boolean) {
  const L = d.labels;
  const indent = 30;
  f.ensure(48);
  f.line(f.B, 11, ACCENT, MARGIN, f.y, `${it.number}.`);
  f.para(f.R, 11, INK, MARGIN + indent, WIDTH - indent, it.text);
  f.y += 2;
  const meta = [
    ...(withAddressee ? [`${L.addressee}: ${it.addressee ?? L.notSpecified}`] : []),
    `${L.support}: ${it.support}`,
    `${L.sources} (${it.sources.length}): ${it.sources.join(', ')}`,
  ];
  f.para(f.R, 8.5, MUTED, MARGIN + indent, WIDTH - indent, meta.join('\n'));
  for (const a of it.answers) f.para(f.R, 9, INK, MARGIN + indent, WIDTH - indent, `${L.answer}: ${a}`);
  f.y += 9;
}

/** Page numbers and the colophon on every page, once the page count is known. */
function footers(w: PdfWriter, R: PdfFont, d: DocModel) {
  const size = 7.5;
  // Footer text sits just below the bottom margin's rule, in PDF coordinates (from the bottom).
  const base = n(MARGIN - 6 - (R.ascent * size) / 1000);
  const total = w.pageCount;
  for (let i = 0; i < total; i++) {
    const page = d.labels.page(i + 1, total);
    w.addToPage(i, [
      `${rgb(RULE)} RG 0.5 w ${MARGIN} ${MARGIN} m ${n(MARGIN + WIDTH)} ${MARGIN} l S`,
      `BT /${R.key} ${size} Tf ${rgb(MUTED)} rg 1 0 0 1 ${MARGIN} ${base} Tm <${R.encode(d.colophon)}> Tj ET`,
      `BT /${R.key} ${size} Tf ${rgb(MUTED)} rg 1 0 0 1 ${n(MARGIN + WIDTH - R.width(page, size))} ${base} Tm <${R.encode(page)}> Tj ET`,
    ]);
  }
}

export async function renderPdf(c: Compilation): Promise<Buffer> {
  const d = documentModel(c);
  const L = d.labels;
  const { regular, bold } = fonts();
  const R = new PdfFont('F1', 'BRGAAA', regular);
  const B = new PdfFont('F2', 'BRGAAB', bold);
  const w = new PdfWriter();
  const f = new Flow(w, R, B);

  f.para(B, 20, ACCENT, MARGIN, WIDTH, d.title);
  f.y += 4;
  f.para(R, 12, INK, MARGIN, WIDTH, d.subtitle);
  f.y += 8;
  f.rule(f.y, 1.5, ACCENT);
  f.y += 12;
  factsTable(f, d.facts);
  heading(f, L.figures, 13);
  factsTable(f, d.figures);

  heading(f, L.recommendations, 15, 20);
  if (!c.recommendations.length) f.para(R, 10, MUTED, MARGIN, WIDTH, L.none);
  for (const section of d.sections) {
    if (section.heading) heading(f, section.heading, 12);
    for (const it of section.items) recommendation(f, d, it, !section.heading);
  }

  heading(f, L.topQuestions, 15, 20);
  if (!d.topQuestions.length) f.para(R, 10, MUTED, MARGIN, WIDTH, L.none);
  for (const q of d.topQuestions) {
    f.ensure(30);
    f.line(B, 10, ACCENT, MARGIN, f.y, `${q.rank}.`);
    f.para(R, 10, INK, MARGIN + 24, WIDTH - 24, q.text);
    f.para(R, 8.5, MUTED, MARGIN + 24, WIDTH - 24, `${L.votes}: ${q.votes}`);
    f.y += 6;
  }

  f.newPage();
  heading(f, L.annex, 15, 0);
  f.para(R, 9, MUTED, MARGIN, WIDTH, L.annexNote);
  f.y += 8;
  for (const a of d.annex) {
    f.ensure(24);
    f.para(B, 8, MUTED, MARGIN, WIDTH, `${a.id}  ·  ${L.group}${a.group}  ·  ${a.lang}  ·  ${a.origin}  ·  ${L.support}: ${a.endorsements + a.questionVotes}`);
    f.para(R, 9, INK, MARGIN, WIDTH, a.text);
    f.y += 5;
  }

  footers(w, R, d);
  return w.finish({ title: `${d.title}: ${d.subtitle}`, lang: d.lang, date: d.date, fonts: [R, B] });
}
