/**
 * PDF through Typst, compiled in-process by its Node binding (bench/README.md has the
 * comparison with pdfkit and pdf-lib). Typst tags what it lays out for screen readers
 * (headings, lists, tables, reading order, each text's language), makes the headings
 * bookmarks, and embeds DejaVu Sans (subset), which has every Kazakh letter
 * (ә ғ қ ң ө ұ ү һ і). Only the fonts given here are used: the machine's own fonts never
 * change the output.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
import type { DocModel } from './document';
import { PDF_TEMPLATE } from './pdf.template';

const require = createRequire(import.meta.url);
const FONTS = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVuSansMono.ttf'];
/** A workspace that exists nowhere on disk: the template and its data are in memory, so no file is ever read. */
const ROOT = '/birge-pdf';
const DATA = `${ROOT}/doc.json`;

let compiler: NodeCompiler | undefined;
/** One compiler per process: fonts are parsed once, not per document. */
function typst(): NodeCompiler {
  compiler ??= NodeCompiler.create({ workspace: ROOT, fontArgs: [{ fontBlobs: FONTS.map((f) => readFileSync(require.resolve(`dejavu-fonts-ttf/ttf/${f}`))) }] });
  return compiler;
}

/** The label "page n of m" of the document's language, split around its two numbers. */
function pageLabel(d: DocModel): [string, string, string] {
  const [a = '', rest = ''] = d.labels.page(111_111_111, 222_222_222).split('111111111');
  const [b = '', c = ''] = rest.split('222222222');
  return [a, b, c];
}

/** What the template reads as `/doc.json`. */
export function templateData(d: DocModel) {
  const t = d.date;
  return {
    title: d.title,
    subtitle: d.subtitle,
    lang: d.lang,
    date: [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()],
    colophon: d.colophon,
    page: pageLabel(d),
    blocks: d.blocks,
  };
}

export function renderPdf(d: DocModel): Buffer {
  const c = typst();
  c.mapShadow(DATA, Buffer.from(JSON.stringify(templateData(d))));
  try {
    const result = c.compile({ mainFileContent: PDF_TEMPLATE });
    const doc = result.result;
    if (!doc) {
      const diagnostics = result.takeDiagnostics();
      const detail = diagnostics ? c.fetchDiagnostics(diagnostics).map((x: unknown) => JSON.stringify(x)).join('; ') : 'no diagnostics';
      throw new Error(`typst could not lay out the document: ${detail}`);
    }
    return c.pdf(doc, { pdfTags: true });
  } finally {
    c.unmapShadow(DATA);
    // Layout caches are per document here; dropping them keeps a long-lived thread small.
    c.evictCache(0);
  }
}
