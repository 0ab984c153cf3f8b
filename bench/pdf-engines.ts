/**
 * npm run bench:pdf-engines [-- --runs 3]
 *
 * The PDF engines side by side, in one run, on the bench:compile input (10,000 questions,
 * 2,000 recommendations in kk/ru/en): today's pdfkit renderer, pdfkit with our own line
 * layout (tagged, bookmarked), pdf-lib with the same layout, and Typst (the chosen one,
 * workers/recommendations/render-pdf.ts). Each render runs in a fresh process pinned to one
 * core (taskset) with the render processes' Node options; best time and highest
 * peak RSS count. Each engine's last PDF is then checked with poppler's tools: tagged
 * structure (pdfinfo -struct), bookmarks (pdftohtml's outline), every Kazakh letter in the
 * text layer with DejaVu Sans embedded (pdftotext, pdffonts), numbered items, the last page's
 * "page n of m", and the chart's caption.
 *
 * The last line on stdout is one JSON object; progress goes to stderr.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { questionsForCompile } from '../server/recommendations/compile-input';
import { LABELS } from '../workers/recommendations/labels';
import { RENDER_NODE_OPTIONS } from '../workers/recommendations/render.runner';
import { generatedSession } from './compile-data';
import { ROOT } from './harness';
import { CHART_CAPTION, ENGINES, type Engine } from './pdf-engines/engines';

const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = z.coerce.number().int().min(1).max(20).parse(argv.runs);
const hasTaskset = spawnSync('taskset', ['-V']).status === 0;
const log = (msg: string) => process.stderr.write(`bench:pdf-engines ${msg}\n`);

const ChildResult = z.object({ seconds: z.number(), cpu_seconds: z.number(), peak_rss_mb: z.number(), rss_before_mb: z.number(), bytes: z.number(), groups: z.number() });
type ChildResult = z.infer<typeof ChildResult>;

function renderOnce(engine: Engine, input: string, out: string): ChildResult {
  const node = [process.execPath, ...RENDER_NODE_OPTIONS, '--import', 'tsx', path.join(ROOT, 'bench/pdf-engines.child.ts'), engine, input, out];
  const cmd = hasTaskset ? ['taskset', '-c', '0', ...node] : node;
  const stdout = execFileSync(cmd[0]!, cmd.slice(1), { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  return ChildResult.parse(JSON.parse(stdout.trim().split('\n').at(-1)!));
}

const tool = (cmd: string, args: string[]) => spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 }).stdout ?? '';
const KAZAKH = [...'әғқңөұүһі'];

/** What a reader (and a screen reader) gets from the file, from poppler's tools. */
function check(file: string, groups: number) {
  const info = tool('pdfinfo', [file]);
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0);
  const struct = tool('pdfinfo', ['-struct', file]);
  const tags = [...new Set([...struct.matchAll(/^\s*([A-Za-z0-9]+)\b/gm)].map((m) => m[1]!))].sort();
  const text = tool('pdftotext', ['-enc', 'UTF-8', file, '-']).replace(/\s+/g, ' ');
  const fonts = tool('pdffonts', [file]);
  const outline = tool('pdftohtml', ['-xml', '-stdout', '-q', '-i', '-f', '1', '-l', '1', file]);
  const lastPage = LABELS.kk.page(pages, pages);
  return {
    pages,
    tagged: /^Tagged:\s+yes/m.test(info) && ['H1', 'L', 'LI', 'Lbl', 'LBody', 'P'].every((t) => tags.includes(t)),
    tags: tags.join(' '),
    /** Struct elements or spans that name their text's language. */
    language_tags: countLang(file),
    bookmarks: (outline.match(/<item /g) ?? []).length,
    kazakh_letters_in_text: KAZAKH.every((ch) => text.toLowerCase().includes(ch)),
    dejavu_embedded: /DejaVuSans\S*\s.*\byes\b/.test(fonts),
    numbered_items: text.includes(`${groups}.`),
    page_numbers: text.includes(lastPage),
    chart: text.includes(CHART_CAPTION),
  };
}

/** /Lang entries in the file: one per element whose text is not in the document's language (plus the catalog's). */
function countLang(file: string): number {
  const raw = readFileSync(file).toString('latin1');
  return (raw.match(/\/Lang\s*\(/g) ?? []).length;
}

const dir = mkdtempSync(path.join(os.tmpdir(), 'birge-pdf-engines-'));
try {
  const s = generatedSession(10_000, 2_000);
  const input = path.join(dir, '10k.json');
  writeFileSync(input, JSON.stringify({ ...s, questions: questionsForCompile(s.questions, s.recommendations) }));
  const results: Record<string, unknown> = {};
  for (const engine of ENGINES) {
    const out = path.join(dir, `${engine}.pdf`);
    const rs: ChildResult[] = [];
    // Round-robin would mix warm-ups; each engine's runs go back to back.
    for (let i = 0; i < runs; i++) rs.push(renderOnce(engine, input, out));
    const best = rs.reduce((a, b) => (b.seconds < a.seconds ? b : a));
    const checked = check(out, best.groups);
    log(`${engine}: ${rs.map((r) => r.seconds.toFixed(2)).join(', ')} s, peak ${Math.max(...rs.map((r) => r.peak_rss_mb)).toFixed(0)} MB, ${checked.pages} pages`);
    results[engine] = {
      seconds: best.seconds,
      cpu_seconds: best.cpu_seconds,
      peak_rss_mb: Math.max(...rs.map((r) => r.peak_rss_mb)),
      rss_added_mb: Math.max(...rs.map((r) => r.peak_rss_mb - r.rss_before_mb)),
      bytes: best.bytes,
      ...checked,
    };
  }
  const round = (v: unknown): unknown =>
    typeof v === 'number' ? Math.round(v * 1000) / 1000 : Array.isArray(v) ? v.map(round) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)])) : v;
  const seconds = (e: Engine) => (results[e] as { seconds: number }).seconds;
  console.log(
    JSON.stringify(
      round({
        engines: results,
        chosen: 'typst',
        typst_over_pdfkit_today: seconds('typst') / seconds('pdfkit-today'),
        pinned_to_one_core: hasTaskset,
        load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
      }),
    ),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
