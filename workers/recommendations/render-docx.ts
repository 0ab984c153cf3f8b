/**
 * DOCX for editing in Word or LibreOffice: real heading styles, a numbered list, tables
 * and page numbers, written directly as WordprocessingML. A document object model
 * (the `docx` package) costs several times the time and about 100 MB more memory for
 * a session of 2,000 items; the XML here is a few string templates, and element order
 * inside every property block follows the schema, as Word requires.
 */
import type { Compilation } from '../../common/recs.contract';
import { documentModel, type DocModel } from './document';
import { strToU8, zipSync, type Zippable } from 'fflate';

const ACCENT = '1F4E79';
const MUTED = '5B6470';
const ZEBRA = 'F2F5F8';
// Arial and its metric twin Liberation Sans both cover Kazakh Cyrillic; DOCX does not embed fonts.
const FONT = 'Arial';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** Text content of an element: escaped, and characters XML 1.0 cannot carry dropped. */
function esc(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

interface RunStyle {
  bold?: boolean;
  color?: string;
  /** half-points */
  size?: number;
}

/** A run; line breaks inside the text become <w:br/>. */
function run(text: string, s: RunStyle = {}): string {
  const props = `${s.bold ? '<w:b/><w:bCs/>' : ''}${s.color ? `<w:color w:val="${s.color}"/>` : ''}${s.size ? `<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>` : ''}`;
  const body = text
    .split(/\r?\n/)
    .map((line) => `<w:t xml:space="preserve">${esc(line)}</w:t>`)
    .join('<w:br/>');
  return `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}${body}</w:r>`;
}

interface ParaStyle {
  style?: string;
  keepLines?: boolean;
  pageBreakBefore?: boolean;
  numId?: number;
  /** twentieths of a point */
  after?: number;
  before?: number;
  indent?: number;
  align?: 'right';
}

function para(runs: string, p: ParaStyle = {}): string {
  const props =
    (p.style ? `<w:pStyle w:val="${p.style}"/>` : '') +
    (p.keepLines ? '<w:keepLines/>' : '') +
    (p.pageBreakBefore ? '<w:pageBreakBefore/>' : '') +
    (p.numId ? `<w:numPr><w:ilvl w:val="0"/><w:numId w:val="${p.numId}"/></w:numPr>` : '') +
    (p.after !== undefined || p.before !== undefined ? `<w:spacing${p.before !== undefined ? ` w:before="${p.before}"` : ''}${p.after !== undefined ? ` w:after="${p.after}"` : ''}/>` : '') +
    (p.indent ? `<w:ind w:left="${p.indent}"/>` : '') +
    (p.align ? `<w:jc w:val="${p.align}"/>` : '');
  return `<w:p>${props ? `<w:pPr>${props}</w:pPr>` : ''}${runs}</w:p>`;
}

/** Two-column label/value table with zebra rows; rows never split across pages. */
function factsTable(rows: [string, string][]): string {
  const cell = (content: string, width: number, shade: boolean) =>
    `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="pct"/>${shade ? `<w:shd w:val="clear" w:color="auto" w:fill="${ZEBRA}"/>` : ''}</w:tcPr>${para(content, { after: 0 })}</w:tc>`;
  const trs = rows
    .map(([k, v], i) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${cell(run(k, { bold: true, color: MUTED }), 1800, i % 2 === 0)}${cell(run(v), 3200, i % 2 === 0)}</w:tr>`)
    .join('');
  return (
    '<w:tbl><w:tblPr><w:tblW w:w="5000" w:type="pct"/>' +
    '<w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="C9D1DA"/></w:tblBorders>' +
    '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
    '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/></w:tblPr>' +
    `<w:tblGrid><w:gridCol w:w="3470"/><w:gridCol w:w="6168"/></w:tblGrid>${trs}</w:tbl>`
  );
}

const heading = (level: 1 | 2, text: string, pageBreakBefore = false) => para(run(text), { style: `Heading${level}`, pageBreakBefore });

function body(d: DocModel, c: Compilation): string {
  const L = d.labels;
  const out: string[] = [para(run(d.title), { style: 'Title' }), para(run(d.subtitle, { size: 26 }), { after: 200 }), factsTable(d.facts)];
  out.push(heading(2, L.figures), factsTable(d.figures), heading(1, L.recommendations));
  if (!c.recommendations.length) out.push(para(run(L.none, { color: MUTED })));
  for (const section of d.sections) {
    if (section.heading) out.push(heading(2, section.heading));
    for (const it of section.items) {
      out.push(para(run(it.text), { numId: 1, before: 120, after: 40 }));
      const meta = [
        ...(section.heading ? [] : [`${L.addressee}: ${it.addressee ?? L.notSpecified}`]),
        `${L.support}: ${it.support}`,
        `${L.sources} (${it.sources.length}): ${it.sources.join(', ')}`,
        ...it.answers.map((a) => `${L.answer}: ${a}`),
      ];
      out.push(para(run(meta.join('\n'), { color: MUTED, size: 17 }), { indent: 426, after: 0 }));
    }
  }
  out.push(heading(1, L.topQuestions));
  if (!d.topQuestions.length) out.push(para(run(L.none, { color: MUTED })));
  for (const q of d.topQuestions) out.push(para(run(q.text) + run(`  (${L.votes}: ${q.votes})`, { color: MUTED, size: 17 }), { numId: 2 }));
  out.push(heading(1, L.annex, true), para(run(L.annexNote, { color: MUTED, size: 18 }), { after: 160 }));
  for (const a of d.annex) {
    const meta = `${a.id}  ·  ${L.group}${a.group}  ·  ${a.lang}  ·  ${a.origin}  ·  ${L.support}: ${a.endorsements + a.questionVotes}`;
    out.push(para(run(meta, { bold: true, color: MUTED, size: 15 }) + run(`\n${a.text}`, { size: 18 }), { keepLines: true, after: 80 }));
  }
  return out.join('');
}

const STYLES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="ru-RU"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
</w:styles>`;

// Two lists (recommendations, questions), each counting from 1.
const level = `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="426" w:hanging="426"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/></w:rPr></w:lvl>`;
const NUMBERING = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>${level}</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>${level}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num></w:numbering>`;

const footer = (colophon: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr ${W}>${para(
  `${run(`${colophon}    `, { color: MUTED, size: 15 })}<w:fldSimple w:instr=" PAGE ">${run('1', { color: MUTED, size: 15 })}</w:fldSimple>${run(' / ', { color: MUTED, size: 15 })}<w:fldSimple w:instr=" NUMPAGES ">${run('1', { color: MUTED, size: 15 })}</w:fldSimple>`,
  { align: 'right', after: 0 },
)}</w:ftr>`;

const CONTENT_TYPES = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const DOCUMENT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>`;

const core = (title: string, date: Date) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(title)}</dc:title><dc:creator>Birge</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</dcterms:created></cp:coreProperties>`;

const APP = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Birge</Application></Properties>`;

// ZIP stores local time fields; a local date keeps the bytes the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 2);

export async function renderDocx(c: Compilation): Promise<Buffer> {
  const d = documentModel(c);
  // A4, 2 cm margins.
  const section = '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W}><w:body>${body(d, c)}${section}</w:body></w:document>`;
  const files: Record<string, string> = {
    '[Content_Types].xml': CONTENT_TYPES,
    '_rels/.rels': ROOT_RELS,
    'docProps/core.xml': core(`${d.title}: ${d.subtitle}`, d.date),
    'docProps/app.xml': APP,
    'word/document.xml': document,
    'word/_rels/document.xml.rels': DOCUMENT_RELS,
    'word/styles.xml': STYLES,
    'word/numbering.xml': NUMBERING,
    'word/footer1.xml': footer(d.colophon),
  };
  // A fixed timestamp makes the same content the same bytes (mtime would otherwise be now).
  const entries: Zippable = {};
  for (const [name, xml] of Object.entries(files)) entries[name] = [strToU8(xml), { mtime: FIXED_MTIME }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}
