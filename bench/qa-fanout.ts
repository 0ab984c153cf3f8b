/**
 * npm run bench:qa-fanout [-- --clients 2000 --questions 20 --approve-every-ms 200 --votes-per-sec 200
 *                            --edit-every 0 --loadgens 2 --runs 1 --seed 1]
 *
 * In one run, the same load generator (forked processes sharing N socket.io-client viewers in
 * one live session, a moderator approving a question every 200 ms while votes stream in)
 * drives:
 *  1. Birge: the real server as `npm start` runs it (the built dist/server/start.js, with the
 *     script's Node options) as a child on a fresh PostgreSQL database and a private Redis
 *     prefix, with its live frames;
 *  2. the baseline: a bare Socket.IO server (bench/qa-fanout.baseline.ts: same socket.io, no
 *     database, no Redis, the same Node options) broadcasting one message per event the way a
 *     plain implementation would.
 * Server CPU time and RSS come from /proc (no benchmark hooks in either server). Every viewer
 * ends with the same state as a fresh snapshot, or the run fails. With --runs N the pair runs
 * N times on fresh stages and the figures are medians (the per-run values are in `per_run`).
 *
 * What the figures mean. A delivery is one message a viewer receives (a frame, or a plain
 * event); an event is what viewers learn (an approval or edit, a ranking update, a viewer
 * count): the baseline sends one delivery per event, Birge packs a tick's events into one
 * frame. `server_cpu_us_per_event` is Birge's whole server CPU (votes, database, Redis,
 * frames) per event delivered; `cpu_ratio_vs_baseline` divides it by the baseline's CPU per
 * delivery. `server_cpu_cores_per_1k_viewers` is the server's average CPU share over the run
 * per 1,000 connected viewers.
 *
 * Targets (quiet 2-core machine): cores per 1k viewers ≤ 0.1, ratio ≤ 1.0, p99 ≤ 60 ms at 2,000
 * clients, RSS ≤ 16 KB per viewer. This machine is shared: read one run's numbers as a rough
 * guide and compare the two servers within a run.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { loadConfig } from '../platform/config';
import { benchOrganizer, benchStage, buildServer, forkLoadgen, freePort, ROOT, runTsx, scriptCommand, waitHealthy, WithId } from './harness';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks
const log = (msg: string) => process.stderr.write(`[qa-fanout] ${msg}\n`);

const { values: argv } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    questions: { type: 'string', default: '20' },
    'approve-every-ms': { type: 'string', default: '200' },
    'votes-per-sec': { type: 'string', default: '200' },
    'edit-every': { type: 'string', default: '0' },
    loadgens: { type: 'string', default: '2' },
    runs: { type: 'string', default: '1' },
    seed: { type: 'string', default: '1' },
  },
});
const args = z
  .object({
    clients: z.coerce.number().int().min(1).max(20_000),
    questions: z.coerce.number().int().min(1).max(500),
    approveEveryMs: z.coerce.number().int().min(1),
    votesPerSec: z.coerce.number().min(0),
    editEvery: z.coerce.number().int().min(0),
    loadgens: z.coerce.number().int().min(1).max(8),
    runs: z.coerce.number().int().min(1).max(20),
    seed: z.coerce.number().int(),
  })
  .parse({
    clients: argv.clients,
    questions: argv.questions,
    approveEveryMs: argv['approve-every-ms'],
    votesPerSec: argv['votes-per-sec'],
    editEvery: argv['edit-every'],
    loadgens: argv.loadgens,
    runs: argv.runs,
    seed: argv.seed,
  });
// The app's defaults, so the baseline coalesces ranking and counts at the same intervals.
const defaults = loadConfig({});

const Done = z.object({
  type: z.literal('done'),
  wallMs: z.number(),
  cpuMs: z.number(),
  expected: z.number(),
  received: z.number(),
  receipts: z.record(z.string(), z.array(z.number())),
  deliveries: z.number(),
  events: z.number(),
  rankingDeliveries: z.number(),
  rankingsOnFirst: z.number(),
  votesSent: z.number(),
  voteRefusals: z.number(),
  resyncs: z.number(),
  clientsMatching: z.number(),
  settleMs: z.number(),
});
const FromLoadgen = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), ms: z.number(), questions: z.array(z.string()) }),
  z.object({ type: z.literal('approved'), sentAt: z.record(z.string(), z.number()), edits: z.number() }),
  z.object({ type: z.literal('quiet') }),
  z.object({ type: z.literal('reference'), fingerprint: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  Done,
]);
type FromLoadgen = z.infer<typeof FromLoadgen>;

/** What the load generators measured together in one run. */
interface Run {
  wallMs: number;
  expected: number;
  received: number;
  p50: number | null;
  p99: number | null;
  max: number | null;
  firstReceiveP50: number | null;
  spreadP50: number | null;
  deliveries: number;
  events: number;
  rankingDeliveries: number;
  rankingPerSecPerRoom: number;
  votesSent: number;
  voteRefusals: number;
  edits: number;
  resyncs: number;
  clientsMatching: number;
  settleMs: number;
  loadgenCpuShare: number;
}

const pct = (xs: number[], p: number) => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
};

/** utime + stime of a process (all its threads), in microseconds. */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the parenthesized command name; utime and stime are fields 14 and 15.
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(f[11]) + Number(f[12])) * 1e6) / CLK_TCK;
}

function rssKb(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Number(m?.[1] ?? NaN);
}

interface Measured {
  done: Run;
  cpuUs: number;
  rssPerClientKb: number;
  connectMs: number;
}

/** One load generator process and a way to wait for its next message of a kind. */
const loadgen = () => forkLoadgen('bench/qa-fanout.loadgen.ts', FromLoadgen);

/**
 * Connects the viewers (split over `args.loadgens` processes; the first also holds the
 * moderator) to a running server, runs the workload, checks every viewer against a fresh
 * snapshot, and reads the server's CPU and RSS.
 */
async function drive(mode: 'birge' | 'plain', server: ChildProcess, url: string, sessionId: string, moderatorCookie: string): Promise<Measured> {
  const share = (i: number) => Math.floor(args.clients / args.loadgens) + (i < args.clients % args.loadgens ? 1 : 0);
  const gens = Array.from({ length: Math.min(args.loadgens, args.clients) }, loadgen);
  const lead = gens[0]!;
  const all = <T extends FromLoadgen['type']>(type: T) => Promise.all(gens.map((g) => g.next(type)));
  try {
    await sleep(1000);
    const rssBefore = rssKb(server.pid!);
    log(`${mode}: connecting ${args.clients} viewers from ${gens.length} processes (server RSS ${rssBefore} kB)`);
    const connected = all('connected');
    gens.forEach((g, i) => g.child.send({ type: 'connect', mode, url, sessionId, clients: share(i), questions: i === 0 ? args.questions : 0, moderatorCookie }));
    const conn = await connected;
    const questions = conn[0]!.questions;
    // Viewer counts settle and connection garbage gets collected before RSS is read.
    await sleep(2000);
    const rssAfter = rssKb(server.pid!);
    const connectMs = Math.max(...conn.map((c) => c.ms));
    log(`${mode}: connected in ${connectMs} ms (server RSS ${rssAfter} kB); approving ${args.questions} questions with ${args.votesPerSec} votes/s`);

    const cpu0 = cpuMicros(server.pid!);
    const t0 = performance.now();
    const approvedMsg = lead.next('approved');
    gens.forEach((g, i) =>
      g.child.send({ type: 'run', approveEveryMs: args.approveEveryMs, votesPerSec: args.votesPerSec / gens.length, editEvery: args.editEvery, seed: args.seed + i, questions }),
    );
    const { sentAt, edits } = await approvedMsg;
    const quiet = all('quiet');
    for (const g of gens) g.child.send({ type: 'finish' });
    await quiet;
    const ref = lead.next('reference');
    lead.child.send({ type: 'reference' });
    const { fingerprint } = await ref;
    const finished = all('done');
    for (const g of gens) g.child.send({ type: 'check', fingerprint });
    const parts = await finished;
    const wallMs = performance.now() - t0;
    const cpuUs = cpuMicros(server.pid!) - cpu0;

    const sum = (k: 'expected' | 'received' | 'deliveries' | 'events' | 'rankingDeliveries' | 'votesSent' | 'voteRefusals' | 'resyncs' | 'clientsMatching' | 'cpuMs') => parts.reduce((n, p) => n + p[k], 0);
    const latencies: number[] = [];
    const first: number[] = [];
    const spread: number[] = [];
    for (const id of questions) {
      const at = parts.flatMap((p) => p.receipts[id] ?? []).map((t) => t - sentAt[id]!);
      latencies.push(...at);
      if (at.length) {
        first.push(Math.min(...at));
        spread.push(Math.max(...at) - Math.min(...at));
      }
    }
    const done: Run = {
      wallMs,
      expected: sum('expected'),
      received: sum('received'),
      p50: pct(latencies, 0.5),
      p99: pct(latencies, 0.99),
      max: pct(latencies, 1),
      firstReceiveP50: pct(first, 0.5),
      spreadP50: pct(spread, 0.5),
      deliveries: sum('deliveries'),
      events: sum('events'),
      rankingDeliveries: sum('rankingDeliveries'),
      rankingPerSecPerRoom: (parts[0]!.rankingsOnFirst / wallMs) * 1000,
      votesSent: sum('votesSent'),
      voteRefusals: sum('voteRefusals'),
      edits,
      resyncs: sum('resyncs'),
      clientsMatching: sum('clientsMatching'),
      settleMs: Math.max(...parts.map((p) => p.settleMs)),
      loadgenCpuShare: sum('cpuMs') / wallMs,
    };
    if (done.clientsMatching !== args.clients) throw new Error(`${mode}: ${args.clients - done.clientsMatching} of ${args.clients} viewers did not end with the snapshot's state`);
    if (done.received !== done.expected) throw new Error(`${mode}: ${done.expected - done.received} approvals never reached their viewer`);
    return { done, cpuUs, rssPerClientKb: (rssAfter - rssBefore) / args.clients, connectMs };
  } finally {
    for (const g of gens) g.child.kill('SIGKILL');
  }
}

/**
 * Node options for both servers, so that they are profiled alike: e.g. BENCH_SERVER_NODE_ARGS=
 * "--cpu-prof --cpu-prof-dir=/tmp/prof" under load, or "--heapsnapshot-signal=SIGUSR2" for a heap
 * snapshot with the viewers connected.
 */
const serverNodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const start = scriptCommand('start');

async function runBirge(): Promise<Measured> {
  const stage = await benchStage(
    { PATH: process.env.PATH },
    {
      MEDIA_ENABLED: 'false',
      // Every simulated viewer connects from 127.0.0.1: the per-IP budget would be one household's.
      QA_IP_ACTIONS_PER_MINUTE: '100000000',
      IP_REQUESTS_PER_MINUTE: '100000000',
      CITIZENS_PER_IP_PER_HOUR: '100000000',
      QA_VOTES_PER_QUESTION_PER_IP: '100000000',
    },
  );
  const { env, url, prefix, dbName } = stage;
  let server: ChildProcess | undefined;
  try {
    log(`birge: starting server on :${stage.port} (database ${dbName}, redis prefix ${prefix})`);
    server = spawn(process.execPath, [...serverNodeArgs, ...start.argv], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    await waitHealthy(server, url);
    const http = await benchOrganizer(url, env, prefix);
    const forum = WithId.parse(
      await http.post('/api/forums', { slug: `bench-${prefix}`, title: { en: 'Benchmark forum' }, languages: ['en'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 1 }),
    );
    const platform = WithId.parse(await http.post(`/api/forums/${forum.id}/platforms`, { title: { en: 'Main hall' } }));
    const session = WithId.parse(
      await http.post(`/api/forums/${forum.id}/sessions`, { platformId: platform.id, title: { en: 'Fan-out' }, startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' }),
    );
    await http.post(`/api/sessions/${session.id}/start`);
    return await drive('birge', server, url, session.id, http.cookie);
  } finally {
    await stage.teardown(server);
  }
}

async function runBaseline(): Promise<Measured> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const server = runTsx(['bench/qa-fanout.baseline.ts', '--serve'], {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    PORT: String(port),
    RANKING_INTERVAL_MS: String(defaults.qa.rankingIntervalMs),
    VIEWER_COUNT_INTERVAL_MS: String(defaults.qa.viewerCountIntervalMs),
  }, [...start.flags, ...serverNodeArgs]);
  try {
    log(`baseline: bare Socket.IO server on :${port}`);
    await waitHealthy(server, url);
    return await drive('plain', server, url, '22222222-2222-4222-8222-222222222222', '');
  } finally {
    server.kill('SIGKILL');
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const round = (n: number | null, d = 1) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

function figures(ours: Measured, base: Measured) {
  const perEvent = ours.cpuUs / ours.done.events;
  const basePerDelivery = base.cpuUs / base.done.deliveries;
  const cores = (m: Measured) => m.cpuUs / 1000 / m.done.wallMs / (args.clients / 1000);
  return {
    p50_ms: ours.done.p50 ?? NaN,
    p99_ms: ours.done.p99 ?? NaN,
    max_ms: ours.done.max ?? NaN,
    server_cpu_us_per_event: perEvent,
    server_cpu_us_per_delivery: ours.cpuUs / ours.done.deliveries,
    baseline_cpu_us_per_delivery: basePerDelivery,
    cpu_ratio_vs_baseline: perEvent / basePerDelivery,
    server_cpu_cores_per_1k_viewers: cores(ours),
    baseline_cpu_cores_per_1k_viewers: cores(base),
    server_rss_kb_per_client: ours.rssPerClientKb,
    baseline_rss_kb_per_client: base.rssPerClientKb,
    baseline_p50_ms: base.done.p50 ?? NaN,
    baseline_p99_ms: base.done.p99 ?? NaN,
  };
}

async function main() {
  buildServer(log);
  const runs: { ours: Measured; base: Measured }[] = [];
  for (let i = 0; i < args.runs; i++) {
    if (args.runs > 1) log(`run ${i + 1} of ${args.runs}`);
    const ours = await runBirge();
    const base = await runBaseline();
    runs.push({ ours, base });
  }
  const per = runs.map((r) => figures(r.ours, r.base));
  const med = Object.fromEntries(Object.keys(per[0]!).map((k) => [k, median(per.map((p) => p[k as keyof typeof p]))])) as ReturnType<typeof figures>;
  const last = runs[runs.length - 1]!;
  const d = last.ours.done;
  const b = last.base.done;
  const result = {
    bench: 'qa-fanout',
    clients: args.clients,
    questions: args.questions,
    approve_every_ms: args.approveEveryMs,
    votes_per_sec: args.votesPerSec,
    edit_every: args.editEvery,
    loadgens: args.loadgens,
    runs: args.runs,
    received: d.received,
    expected: d.expected,
    clients_matching_snapshot: d.clientsMatching,
    resyncs: d.resyncs,
    settle_ms: round(d.settleMs, 0),
    p50_ms: round(med.p50_ms),
    p99_ms: round(med.p99_ms),
    max_ms: round(med.max_ms),
    first_receive_p50_ms: round(d.firstReceiveP50),
    first_to_last_p50_ms: round(d.spreadP50),
    deliveries: d.deliveries,
    events: d.events,
    events_per_delivery: round(d.events / d.deliveries, 2),
    ranking_deliveries: d.rankingDeliveries,
    ranking_per_sec_per_room: round(d.rankingPerSecPerRoom),
    votes_sent: d.votesSent,
    vote_refusals: d.voteRefusals,
    edits: d.edits,
    server_cpu_ms: round(last.ours.cpuUs / 1000),
    server_cpu_us_per_event: round(med.server_cpu_us_per_event, 2),
    server_cpu_us_per_delivery: round(med.server_cpu_us_per_delivery, 2),
    baseline_cpu_us_per_delivery: round(med.baseline_cpu_us_per_delivery, 2),
    cpu_ratio_vs_baseline: round(med.cpu_ratio_vs_baseline, 2),
    server_cpu_cores_per_1k_viewers: round(med.server_cpu_cores_per_1k_viewers, 3),
    baseline_cpu_cores_per_1k_viewers: round(med.baseline_cpu_cores_per_1k_viewers, 3),
    server_rss_kb_per_client: round(med.server_rss_kb_per_client, 2),
    baseline_rss_kb_per_client: round(med.baseline_rss_kb_per_client, 2),
    baseline_p50_ms: round(med.baseline_p50_ms),
    baseline_p99_ms: round(med.baseline_p99_ms),
    baseline_deliveries: b.deliveries,
    baseline_clients_matching_snapshot: b.clientsMatching,
    loadgen_cpu_share: round(d.loadgenCpuShare, 2),
    run_ms: Math.round(d.wallMs),
    node: process.version,
    server_command: `node ${[...serverNodeArgs, ...start.argv].join(' ')}`,
    ...(args.runs > 1 ? { per_run: per.map((p) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, round(v, 2)]))) } : {}),
  };
  process.stdout.write(JSON.stringify(result) + '\n');
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
