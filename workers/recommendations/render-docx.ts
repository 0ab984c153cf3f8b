/** DOCX for editing in Word or LibreOffice: real headings, a numbered list and tables. */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Footer,
  HeadingLevel,
  LevelFormat,
  Packer,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from 'docx';
import type { Compilation } from '../../common/recs.contract';
import { documentModel, type DocModel } from './document';

const ACCENT = '1F4E79';
const MUTED = '5B6470';
const ZEBRA = 'F2F5F8';
// Arial and its metric twin Liberation Sans both cover Kazakh Cyrillic; DOCX does not embed fonts.
const FONT = 'Arial';

const p = (text: string, opts: { bold?: boolean; size?: number; color?: string; after?: number } = {}) =>
  new Paragraph({
    spacing: { after: opts.after ?? 60 },
    children: [new TextRun({ text, bold: opts.bold, size: opts.size, color: opts.color })],
  });

const cell = (children: Paragraph[], shade: boolean, widthPct: number) =>
  new TableCell({
    width: { size: widthPct, type: WidthType.PERCENTAGE },
    shading: shade ? { type: ShadingType.CLEAR, fill: ZEBRA, color: 'auto' } : undefined,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    children,
  });

const noBorders = {
  top: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  bottom: { style: BorderStyle.SINGLE, size: 4, color: 'C9D1DA' },
  left: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  right: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideHorizontal: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
  insideVertical: { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' },
};

function factsTable(rows: [string, string][]) {
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: noBorders,
    rows: rows.map(
      ([k, v], i) => new TableRow({ cantSplit: true, children: [cell([p(k, { bold: true, color: MUTED, after: 0 })], i % 2 === 0, 36), cell([p(v, { after: 0 })], i % 2 === 0, 64)] }),
    ),
  });
}

/**
 * The annex as one two-line paragraph per item rather than a table: Word handles
 * thousands of paragraphs far better than a table of thousands of rows, and the docx
 * object tree (the cost of rendering) shrinks fivefold.
 */
function annexItems(d: DocModel): Paragraph[] {
  const L = d.labels;
  return d.annex.map(
    (a) =>
      new Paragraph({
        keepLines: true,
        spacing: { after: 80 },
        children: [
          new TextRun({ text: `${a.id}  ·  ${L.group}${a.group}  ·  ${a.lang}  ·  ${a.origin}  ·  ${L.support}: ${a.endorsements + a.questionVotes}`, bold: true, size: 15, color: MUTED }),
          new TextRun({ text: a.text, size: 18, break: 1 }),
        ],
      }),
  );
}

export async function renderDocx(c: Compilation): Promise<Buffer> {
  const d = documentModel(c);
  const L = d.labels;
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.TITLE, children: [new TextRun({ text: d.title })] }),
    p(d.subtitle, { size: 26, after: 200 }),
    factsTable(d.facts),
    new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(L.figures)] }),
    factsTable(d.figures),
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(L.recommendations)] }),
  ];
  if (!c.recommendations.length) body.push(p(L.none, { color: MUTED }));
  for (const section of d.sections) {
    if (section.heading) body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(section.heading)] }));
    for (const it of section.items) {
      body.push(new Paragraph({ numbering: { reference: 'recs', level: 0 }, spacing: { before: 120, after: 40 }, children: [new TextRun(it.text)] }));
      const meta = [
        ...(section.heading ? [] : [`${L.addressee}: ${it.addressee ?? L.notSpecified}`]),
        `${L.support}: ${it.support}`,
        `${L.sources} (${it.sources.length}): ${it.sources.join(', ')}`,
        ...it.answers.map((a) => `${L.answer}: ${a}`),
      ];
      body.push(
        new Paragraph({
          indent: { left: 426 },
          spacing: { after: 0 },
          children: meta.map((m, i) => new TextRun({ text: m, size: 17, color: MUTED, break: i ? 1 : 0 })),
        }),
      );
    }
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(L.topQuestions)] }));
  if (!d.topQuestions.length) body.push(p(L.none, { color: MUTED }));
  for (const q of d.topQuestions) {
    body.push(
      new Paragraph({
        numbering: { reference: 'questions', level: 0 },
        children: [new TextRun(q.text), new TextRun({ text: `  (${L.votes}: ${q.votes})`, color: MUTED, size: 17 })],
      }),
    );
  }
  body.push(new Paragraph({ heading: HeadingLevel.HEADING_1, pageBreakBefore: true, children: [new TextRun(L.annex)] }));
  body.push(p(L.annexNote, { color: MUTED, size: 18, after: 160 }));
  body.push(...annexItems(d));

  const numbered = (reference: string) => ({
    reference,
    levels: [{ level: 0, format: LevelFormat.DECIMAL, text: '%1.', alignment: AlignmentType.LEFT, style: { paragraph: { indent: { left: 426, hanging: 426 } }, run: { bold: true, color: ACCENT } } }],
  });
  const doc = new Document({
    creator: 'Birge',
    title: `${d.title}: ${d.subtitle}`,
    description: d.colophon,
    styles: {
      default: {
        document: { run: { font: FONT, size: 21 } },
        heading1: { run: { font: FONT, size: 30, bold: true, color: ACCENT }, paragraph: { spacing: { before: 360, after: 120 } } },
        heading2: { run: { font: FONT, size: 24, bold: true, color: ACCENT }, paragraph: { spacing: { before: 240, after: 100 } } },
        title: { run: { font: FONT, size: 40, bold: true, color: ACCENT }, paragraph: { spacing: { after: 80 } } },
      },
    },
    numbering: { config: [numbered('recs'), numbered('questions')] },
    sections: [
      {
        properties: { page: { margin: { top: 1134, bottom: 1134, left: 1134, right: 1134 } } },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: [
                  new TextRun({ text: `${d.colophon}    `, size: 15, color: MUTED }),
                  new TextRun({ children: [PageNumber.CURRENT, ' / ', PageNumber.TOTAL_PAGES], size: 15, color: MUTED }),
                ],
              }),
            ],
          }),
        },
        children: body,
      },
    ],
  });
  return Packer.toBuffer(doc);
}
