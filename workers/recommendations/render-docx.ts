/**
 * DOCX for editing in Word or LibreOffice: real heading styles, a numbered list, tables,
 * page numbers and the opinion-group map as a native chart, written directly as
 * WordprocessingML. A document object model (the `docx` package) costs several times the
 * time and about 100 MB more memory for a session of 2,000 items; the XML here is a few
 * string templates, and element order inside every property block follows the schema, as
 * Word requires.
 */
import type { Lang } from '../../common/base';
import { cellText, textBar, type DocBlock, type DocModel } from './document';
import { CHART_CONTENT_TYPE, CHART_REL_TYPE, mapChartParagraph, mapChartPart, WP_NAMESPACE } from './docx-chart';
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
    // eslint-disable-next-line no-control-regex -- XML 1.0 forbids these characters
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
  /** The text's own language, when it is not the document's. */
  lang?: Lang;
}

const WORD_LANG: Record<Lang, string> = { kk: 'kk-KZ', ru: 'ru-RU', en: 'en-GB' };

/** A run; line breaks inside the text become <w:br/>. */
function run(text: string, s: RunStyle = {}): string {
  const props = `${s.bold ? '<w:b/><w:bCs/>' : ''}${s.color ? `<w:color w:val="${s.color}"/>` : ''}${s.size ? `<w:sz w:val="${s.size}"/><w:szCs w:val="${s.size}"/>` : ''}${s.lang ? `<w:lang w:val="${WORD_LANG[s.lang]}"/>` : ''}`;
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

const TABLE_PROPS =
  '<w:tblBorders><w:bottom w:val="single" w:sz="4" w:space="0" w:color="C9D1DA"/><w:insideH w:val="single" w:sz="2" w:space="0" w:color="C9D1DA"/></w:tblBorders>' +
  '<w:tblCellMar><w:top w:w="40" w:type="dxa"/><w:left w:w="80" w:type="dxa"/><w:bottom w:w="40" w:type="dxa"/><w:right w:w="80" w:type="dxa"/></w:tblCellMar>' +
  '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0" w:noHBand="1" w:noVBand="1"/>';
/** Text width of an A4 page with 2 cm margins, in twentieths of a point. */
const TEXT_WIDTH = 9638;

const tc = (content: string, width: number, o: { shade?: string; align?: 'right' } = {}) =>
  `<w:tc><w:tcPr><w:tcW w:w="${width}" w:type="dxa"/>${o.shade ? `<w:shd w:val="clear" w:color="auto" w:fill="${o.shade}"/>` : ''}</w:tcPr>${para(content, { after: 0, ...(o.align ? { align: o.align } : {}) })}</w:tc>`;

/** A table; widths in twentieths of a point; a header row repeats on every page; rows never split. */
function tbl(widths: number[], rows: string[], header?: string): string {
  const grid = widths.map((w) => `<w:gridCol w:w="${w}"/>`).join('');
  const head = header ? `<w:tr><w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>${header}</w:tr>` : '';
  return `<w:tbl><w:tblPr><w:tblW w:w="${TEXT_WIDTH}" w:type="dxa"/>${TABLE_PROPS}</w:tblPr><w:tblGrid>${grid}</w:tblGrid>${head}${rows.map((r) => `<w:tr><w:trPr><w:cantSplit/></w:trPr>${r}</w:tr>`).join('')}</w:tbl>`;
}

/** Two-column label/value table with zebra rows. */
function factsTable(rows: [string, string][]): string {
  const kw = Math.round(TEXT_WIDTH * 0.36);
  return tbl(
    [kw, TEXT_WIDTH - kw],
    rows.map(([k, v], i) => tc(run(k, { bold: true, color: MUTED }), kw, i % 2 === 0 ? { shade: ZEBRA } : {}) + tc(run(v), TEXT_WIDTH - kw, i % 2 === 0 ? { shade: ZEBRA } : {})),
  );
}

const heading = (level: 1 | 2 | 3, text: string, pageBreakBefore = false) => para(run(text), { style: `Heading${level}`, pageBreakBefore });

/** Each ordered list gets its own numbering instance, so every list shows its own numbers. */
interface Lists {
  next: number;
  instances: string[];
}

function list(b: Extract<DocBlock, { kind: 'list' }>, lists: Lists): string[] {
  const numId = lists.next++;
  lists.instances.push(
    `<w:num w:numId="${numId}"><w:abstractNumId w:val="${b.ordered ? 0 : 1}"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="${b.items[0]?.number ?? 1}"/></w:lvlOverride></w:num>`,
  );
  return b.items.flatMap((it) => [
    para((it.lead ? `${run(it.lead, { bold: true, color: MUTED, size: 15 })}<w:r><w:br/></w:r>` : '') + run(it.text, { lang: it.lang, ...(it.lead ? { size: 18 } : {}) }), { numId, before: it.lead ? 60 : 120, after: 40, keepLines: true }),
    ...(it.notes?.length ? [para(run(it.notes.map((n) => n.text).join('\n'), { color: MUTED, size: 17 }), { indent: 426, after: 0 })] : []),
  ]);
}

function table(b: Extract<DocBlock, { kind: 'table' }>): string {
  // Fixed columns share a quarter of the width by their titles' length; the growing one gets the rest.
  const fixed = b.columns.map((c) => (c.grow ? 0 : Math.max(700, Math.min(1800, 120 * c.title.length + 200))));
  const rest = TEXT_WIDTH - fixed.reduce((a, x) => a + x, 0);
  const growing = Math.max(1, b.columns.filter((c) => c.grow).length);
  const widths = fixed.map((w, i) => (b.columns[i]!.grow ? Math.round(rest / growing) : w));
  const align = (i: number) => (b.columns[i]!.style === 'number' ? { align: 'right' as const } : {});
  const header = b.columns.map((c, i) => tc(run(c.title, { bold: true, color: MUTED, size: 16 }), widths[i]!, align(i))).join('');
  const rows = b.rows.map((r) => r.map((c, i) => tc(run(cellText(c), { size: 17, lang: typeof c === 'string' ? undefined : c.lang }), widths[i]!, align(i))).join(''));
  return tbl(widths, rows, header);
}

/** A bar chart as a table: label, the bar (block characters in the accent colour), the figure. */
function bars(b: Extract<DocBlock, { kind: 'bars' }>): string {
  const lw = Math.round(TEXT_WIDTH * 0.32);
  const vw = 1200;
  const rows = b.bars.map((x) => tc(run(x.label, { lang: x.lang }), lw) + tc(run(textBar(b.max > 0 ? x.value / b.max : 0), { color: ACCENT }), TEXT_WIDTH - lw - vw) + tc(run(x.display), vw, { align: 'right' }));
  return para(run(b.caption, { bold: true }), { before: 120, after: 60 }) + tbl([lw, TEXT_WIDTH - lw - vw, vw], rows);
}

/** Chart parts made while writing the body, in order: chart n is `word/charts/chart<n>.xml`. */
type Charts = string[];
/** Relationship ids 1–3 are styles, numbering and the footer. */
const chartRel = (n: number) => `rId${3 + n}`;
/** Twentieths of a point to EMU. */
const EMU_PER_TWIP = 635;

function body(d: DocModel, lists: Lists, charts: Charts): string {
  const out: string[] = [para(run(d.title), { style: 'Title' }), para(run(d.subtitle, { size: 26 }), { after: 200 })];
  for (const b of d.blocks) {
    switch (b.kind) {
      case 'heading':
        out.push(heading(b.level, b.text, b.newPage));
        break;
      case 'paragraph':
        out.push(para(run(b.text, { lang: b.lang, ...(b.muted ? { color: MUTED, size: 18 } : {}) }), { after: 160 }));
        break;
      case 'facts':
        out.push(factsTable(b.rows));
        break;
      case 'list':
        out.push(...list(b, lists));
        break;
      case 'table':
        out.push(table(b));
        break;
      case 'bars':
        out.push(bars(b));
        break;
      case 'map': {
        // A native chart, as the PDF draws it; the legend is repeated as text for readers of the text alone.
        charts.push(mapChartPart(b, esc));
        const n = charts.length;
        out.push(
          para(run(b.caption, { bold: true }), { before: 120, after: 60 }),
          mapChartParagraph(n, chartRel(n), TEXT_WIDTH * EMU_PER_TWIP, `${b.caption}: ${b.groups.map((g) => g.caption).join('; ')}`, esc),
          ...b.groups.map((g) => para(run(g.caption), { after: 20 })),
        );
        break;
      }
    }
  }
  return out.join('');
}

const styles = (lang: Lang) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles ${W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="${FONT}" w:hAnsi="${FONT}" w:eastAsia="${FONT}" w:cs="${FONT}"/><w:sz w:val="21"/><w:szCs w:val="21"/><w:lang w:val="${WORD_LANG[lang]}"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:spacing w:after="80"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="40"/><w:szCs w:val="40"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="360" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="30"/><w:szCs w:val="30"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="100"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="24"/><w:szCs w:val="24"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before="200" w:after="80"/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:style>
</w:styles>`;

// Two kinds of list (numbered, bulleted); each list is an instance starting at its first item's number.
const numLevel = (fmt: string, text: string) =>
  `<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="426" w:hanging="426"/></w:pPr><w:rPr><w:b/><w:bCs/><w:color w:val="${ACCENT}"/></w:rPr></w:lvl>`;
const numbering = (instances: string[]) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering ${W}><w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="singleLevel"/>${numLevel('decimal', '%1.')}</w:abstractNum><w:abstractNum w:abstractNumId="1"><w:multiLevelType w:val="singleLevel"/>${numLevel('bullet', '•')}</w:abstractNum>${instances.join('')}</w:numbering>`;

const footer = (colophon: string) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr ${W}>${para(
  `${run(`${colophon}    `, { color: MUTED, size: 15 })}<w:fldSimple w:instr=" PAGE ">${run('1', { color: MUTED, size: 15 })}</w:fldSimple>${run(' / ', { color: MUTED, size: 15 })}<w:fldSimple w:instr=" NUMPAGES ">${run('1', { color: MUTED, size: 15 })}</w:fldSimple>`,
  { align: 'right', after: 0 },
)}</w:ftr>`;

const contentTypes = (charts: number) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/>${chartNumbers(charts).map((n) => `<Override PartName="/word/charts/chart${n}.xml" ContentType="${CHART_CONTENT_TYPE}"/>`).join('')}<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`;

const chartNumbers = (charts: number) => Array.from({ length: charts }, (_, i) => i + 1);

const ROOT_RELS = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>`;

const documentRels = (charts: number) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/>${chartNumbers(charts).map((n) => `<Relationship Id="${chartRel(n)}" Type="${CHART_REL_TYPE}" Target="charts/chart${n}.xml"/>`).join('')}</Relationships>`;

const core = (title: string, date: Date) => `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>${esc(title)}</dc:title><dc:creator>Birge</dc:creator><dcterms:created xsi:type="dcterms:W3CDTF">${date.toISOString().replace(/\.\d{3}Z$/, 'Z')}</dcterms:created></cp:coreProperties>`;

const APP = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Application>Birge</Application></Properties>`;

// ZIP stores local time fields; a local date keeps the bytes the same in every time zone.
const FIXED_MTIME = new Date(1980, 0, 2);

export function renderDocx(d: DocModel): Buffer {
  const lists: Lists = { next: 1, instances: [] };
  const charts: Charts = [];
  // A4, 2 cm margins.
  const section = '<w:sectPr><w:footerReference w:type="default" r:id="rId3"/><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="567" w:footer="567" w:gutter="0"/></w:sectPr>';
  const document = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document ${W} ${WP_NAMESPACE}><w:body>${body(d, lists, charts)}${section}</w:body></w:document>`;
  const files: Record<string, string> = {
    '[Content_Types].xml': contentTypes(charts.length),
    '_rels/.rels': ROOT_RELS,
    'docProps/core.xml': core(`${d.title}: ${d.subtitle}`, d.date),
    'docProps/app.xml': APP,
    'word/document.xml': document,
    'word/_rels/document.xml.rels': documentRels(charts.length),
    'word/styles.xml': styles(d.lang),
    'word/numbering.xml': numbering(lists.instances),
    'word/footer1.xml': footer(d.colophon),
    ...Object.fromEntries(charts.map((xml, i) => [`word/charts/chart${i + 1}.xml`, xml])),
  };
  // A fixed timestamp makes the same content the same bytes (mtime would otherwise be now).
  const entries: Zippable = {};
  for (const [name, xml] of Object.entries(files)) entries[name] = [strToU8(xml), { mtime: FIXED_MTIME }];
  return Buffer.from(zipSync(entries, { level: 6 }));
}
