/**
 * One compile, timed, in a fresh process (the bench runs it pinned to one core):
 * reads a frozen input (JSON text, as the worker receives it), validates it, compiles
 * and renders every format once. Prints one JSON line: wall and CPU seconds per step,
 * and the process's peak RSS.
 *
 *   tsx bench/compile.child.ts <input.json>
 */
import { readFileSync } from 'node:fs';
import { CompileInput } from '../common/jobs';
import { renderAll } from '../workers/recommendations/render-all';

const file = process.argv[2];
if (!file) {
  console.error('usage: compile.child.ts <input.json>');
  process.exit(2);
}
const text = readFileSync(file, 'utf8');
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const wall0 = performance.now();
const cpu0 = cpu();
const input = CompileInput.parse(JSON.parse(text));
const steps: Record<string, number> = { parse: (performance.now() - wall0) / 1000 };
let last = performance.now();
const names: Record<number, string> = { 10: 'compile', 25: 'md_csv_json', 50: 'docx', 95: 'pdf' };
const out = await renderAll(input, (pct) => {
  const now = performance.now();
  steps[names[pct] ?? String(pct)] = (now - last) / 1000;
  last = now;
});
const seconds = (performance.now() - wall0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    cpu_seconds: cpu() - cpu0,
    steps,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    recommendations: out.compilation.recommendations.length,
    bytes: Object.fromEntries(out.artifacts.map((a) => [a.format, a.bytes.byteLength])),
  }),
);
