/**
 * Candidate for bench:pdf-engines: pdf-lib with fontkit, laid out here (pdf-lib draws
 * positioned lines and shapes; breaking lines and pages is the caller's work), line
 * breaking with cached word widths. pdf-lib has no API for structure tags or an
 * outline: this output is untagged and has no bookmarks, and giving it either would
 * mean writing those PDF objects by hand.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { DocBlock, DocModel } from '../../workers/recommendations/document';

const require = createRequire(import.meta.url);
const font = (f: string) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${f}`));
const hex = (h: string) => rgb(parseInt(h.slice(1, 3), 16) / 255, parseInt(h.slice(3, 5), 16) / 255, parseInt(h.slice(5, 7), 16) / 255);
const INK = hex('#1b1f24');
const ACCENT = hex('#1f4e79');
const MUTED = hex('#5b6470');
const ZEBRA = hex('#f2f5f8');
const MARGIN = 56;
const W = 595.28;
const H = 841.89;

export async function renderPdf(d: DocModel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const R = await pdf.embedFont(font('DejaVuSans.ttf'), { subset: true });
  const B = await pdf.embedFont(font('DejaVuSans-Bold.ttf'), { subset: true });
  pdf.setTitle(`${d.title}: ${d.subtitle}`);
  pdf.setLanguage(d.lang);
  pdf.setCreationDate(d.date);
  const widths = new Map<string, number>();
  const width = (f: PDFFont, word: string, size: number) => {
    const key = (f === B ? 'B' : 'R') + word;
    let w = widths.get(key);
    if (w === undefined) widths.set(key, (w = f.widthOfTextAtSize(word, 1000)));
    return (w * size) / 1000;
  };
  const wrap = (text: string, f: PDFFont, size: number, max: number) => {
    const out: string[] = [];
    const space = width(f, ' ', size);
    for (const para of text.split(/\r?\n/)) {
      let line = '';
      let used = 0;
      for (const word of para.split(/\s+/)) {
        if (!word) continue;
        const w = width(f, word, size);
        if (line && used + space + w <= max) {
          line += ` ${word}`;
          used += space + w;
        } else {
          if (line) out.push(line);
          line = word;
          used = w;
        }
      }
      out.push(line);
    }
    return out;
  };

  let page: PDFPage = pdf.addPage([W, H]);
  let y = H - MARGIN;
  const bottom = MARGIN + 14;
  const text = (lines: string[], f: PDFFont, size: number, x: number, color = INK) => {
    for (const l of lines) {
      if (y - size * 1.22 < bottom) {
        page = pdf.addPage([W, H]);
        y = H - MARGIN;
      }
      y -= size * 1.22;
      page.drawText(l, { x, y: y + size * 0.25, size, font: f, color });
    }
  };
  const ensure = (h: number) => {
    if (y - h < bottom) {
      page = pdf.addPage([W, H]);
      y = H - MARGIN;
    }
  };
  const width0 = W - MARGIN * 2;
  text(wrap(d.title, B, 20, width0), B, 20, MARGIN, ACCENT);
  text(wrap(d.subtitle, R, 12, width0), R, 12, MARGIN);
  y -= 12;
  const block = (b: DocBlock) => {
    switch (b.kind) {
      case 'heading':
        if (b.newPage) {
          page = pdf.addPage([W, H]);
          y = H - MARGIN;
        } else y -= 12;
        ensure(60);
        return text(wrap(b.text, B, b.level === 1 ? 15 : 12.5, width0), B, b.level === 1 ? 15 : 12.5, MARGIN, ACCENT);
      case 'paragraph':
        return text(wrap(b.text, R, b.muted ? 9 : 10.5, width0), R, b.muted ? 9 : 10.5, MARGIN, b.muted ? MUTED : INK);
      case 'facts':
        b.rows.forEach(([k, v], i) => {
          const kl = wrap(k, B, 9.5, width0 * 0.36 - 8);
          const vl = wrap(v, R, 9.5, width0 * 0.64 - 8);
          const h = Math.max(kl.length, vl.length) * 9.5 * 1.22 + 8;
          ensure(h);
          if (i % 2 === 0) page.drawRectangle({ x: MARGIN, y: y - h, width: width0, height: h, color: ZEBRA });
          const top = y;
          y -= 4;
          text(kl, B, 9.5, MARGIN + 4, MUTED);
          y = top - 4;
          text(vl, R, 9.5, MARGIN + width0 * 0.36 + 4);
          y = top - h;
        });
        y -= 8;
        return;
      case 'list':
        for (const it of b.items) {
          const small = it.lead !== undefined;
          const size = small ? 9 : 10.5;
          const lines = wrap(it.text, R, size, width0 - 34);
          ensure(size * 1.22 * Math.min(2, lines.length) + 12);
          const top = y;
          text([b.ordered ? `${it.number ?? ''}.` : '•'], B, size, MARGIN, ACCENT);
          y = top;
          if (it.lead) text(wrap(it.lead, B, 8, width0 - 34), B, 8, MARGIN + 34, MUTED);
          text(lines, R, size, MARGIN + 34);
          for (const n of it.notes ?? []) text(wrap(n.text, R, 8.5, width0 - 34), R, 8.5, MARGIN + 34, MUTED);
          y -= small ? 5 : 8;
        }
        return;
      case 'table':
        for (const r of b.rows) text(wrap(r.map((c) => (typeof c === 'string' ? c : c.text)).join('  ·  '), R, 8.5, width0), R, 8.5, MARGIN);
        return;
      case 'bars': {
        text(wrap(b.caption, B, 10, width0), B, 10, MARGIN);
        for (const bar of b.bars) {
          ensure(14);
          const top = y;
          text(wrap(bar.label, R, 9, width0 * 0.32), R, 9, MARGIN);
          const share = b.max > 0 ? Math.max(0, Math.min(1, bar.value / b.max)) : 0;
          page.drawRectangle({ x: MARGIN + width0 * 0.32 + 6, y: top - 10, width: Math.max(0.5, (width0 * 0.68 - 72) * share), height: 8, color: ACCENT });
          page.drawText(bar.display, { x: MARGIN + width0 - width(R, bar.display, 9), y: top - 9, size: 9, font: R, color: INK });
          y = Math.min(y, top - 13);
        }
        return;
      }
    }
  };
  for (const b of d.blocks) block(b);
  const pages = pdf.getPages();
  pages.forEach((p, i) => {
    p.drawText(d.colophon, { x: MARGIN, y: MARGIN - 12, size: 7.5, font: R, color: MUTED });
    const label = d.labels.page(i + 1, pages.length);
    p.drawText(label, { x: W - MARGIN - width(R, label, 7.5), y: MARGIN - 12, size: 7.5, font: R, color: MUTED });
  });
  return pdf.save({ useObjectStreams: false });
}
