/**
 * One PDF render for bench:pdf-engines, in a fresh process: builds the document of a
 * frozen input, renders it with one engine, writes the PDF and prints one JSON line
 * (render wall and CPU seconds, the process's peak RSS and its RSS before rendering).
 *
 *   tsx bench/pdf-engines.child.ts <engine> <input.json> <out.pdf>
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { CompileInput } from '../common/jobs';
import type { Compilation } from '../common/compilation.contract';
import { compileForum, compileSession } from '../workers/recommendations/compile';
import { documentModel, type DocModel } from '../workers/recommendations/document';
import { renderPdf as typst } from '../workers/recommendations/render-pdf';
import { renderPdf as pdfLib } from './pdf-engines/pdf-lib';
import { renderPdf as pdfkitLean } from './pdf-engines/pdfkit-lean';
import { renderPdf as pdfkitToday } from './pdf-engines/today/render-pdf';
import { CHART_CAPTION, ENGINES, type Engine } from './pdf-engines/engines';


/** The document plus a chart of the ten best-supported items (today's documents have none; every engine must draw one). */
function withChart(d: DocModel, c: Compilation): DocModel {
  const top = c.recommendations.slice(0, 10);
  const max = Math.max(1, ...top.map((r) => r.support.total));
  const at = d.blocks.findIndex((b) => b.kind === 'heading' && b.level === 1);
  d.blocks.splice(at, 0, { kind: 'bars', caption: CHART_CAPTION, max, bars: top.map((r) => ({ label: `№ ${r.number}`, value: r.support.total, display: String(r.support.total) })) });
  return d;
}

const [engine, file, out] = process.argv.slice(2) as [Engine, string, string];
if (!ENGINES.includes(engine) || !file || !out) {
  console.error(`usage: pdf-engines.child.ts <${ENGINES.join('|')}> <input.json> <out.pdf>`);
  process.exit(2);
}
const input = CompileInput.parse(JSON.parse(readFileSync(file, 'utf8')));
const compilation = input.kind === 'session' ? compileSession(input) : compileForum(input);
const doc = withChart(documentModel(compilation), compilation);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const rssBefore = process.memoryUsage().rss / 2 ** 20;
const t0 = performance.now();
const c0 = cpu();
const render: Record<Engine, () => Promise<Uint8Array> | Uint8Array> = {
  // Today's renderer takes the compilation and builds its own (older) document model.
  'pdfkit-today': () => pdfkitToday(compilation),
  'pdfkit-lean': () => pdfkitLean(doc),
  'pdf-lib': () => pdfLib(doc),
  typst: () => typst(doc),
};
const pdf = await render[engine]();
const seconds = (performance.now() - t0) / 1000;
const cpuSeconds = cpu() - c0;
writeFileSync(out, pdf);
console.log(JSON.stringify({ engine, seconds, cpu_seconds: cpuSeconds, peak_rss_mb: process.resourceUsage().maxRSS / 1024, rss_before_mb: rssBefore, bytes: pdf.byteLength, groups: compilation.recommendations.length }));
