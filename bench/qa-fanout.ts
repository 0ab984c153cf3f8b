/**
 * npm run bench:qa-fanout [-- --clients 2000 --questions 20 --approve-every-ms 200 --votes-per-sec 200]
 *
 * Starts the real server (server/main.ts) as a child on a fresh PostgreSQL database and a
 * private Redis prefix, forks a load generator with N socket.io-client viewers in one live
 * session, has a moderator approve questions while votes stream in, and reads the server's
 * CPU time and RSS from /proc (no benchmark hooks in the server). Prints progress to stderr
 * and, as the last line on stdout, one JSON object.
 *
 * Targets (2 cores): p99 ≤ 150 ms at 2,000 clients; ≤ 6 µs server CPU per delivery;
 * ≤ 20 KB RSS per connected viewer; load generator under 0.8 of a core; ≤ 10 rankings/s per room.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { benchOrganizer, benchStage, ROOT, runTsx, waitHealthy, WithId } from './harness';

const CLK_TCK = 100; // Linux USER_HZ; /proc/<pid>/stat counts CPU time in these ticks
const log = (msg: string) => process.stderr.write(`[qa-fanout] ${msg}\n`);

const { values: argv } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    questions: { type: 'string', default: '20' },
    'approve-every-ms': { type: 'string', default: '200' },
    'votes-per-sec': { type: 'string', default: '200' },
  },
});
const Args = z.object({
  clients: z.coerce.number().int().min(1).max(20_000),
  questions: z.coerce.number().int().min(1).max(500),
  approveEveryMs: z.coerce.number().int().min(1),
  votesPerSec: z.coerce.number().min(0),
});
const args = Args.parse({ clients: argv.clients, questions: argv.questions, approveEveryMs: argv['approve-every-ms'], votesPerSec: argv['votes-per-sec'] });

const Done = z.object({
  type: z.literal('done'),
  wallMs: z.number(),
  expected: z.number(),
  received: z.number(),
  p50: z.number().nullable(),
  p99: z.number().nullable(),
  max: z.number().nullable(),
  approveAckP50: z.number().nullable(),
  firstReceiveP50: z.number().nullable(),
  spreadP50: z.number().nullable(),
  deliveries: z.number(),
  rankingDeliveries: z.number(),
  rankingPerSecPerRoom: z.number(),
  votesSent: z.number(),
  voteRefusals: z.number(),
  loadgenCpuShare: z.number(),
});
const FromLoadgen = z.discriminatedUnion('type', [z.object({ type: z.literal('connected'), ms: z.number() }), z.object({ type: z.literal('error'), message: z.string() }), Done]);


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



async function main() {
  const stage = await benchStage(
    { PATH: process.env.PATH },
    {
      MEDIA_ENABLED: 'false',
      // Every simulated viewer connects from 127.0.0.1: the per-IP budget would be one household's.
      QA_IP_ACTIONS_PER_MINUTE: '100000000',
    },
  );
  const { env, port, prefix, dbName } = stage;
  let server: ChildProcess | undefined;
  let loadgen: ChildProcess | undefined;
  try {
    log(`starting server on :${port} (database ${dbName}, redis prefix ${prefix})`);
    // e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server under load
    server = runTsx(['server/main.ts'], env, (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean));
    const { url } = stage;
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

    loadgen = fork(path.join(ROOT, 'bench/qa-fanout.loadgen.ts'), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
    const next = () =>
      new Promise<z.infer<typeof FromLoadgen>>((resolve, reject) => {
        loadgen!.once('message', (raw) => {
          const m = FromLoadgen.parse(raw);
          if (m.type === 'error') reject(new Error(`load generator: ${m.message}`));
          else resolve(m);
        });
        loadgen!.once('exit', (c) => reject(new Error(`load generator exited with ${c}`)));
      });

    await sleep(1000);
    const rssBefore = rssKb(server.pid!);
    log(`connecting ${args.clients} viewers (server RSS ${rssBefore} kB)`);
    loadgen.send({ type: 'connect', url, sessionId: session.id, clients: args.clients, questions: args.questions, moderatorCookie: http.cookie });
    const connected = await next();
    // Viewer counts settle and connection garbage gets collected before RSS is read.
    await sleep(2000);
    const rssAfter = rssKb(server.pid!);
    log(`connected in ${connected.type === 'connected' ? connected.ms : '?'} ms (server RSS ${rssAfter} kB); approving ${args.questions} questions with ${args.votesPerSec} votes/s`);

    const cpu0 = cpuMicros(server.pid!);
    loadgen.send({ type: 'run', approveEveryMs: args.approveEveryMs, votesPerSec: args.votesPerSec });
    const done = Done.parse(await next());
    const serverCpuUs = cpuMicros(server.pid!) - cpu0;
    const round = (n: number | null, d = 1) => (n === null ? null : Math.round(n * 10 ** d) / 10 ** d);
    const result = {
      bench: 'qa-fanout',
      clients: args.clients,
      questions: args.questions,
      received: done.received,
      expected: done.expected,
      p50_ms: round(done.p50),
      p99_ms: round(done.p99),
      max_ms: round(done.max),
      approve_ack_p50_ms: round(done.approveAckP50),
      first_receive_p50_ms: round(done.firstReceiveP50),
      first_to_last_p50_ms: round(done.spreadP50),
      deliveries: done.deliveries,
      ranking_deliveries: done.rankingDeliveries,
      ranking_per_sec_per_room: round(done.rankingPerSecPerRoom),
      votes_sent: done.votesSent,
      vote_refusals: done.voteRefusals,
      server_cpu_ms: round(serverCpuUs / 1000),
      server_cpu_share: round(serverCpuUs / 1000 / done.wallMs, 2),
      server_cpu_us_per_delivery: round(serverCpuUs / done.deliveries, 2),
      server_rss_kb_per_client: round((rssAfter - rssBefore) / args.clients, 2),
      loadgen_cpu_share: round(done.loadgenCpuShare, 2),
      run_ms: Math.round(done.wallMs),
      node: process.version,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
  } finally {
    loadgen?.kill('SIGKILL');
    await stage.teardown(server);
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
