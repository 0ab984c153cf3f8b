/**
 * One compile, timed, in a fresh process (the bench runs it pinned to one core):
 * reads a frozen input (JSON text, as the worker receives it), validates it, compiles
 * and renders every format once. Prints one JSON line: wall and CPU seconds per step,
 * the consensus step's seconds (inside compile), and the process's peak RSS.
 *
 *   tsx bench/compile.child.ts <input.json>
 */
import { readFileSync } from 'node:fs';
import { CompileInput } from '../common/jobs';
import type { CompileStats } from '../workers/recommendations/compile';
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
const stepsCpu: Record<string, number> = { parse: cpu() - cpu0 };
let last = performance.now();
let lastCpu = cpu();
const names: Record<number, string> = { 10: 'compile', 70: 'pdf', 80: 'md_csv_json', 95: 'docx' };
const stats: CompileStats = {};
const out = await renderAll(
  input,
  (pct) => {
    const now = performance.now();
    const c = cpu();
    steps[names[pct] ?? String(pct)] = (now - last) / 1000;
    stepsCpu[names[pct] ?? String(pct)] = c - lastCpu;
    last = now;
    lastCpu = c;
  },
  stats,
);
const seconds = (performance.now() - wall0) / 1000;
console.log(
  JSON.stringify({
    seconds,
    cpu_seconds: cpu() - cpu0,
    steps,
    steps_cpu: stepsCpu,
    peak_rss_mb: process.resourceUsage().maxRSS / 1024,
    recommendations: out.compilation.recommendations.length,
    consensus_seconds: stats.consensusSeconds ?? 0,
    consensus_cpu_seconds: stats.consensusCpuSeconds ?? 0,
    opinion_groups: out.compilation.opinionGroups?.groups.length ?? 0,
    raters: out.compilation.participation?.raters ?? 0,
    bytes: Object.fromEntries(out.artifacts.map((a) => [a.format, a.bytes.byteLength])),
  }),
);
