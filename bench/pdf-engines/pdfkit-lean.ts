/**
 * The PDF: pdfkit with our own line layout, tagged for screen readers and bookmarked.
 *
 * Why not pdfkit's `text()` wrapping: it measures every word through an event-driven
 * line wrapper and, for tables, lays each cell out twice; breaking lines here with
 * cached word widths and drawing each line once is several times cheaper (see
 * bench/README.md, "PDF engines"). Why not Typst: its lists and tables cost seconds and
 * hundreds of MB at 2,000 items.
 *
 * Tagging: every block is a structure element (H1–H3, P, L/LI/Lbl/LBody, Table/TR/TH/TD,
 * Figure for charts) in reading order, each person's text carries its own language, and
 * everything else drawn (rules, zebra rows, bar shapes, footers) is an artifact. Level 1
 * and 2 headings are bookmarks. DejaVu Sans is embedded (subset): it has every Kazakh
 * letter (ә ғ қ ң ө ұ ү һ і), so viewers never substitute a font that lacks one.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Lang } from '../../common/base';
import { cellText, type DocBlock, type DocCell, type DocListItem, type DocModel } from '../../workers/recommendations/document';

const require = createRequire(import.meta.url);
const FONT_FILES = { R: 'DejaVuSans.ttf', B: 'DejaVuSans-Bold.ttf', M: 'DejaVuSansMono.ttf' } as const;
type FontName = keyof typeof FONT_FILES;
let fonts: Record<FontName, Buffer> | undefined;
/** Read once per process (or render thread). */
function loadFonts() {
  fonts ??= {
    R: readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES.R}`)),
    B: readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES.B}`)),
    M: readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${FONT_FILES.M}`)),
  };
  return fonts;
}

const INK = '#1b1f24';
const ACCENT = '#1f4e79';
const MUTED = '#5b6470';
const RULE = '#c9d1da';
const ZEBRA = '#f2f5f8';
const MARGIN = 56;
const BOTTOM = MARGIN + 14;
/** Line height as a multiple of the font size. */
const LEADING = 1.22;

type Doc = PDFKit.PDFDocument;
type Struct = PDFKit.PDFStructureElement;
interface Style {
  font: FontName;
  size: number;
  color: string;
}

const BODY: Style = { font: 'R', size: 10.5, color: INK };
const NOTE: Style = { font: 'R', size: 8.5, color: MUTED };
const SMALL: Style = { font: 'R', size: 9, color: INK };
const LEAD: Style = { font: 'B', size: 8, color: MUTED };
const LABEL: Style = { font: 'B', size: BODY.size, color: ACCENT };
const HEADING: Record<1 | 2 | 3, Style> = { 1: { font: 'B', size: 15, color: ACCENT }, 2: { font: 'B', size: 12.5, color: ACCENT }, 3: { font: 'B', size: 11, color: ACCENT } };

/** A cursor over pages: wraps text with cached word widths and tags what it draws. */
class Page {
  readonly width: number;
  y = MARGIN;
  private readonly widths = new Map<string, number>();
  private readonly outline: PDFKit.PDFOutline[] = [];

  constructor(
    readonly doc: Doc,
    readonly root: Struct,
  ) {
    this.width = doc.page.width - MARGIN * 2;
  }

  get bottom() {
    return this.doc.page.height - BOTTOM;
  }

  newPage() {
    this.doc.addPage();
    this.y = MARGIN;
  }

  ensure(space: number) {
    if (this.y + space > this.bottom) this.newPage();
  }

  /** Width of a word in 1/1000 of the font size (pdfkit caches each word's glyph layout; this caches the sum). */
  private wordWidth(font: FontName, word: string): number {
    const key = font + word;
    let w = this.widths.get(key);
    if (w === undefined) {
      w = this.doc.font(font).fontSize(1000).widthOfString(word);
      this.widths.set(key, w);
    }
    return w;
  }

  /** Width of a line of words joined by single spaces (as `wrap` makes them). */
  lineWidth(line: string, s: Style): number {
    let w = 0;
    let n = 0;
    for (const word of line.split(' ')) {
      w += this.wordWidth(s.font, word);
      n++;
    }
    return ((w + (n - 1) * this.wordWidth(s.font, ' ')) * s.size) / 1000;
  }

  /** Greedy line breaking at spaces; a word longer than the line is cut where it must be. */
  wrap(text: string, s: Style, width: number): string[] {
    const lines: string[] = [];
    const scale = s.size / 1000;
    const space = this.wordWidth(s.font, ' ') * scale;
    for (const para of text.split(/\r?\n/)) {
      let line = '';
      let used = 0;
      for (const word of para.split(/[ \t]+/)) {
        if (!word) continue;
        let w = this.wordWidth(s.font, word) * scale;
        if (line && used + space + w <= width) {
          line += ` ${word}`;
          used += space + w;
          continue;
        }
        if (line) lines.push(line);
        let rest = word;
        while (w > width && rest.length > 1) {
          let cut = Math.max(1, Math.floor((rest.length * width) / w));
          while (cut > 1 && this.wordWidth(s.font, rest.slice(0, cut)) * scale > width) cut--;
          lines.push(rest.slice(0, cut));
          rest = rest.slice(cut);
          w = this.wordWidth(s.font, rest) * scale;
        }
        line = rest;
        used = w;
      }
      lines.push(line);
    }
    return lines;
  }

  lineHeight(s: Style) {
    return s.size * LEADING;
  }

  /** Draws wrapped lines from the cursor down, breaking pages between lines (tags continue across pages). */
  lines(lines: string[], s: Style, x: number, opts: { width?: number; align?: 'right' } = {}) {
    const lh = this.lineHeight(s);
    this.doc.fillColor(s.color);
    for (const l of lines) {
      if (this.y + lh > this.bottom) {
        this.newPage();
        this.doc.fillColor(s.color);
      }
      const width = this.lineWidth(l, s);
      const dx = opts.align === 'right' && opts.width ? opts.width - width : 0;
      // Set for every line: measuring (wordWidth) changes the current font and size. The width given
      // spares pdfkit measuring the line again.
      this.doc.font(s.font).fontSize(s.size).text(l, x + dx, this.y, { lineBreak: false, textWidth: width, wordCount: 1 } as PDFKit.Mixins.TextOptions);
      this.y += lh;
    }
  }

  /** A structure element under `parent`, its content drawn by `draw` (marked content is opened and closed around it). */
  tag(parent: Struct, type: string, lang: Lang | undefined, draw: () => void): Struct {
    const el = this.doc.struct(type, lang ? { lang } : {});
    parent.add(el);
    el.add(draw);
    el.end();
    return el;
  }

  /** A structure element that only groups others (L, LI, Table, TR). */
  group(parent: Struct, type: string): Struct {
    const el = this.doc.struct(type);
    parent.add(el);
    return el;
  }

  /** Decoration that screen readers skip. */
  artifact(draw: () => void) {
    this.doc.markContent('Artifact');
    draw();
    this.doc.endMarkedContent();
  }

  bookmark(level: 1 | 2 | 3, title: string) {
    const parent = level === 1 ? this.doc.outline : this.outline[level - 2];
    if (!parent) return;
    // pdfkit measures `left` from the right edge: the page's width puts the view at its left edge.
    const item = parent.addItem(title, { top: this.y, left: this.doc.page.width } as { expanded?: boolean });
    this.outline[level - 1] = item;
    this.outline.length = level;
  }
}

export function renderPdf(d: DocModel): Promise<Buffer> {
  const f = loadFonts();
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: BOTTOM, left: MARGIN, right: MARGIN },
    bufferPages: true,
    pdfVersion: '1.7',
    tagged: true,
    lang: d.lang,
    displayTitle: true,
    info: { Title: `${d.title}: ${d.subtitle}`, Creator: 'Birge', Producer: 'Birge', CreationDate: d.date, ModDate: d.date },
  });
  for (const [name, data] of Object.entries(f)) doc.registerFont(name, data);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const root = doc.struct('Document');
  doc.addStructure(root);
  const p = new Page(doc, root);

  const title: Style = { font: 'B', size: 20, color: ACCENT };
  p.tag(root, 'Title', undefined, () => p.lines(p.wrap(d.title, title, p.width), title, MARGIN));
  p.y += 2;
  const sub: Style = { font: 'R', size: 12, color: INK };
  p.tag(root, 'P', undefined, () => p.lines(p.wrap(d.subtitle, sub, p.width), sub, MARGIN));
  p.y += 6;
  p.artifact(() => doc.moveTo(MARGIN, p.y).lineTo(MARGIN + p.width, p.y).lineWidth(1.5).strokeColor(ACCENT).stroke());
  p.y += 12;

  for (const b of d.blocks) block(p, b);

  footers(doc, d, p.width);
  root.end();
  doc.end();
  return done;
}

function block(p: Page, b: DocBlock) {
  switch (b.kind) {
    case 'heading':
      return heading(p, b);
    case 'paragraph': {
      const s = b.muted ? { ...NOTE, size: 9 } : BODY;
      p.ensure(p.lineHeight(s) * 2);
      p.tag(p.root, 'P', b.lang, () => p.lines(p.wrap(b.text, s, p.width), s, MARGIN));
      p.y += 6;
      return;
    }
    case 'facts':
      return facts(p, b.rows);
    case 'list':
      return list(p, b);
    case 'table':
      return table(p, b);
    case 'bars':
      return bars(p, b);
  }
}

function heading(p: Page, b: Extract<DocBlock, { kind: 'heading' }>) {
  const s = HEADING[b.level];
  if (b.newPage && p.y > MARGIN) p.newPage();
  else p.y += b.level === 1 ? 16 : 10;
  // A heading never ends a page: keep room for it and a few lines after it.
  p.ensure(s.size * 4);
  p.bookmark(b.level, b.text);
  p.tag(p.root, `H${b.level}`, undefined, () => p.lines(p.wrap(b.text, s, p.width), s, MARGIN));
  p.y += 5;
}

/** Two-column label/value table with zebra rows; rows never split across pages; the label heads its row. */
function facts(p: Page, rows: [string, string][]) {
  const keyW = Math.round(p.width * 0.36);
  const pad = 4;
  const key: Style = { font: 'B', size: 9.5, color: MUTED };
  const val: Style = { font: 'R', size: 9.5, color: INK };
  const t = p.group(p.root, 'Table');
  rows.forEach(([k, v], i) => {
    const kl = p.wrap(k, key, keyW - pad * 2);
    const vl = p.wrap(v, val, p.width - keyW - pad * 2);
    const h = Math.max(kl.length, vl.length) * p.lineHeight(val) + pad * 2;
    p.ensure(h);
    const y = p.y;
    if (i % 2 === 0) p.artifact(() => p.doc.rect(MARGIN, y, p.width, h).fill(ZEBRA));
    const tr = p.group(t, 'TR');
    p.y = y + pad;
    p.tag(tr, 'TH', undefined, () => p.lines(kl, key, MARGIN + pad));
    p.y = y + pad;
    p.tag(tr, 'TD', undefined, () => p.lines(vl, val, MARGIN + keyW + pad));
    tr.end();
    p.y = y + h;
  });
  t.end();
  p.artifact(() => p.doc.moveTo(MARGIN, p.y).lineTo(MARGIN + p.width, p.y).lineWidth(0.5).strokeColor(RULE).stroke());
  p.y += 8;
}

function list(p: Page, b: Extract<DocBlock, { kind: 'list' }>) {
  // Room for the widest number, so four-digit numbers stay clear of the text.
  const widest = b.ordered ? Math.max(0, ...b.items.map((it) => p.lineWidth(`${it.number ?? ''}.`, LABEL))) : p.lineWidth('•', LABEL);
  const indent = Math.max(b.ordered ? 24 : 12, widest + 6);
  const w = p.width - indent;
  // Items with a lead line (the annex) are many and short: a smaller text, closer together.
  const body = (it: DocListItem): Style => (it.lead ? SMALL : BODY);
  const l = p.group(p.root, 'L');
  for (const it of b.items) {
    const s = body(it);
    const text = p.wrap(it.text, s, w);
    const lead = it.lead ? p.wrap(it.lead, LEAD, w) : [];
    // The label, the lead and at least two lines of the item start on the same page.
    p.ensure(lead.length * p.lineHeight(LEAD) + p.lineHeight(s) * Math.min(2, text.length) + (it.notes?.length ? p.lineHeight(NOTE) : 0));
    const li = p.group(l, 'LI');
    const y = p.y;
    p.tag(li, 'Lbl', undefined, () => p.lines([b.ordered ? `${it.number ?? ''}.` : '•'], it.lead ? { ...LABEL, size: LEAD.size } : LABEL, MARGIN));
    p.y = y;
    const lbody = p.group(li, 'LBody');
    if (lead.length) p.tag(lbody, 'P', undefined, () => p.lines(lead, LEAD, MARGIN + indent));
    p.tag(lbody, 'P', it.lang, () => p.lines(text, s, MARGIN + indent));
    if (it.notes?.length) p.y += 2;
    for (const n of it.notes ?? []) p.tag(lbody, 'P', n.lang, () => p.lines(p.wrap(n.text, NOTE, w), NOTE, MARGIN + indent));
    lbody.end();
    li.end();
    p.y += it.lead ? 5 : 8;
  }
  l.end();
}

/** Column widths: fixed columns fit their widest cell (up to a third of the line), the growing one takes the rest. */
function columnWidths(p: Page, b: Extract<DocBlock, { kind: 'table' }>, s: Style, head: Style, pad: number): number[] {
  const fixed = b.columns.map((c, i) => {
    if (c.grow) return 0;
    const font = c.style === 'id' ? 'M' : s.font;
    let w = p.wrap(c.title, head, Infinity).reduce((m, l) => Math.max(m, measure(p, head.font, l, head.size)), 0);
    for (const r of b.rows) w = Math.max(w, measure(p, font, cellText(r[i] ?? ''), s.size));
    return Math.min(w + pad * 2, p.width / 3);
  });
  const rest = p.width - fixed.reduce((a, x) => a + x, 0);
  const growing = b.columns.filter((c) => c.grow).length;
  return fixed.map((w, i) => (b.columns[i]!.grow ? Math.max(40, rest / Math.max(1, growing)) : w));
}

const measure = (p: Page, font: FontName, text: string, size: number) => p.wrap(text, { font, size, color: INK }, Infinity).reduce((m, l) => Math.max(m, p.doc.font(font).fontSize(size).widthOfString(l)), 0);

/** A table with a header row repeated on every page; rows never split across pages. */
function table(p: Page, b: Extract<DocBlock, { kind: 'table' }>) {
  const s: Style = { font: 'R', size: 8.5, color: INK };
  const head: Style = { font: 'B', size: 8, color: MUTED };
  const pad = 3;
  const widths = columnWidths(p, b, s, head, pad);
  const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, x) => a + x, 0));
  const t = p.group(p.root, 'Table');
  const styleOf = (i: number): Style => (b.columns[i]!.style === 'id' ? { ...s, font: 'M', size: 7.5 } : s);

  const header = (tagged: boolean) => {
    const cells = b.columns.map((c, i) => p.wrap(c.title, head, widths[i]! - pad * 2));
    const h = Math.max(...cells.map((c) => c.length)) * p.lineHeight(head) + pad * 2;
    const y = p.y;
    const draw = (i: number) => () => {
      p.y = y + pad;
      p.lines(cells[i]!, head, xs[i]! + pad, { width: widths[i]! - pad * 2, ...(b.columns[i]!.style === 'number' ? { align: 'right' as const } : {}) });
    };
    if (tagged) {
      const tr = p.group(p.group(t, 'THead'), 'TR');
      b.columns.forEach((_, i) => p.tag(tr, 'TH', undefined, draw(i)));
      tr.end();
    } else p.artifact(() => b.columns.forEach((_, i) => draw(i)()));
    p.y = y + h;
    p.artifact(() => p.doc.moveTo(MARGIN, p.y).lineTo(MARGIN + p.width, p.y).lineWidth(0.8).strokeColor(ACCENT).stroke());
  };
  p.ensure(60);
  header(true);
  const tbody = p.group(t, 'TBody');
  for (const row of b.rows) {
    const cells = row.map((c, i) => p.wrap(cellText(c), styleOf(i), widths[i]! - pad * 2));
    const h = Math.max(...cells.map((c, i) => c.length * p.lineHeight(styleOf(i)))) + pad * 2;
    if (p.y + h > p.bottom) {
      p.newPage();
      // The repeated header is for the eye; the tagged one is read once.
      header(false);
    }
    const y = p.y;
    const tr = p.group(tbody, 'TR');
    row.forEach((c: DocCell, i) => {
      p.y = y + pad;
      p.tag(tr, 'TD', typeof c === 'string' ? undefined : c.lang, () =>
        p.lines(cells[i]!, styleOf(i), xs[i]! + pad, { width: widths[i]! - pad * 2, ...(b.columns[i]!.style === 'number' ? { align: 'right' as const } : {}) }),
      );
    });
    tr.end();
    p.y = y + h;
    p.artifact(() => p.doc.moveTo(MARGIN, p.y).lineTo(MARGIN + p.width, p.y).lineWidth(0.4).strokeColor(RULE).stroke());
  }
  tbody.end();
  t.end();
  p.y += 8;
}

/** A bar chart read as a table (label, figure); the bars themselves are drawn as artifacts. */
function bars(p: Page, b: Extract<DocBlock, { kind: 'bars' }>) {
  const s: Style = { font: 'R', size: 9, color: INK };
  const cap: Style = { font: 'B', size: 10, color: INK };
  const labelW = Math.round(p.width * 0.32);
  const valueW = 60;
  const barX = MARGIN + labelW + 6;
  const barW = p.width - labelW - valueW - 12;
  p.ensure(p.lineHeight(cap) + p.lineHeight(s) * Math.min(3, b.bars.length));
  const fig = p.group(p.root, 'Figure');
  p.tag(fig, 'Caption', undefined, () => p.lines(p.wrap(b.caption, cap, p.width), cap, MARGIN));
  p.y += 3;
  const t = p.group(fig, 'Table');
  for (const bar of b.bars) {
    const label = p.wrap(bar.label, s, labelW);
    const h = label.length * p.lineHeight(s) + 4;
    p.ensure(h);
    const y = p.y;
    const tr = p.group(t, 'TR');
    p.tag(tr, 'TH', bar.lang, () => p.lines(label, s, MARGIN));
    const share = b.max > 0 ? Math.max(0, Math.min(1, bar.value / b.max)) : 0;
    p.artifact(() => p.doc.rect(barX, y + 1.5, Math.max(0.5, barW * share), s.size * 0.9).fill(ACCENT));
    p.y = y;
    p.tag(tr, 'TD', undefined, () => p.lines([bar.display], s, MARGIN + p.width - valueW, { width: valueW, align: 'right' }));
    tr.end();
    p.y = y + h;
  }
  t.end();
  fig.end();
  p.y += 8;
}

/** Page numbers and the colophon on every page, drawn once all pages exist. */
function footers(doc: Doc, d: DocModel, width: number) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const keep = doc.page.margins.bottom;
    // Writing inside the bottom margin must not push a new page.
    doc.page.margins.bottom = 0;
    const y = doc.page.height - MARGIN + 6;
    doc.markContent('Artifact', { type: 'Pagination' });
    doc.moveTo(MARGIN, y - 6).lineTo(MARGIN + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font('R').fontSize(7.5).fillColor(MUTED);
    doc.text(d.colophon, MARGIN, y, { width: width * 0.75, lineBreak: false });
    doc.text(d.labels.page(i + 1, range.count), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.endMarkedContent();
    doc.page.margins.bottom = keep;
  }
}
