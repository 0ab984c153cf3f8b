/**
 * PDF with DejaVu Sans embedded (subset), which has every Kazakh Cyrillic letter
 * (ә ғ қ ң ө ұ ү һ і): viewers never substitute a font that lacks them.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import PDFDocument from 'pdfkit';
import type { Compilation } from '../../../common/compilation.contract';
import { documentModel, type DocModel } from './document';

const require = createRequire(import.meta.url);
let fonts: { regular: Buffer; bold: Buffer } | undefined;
/** Read once per process (or render thread); 1.4 MB of font data. */
function loadFonts() {
  fonts ??= {
    regular: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans.ttf')),
    bold: readFileSync(require.resolve('dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf')),
  };
  return fonts;
}

const INK = '#1b1f24';
const ACCENT = '#1f4e79';
const MUTED = '#5b6470';
const RULE = '#c9d1da';
const ZEBRA = '#f2f5f8';
const MARGIN = 56;

type Doc = PDFKit.PDFDocument;

export function renderPdf(c: Compilation): Promise<Buffer> {
  const d = documentModel(c);
  const { regular, bold } = loadFonts();
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN + 14, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: d.lang,
    displayTitle: true,
    info: { Title: `${d.title}: ${d.subtitle}`, Creator: 'Birge', Producer: 'Birge', CreationDate: d.date, ModDate: d.date },
  });
  doc.registerFont('R', regular);
  doc.registerFont('B', bold);
  const chunks: Buffer[] = [];
  doc.on('data', (b: Buffer) => chunks.push(b));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const width = doc.page.width - MARGIN * 2;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const ensure = (space: number) => {
    if (doc.y + space > bottom()) doc.addPage();
  };
  const heading = (text: string, size: number, gapBefore = 14) => {
    ensure(size * 4);
    doc.y += gapBefore;
    doc.font('B').fontSize(size).fillColor(ACCENT).text(text, MARGIN, doc.y, { width });
    doc.moveDown(0.4);
  };

  // Title block
  doc.font('B').fontSize(20).fillColor(ACCENT).text(d.title, MARGIN, MARGIN, { width });
  doc.moveDown(0.2);
  doc.font('R').fontSize(12).fillColor(INK).text(d.subtitle, { width });
  doc.moveDown(0.6);
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(1.5).strokeColor(ACCENT).stroke();
  doc.moveDown(0.8);

  factsTable(doc, d.facts, width);
  heading(d.labels.figures, 13);
  factsTable(doc, d.figures, width);

  heading(d.labels.recommendations, 15, 20);
  if (!c.recommendations.length) doc.font('R').fontSize(10).fillColor(MUTED).text(d.labels.none, { width });
  for (const section of d.sections) {
    if (section.heading) heading(section.heading, 12);
    for (const it of section.items) recommendation(doc, d, it, width, ensure);
  }

  heading(d.labels.topQuestions, 15, 20);
  if (!d.topQuestions.length) doc.font('R').fontSize(10).fillColor(MUTED).text(d.labels.none, { width });
  for (const q of d.topQuestions) {
    ensure(30);
    const y = doc.y;
    doc.font('B').fontSize(10).fillColor(ACCENT).text(`${q.rank}.`, MARGIN, y, { width: 24 });
    doc.font('R').fontSize(10).fillColor(INK).text(q.text, MARGIN + 24, y, { width: width - 24 });
    doc.font('R').fontSize(8.5).fillColor(MUTED).text(`${d.labels.votes}: ${q.votes}`, MARGIN + 24, doc.y, { width: width - 24 });
    doc.moveDown(0.5);
  }

  doc.addPage();
  heading(d.labels.annex, 15, 0);
  doc.font('R').fontSize(9).fillColor(MUTED).text(d.labels.annexNote, { width });
  doc.moveDown(0.6);
  for (const a of d.annex) {
    ensure(24);
    doc
      .font('B')
      .fontSize(8)
      .fillColor(MUTED)
      .text(`${a.id}  ·  ${d.labels.group}${a.group}  ·  ${a.lang}  ·  ${a.origin}  ·  ${d.labels.support}: ${a.endorsements + a.questionVotes}`, MARGIN, doc.y, { width });
    doc.font('R').fontSize(9).fillColor(INK).text(a.text, MARGIN, doc.y, { width });
    doc.moveDown(0.45);
  }

  footers(doc, d, width);
  doc.end();
  return done;
}

/** Two-column label/value table with zebra rows; rows never split across pages. */
function factsTable(doc: Doc, rows: [string, string][], width: number) {
  const keyW = Math.round(width * 0.36);
  const pad = 4;
  doc.fontSize(9.5);
  rows.forEach(([k, v], i) => {
    const h = Math.max(doc.font('B').heightOfString(k, { width: keyW - pad * 2 }), doc.font('R').heightOfString(v, { width: width - keyW - pad * 2 })) + pad * 2;
    if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
    const y = doc.y;
    if (i % 2 === 0) doc.rect(MARGIN, y, width, h).fill(ZEBRA);
    doc.font('B').fillColor(MUTED).text(k, MARGIN + pad, y + pad, { width: keyW - pad * 2 });
    doc.font('R').fillColor(INK).text(v, MARGIN + keyW + pad, y + pad, { width: width - keyW - pad * 2 });
    doc.y = y + h;
  });
  doc.moveTo(MARGIN, doc.y).lineTo(MARGIN + width, doc.y).lineWidth(0.5).strokeColor(RULE).stroke();
  doc.x = MARGIN;
  doc.moveDown(0.5);
}

function recommendation(doc: Doc, d: DocModel, it: DocModel['sections'][number]['items'][number], width: number, ensure: (n: number) => void) {
  const L = d.labels;
  const indent = 30;
  ensure(48);
  const y = doc.y;
  doc.font('B').fontSize(11).fillColor(ACCENT).text(`${it.number}.`, MARGIN, y, { width: indent });
  doc.font('R').fontSize(11).fillColor(INK).text(it.text, MARGIN + indent, y, { width: width - indent });
  doc.moveDown(0.15);
  const meta = [
    ...(d.sections.length === 1 && !d.sections[0]!.heading ? [`${L.addressee}: ${it.addressee ?? L.notSpecified}`] : []),
    `${L.support}: ${it.support}`,
    `${L.sources} (${it.sources.length}): ${it.sources.join(', ')}`,
  ];
  doc.font('R').fontSize(8.5).fillColor(MUTED).text(meta.join('\n'), MARGIN + indent, doc.y, { width: width - indent });
  for (const a of it.answers) doc.font('R').fontSize(9).fillColor(INK).text(`${L.answer}: ${a}`, MARGIN + indent, doc.y, { width: width - indent });
  doc.moveDown(0.7);
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
    doc.moveTo(MARGIN, y - 6).lineTo(MARGIN + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    doc.font('R').fontSize(7.5).fillColor(MUTED);
    doc.text(d.colophon, MARGIN, y, { width: width * 0.75, lineBreak: false });
    doc.text(d.labels.page(i + 1, range.count), MARGIN, y, { width, align: 'right', lineBreak: false });
    doc.page.margins.bottom = keep;
  }
}
