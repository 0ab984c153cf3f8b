/**
 * npm run bench:footprint [-- --runs 3 --idle-seconds 10]
 *
 * What running Birge costs a small machine: the server process exactly as `npm run demo`
 * starts it (the `demo` script's command, after `npm run build`), on the embedded store
 * (no DATABASE_URL) and on PostgreSQL. Per run: the time from spawning the process to the
 * first healthy /healthz, then the process's resident memory (VmRSS of the server process
 * alone: the Redis, mediasoup and compile worker processes are not in it) after it has
 * idled for a while with no client. Medians over the runs; the last line on stdout is one
 * JSON object with idle_rss_mb_embedded and idle_rss_mb_postgres (the worse of a first
 * start on a new data directory and a restart on it) and start_to_healthy_ms (a restart on
 * the embedded store, the slower store; first starts are reported beside it: there the
 * embedded store first creates its database).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { benchStage, buildServer, ROOT, scriptCommand } from './harness';

const BUDGET = { idle_rss_mb_embedded: 300, idle_rss_mb_postgres: 150, start_to_healthy_ms: 2000 };
const log = (msg: string) => process.stderr.write(`bench:footprint ${msg}\n`);
const { values: argv } = parseArgs({ options: { runs: { type: 'string', default: '3' }, 'idle-seconds': { type: 'string', default: '10' } } });
const runs = z.coerce.number().int().min(1).max(20).parse(argv.runs);
const idleSeconds = z.coerce.number().min(1).max(300).parse(argv['idle-seconds']);

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN) / 1024;
}

async function healthy(server: ChildProcess, url: string): Promise<void> {
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited during start (${server.exitCode})`);
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    await sleep(20);
  }
}

/** One server process on a stage until it has idled; returns its start time and idle RSS, then stops it. */
async function serve(env: NodeJS.ProcessEnv, url: string): Promise<{ start_ms: number; rss_mb: number }> {
  const t0 = performance.now();
  const server = spawn(process.execPath, scriptCommand('demo').argv, { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  try {
    await Promise.race([healthy(server, url), sleep(120_000).then(() => Promise.reject(new Error('not healthy within 120 s')))]);
    const start = performance.now() - t0;
    await sleep(idleSeconds * 1000);
    return { start_ms: start, rss_mb: rssMb(server.pid!) };
  } finally {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    server.kill('SIGKILL');
  }
}

/** A first start (a new data directory: the embedded store creates its database) and a restart on the same data. */
async function once(mode: 'embedded' | 'postgres') {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'birge-footprint-'));
  const stage = await benchStage(process.env, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
  const env = { ...stage.env };
  if (mode === 'embedded') delete env.DATABASE_URL;
  try {
    const first = await serve(env, stage.url);
    const again = await serve(env, stage.url);
    return { first, again };
  } finally {
    await stage.teardown();
    await rm(dataDir, { recursive: true, force: true });
  }
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

buildServer(log);
type Run = Awaited<ReturnType<typeof once>>;
const results: Record<'embedded' | 'postgres', Run[]> = { embedded: [], postgres: [] };
for (let i = 0; i < runs; i++) {
  for (const mode of ['embedded', 'postgres'] as const) {
    const r = await once(mode);
    results[mode].push(r);
    log(`${mode} run ${i + 1}: first start healthy after ${r.first.start_ms.toFixed(0)} ms, idle ${r.first.rss_mb.toFixed(0)} MB; restart ${r.again.start_ms.toFixed(0)} ms, idle ${r.again.rss_mb.toFixed(0)} MB`);
  }
}
const med = (mode: 'embedded' | 'postgres', f: (r: Run) => number) => median(results[mode].map(f));
const figures = {
  // The worse of first start and restart.
  idle_rss_mb_embedded: med('embedded', (r) => Math.max(r.first.rss_mb, r.again.rss_mb)),
  idle_rss_mb_postgres: med('postgres', (r) => Math.max(r.first.rss_mb, r.again.rss_mb)),
  // A restart on existing data: what every start but the very first costs.
  start_to_healthy_ms: med('embedded', (r) => r.again.start_ms),
  start_to_healthy_ms_postgres: med('postgres', (r) => r.again.start_ms),
  first_start_to_healthy_ms_embedded: med('embedded', (r) => r.first.start_ms),
  first_start_to_healthy_ms_postgres: med('postgres', (r) => r.first.start_ms),
  idle_rss_mb_embedded_first_start: med('embedded', (r) => r.first.rss_mb),
  idle_rss_mb_embedded_restart: med('embedded', (r) => r.again.rss_mb),
};
const round = (v: number) => Math.round(v * 10) / 10;
console.log(
  JSON.stringify({
    ...Object.fromEntries(Object.entries(figures).map(([k, v]) => [k, round(v)])),
    command: `node ${scriptCommand('demo').argv.join(' ')}`,
    idle_seconds: idleSeconds,
    runs,
    within_budget: Object.entries(BUDGET).every(([k, max]) => figures[k as keyof typeof BUDGET] <= max),
    budget: BUDGET,
    load_average: os.loadavg().map((x) => Math.round(x * 100) / 100),
  }),
);
process.exit(0);
