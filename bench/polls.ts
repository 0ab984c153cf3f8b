/**
 * npm run bench:polls [-- --clients 2000 --window-ms 5000 --loadgens 2]
 *
 * The real server (server/main.ts) as a child on a fresh PostgreSQL database and a private
 * Redis prefix (bench/harness.ts, as bench:qa-fanout); a moderator opens one single-choice poll
 * in a live session; N socket.io-client viewers, split over forked load generators
 * (bench/polls.loadgen.ts), each vote once, spread evenly over the window. Prints one JSON line:
 *
 * - `poll_votes_acked`: votes acknowledged ok; `poll_votes_counted`: the poll's voters as the
 *   server reports them afterwards (GET /api/sessions/:id/polls). They must be equal: the run
 *   fails otherwise.
 * - `poll_update_p99_ms`: for every acknowledged vote and every viewer, the time from the ack
 *   to the first results reading that viewer receives, after the ack, whose voter count is at
 *   least the number of votes acknowledged by then (the count of a reading read after the vote
 *   committed); the 99th percentile over all pairs. Target ≤ 300 ms.
 * - `poll_updates_per_sec_per_room`: frames carrying the poll's results that one viewer
 *   received per second while votes came in. Must be ≤ 10.
 *
 * The machine is shared: read one run's numbers as a rough guide.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { PollsSnapshot } from '../common/polls.contract';
import { benchOrganizer, forkLoadgen, benchStage, runTsx, waitHealthy, WithId } from './harness';

const log = (msg: string) => process.stderr.write(`[polls] ${msg}\n`);
const now = () => performance.timeOrigin + performance.now();

const { values: argv } = parseArgs({
  options: {
    clients: { type: 'string', default: '2000' },
    'window-ms': { type: 'string', default: '5000' },
    loadgens: { type: 'string', default: '2' },
  },
});
const args = z
  .object({ clients: z.coerce.number().int().min(1).max(20_000), windowMs: z.coerce.number().int().min(1), loadgens: z.coerce.number().int().min(1).max(8) })
  .parse({ clients: argv.clients, windowMs: argv['window-ms'], loadgens: argv.loadgens });
const OPTIONS = 3;

const FromLoadgen = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connected'), ms: z.number() }),
  z.object({ type: z.literal('voted'), acks: z.array(z.tuple([z.number(), z.boolean()])) }),
  z.object({ type: z.literal('settled'), readings: z.array(z.array(z.tuple([z.number(), z.number()]))), framesOnFirst: z.number(), allSeen: z.boolean() }),
  z.object({ type: z.literal('error'), message: z.string() }),
]);
type FromLoadgen = z.infer<typeof FromLoadgen>;

const loadgen = () => forkLoadgen('bench/polls.loadgen.ts', FromLoadgen);

const pct = (sorted: Float64Array, p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : null);
const round = (n: number | null, d = 1) => (n === null || !Number.isFinite(n) ? null : Math.round(n * 10 ** d) / 10 ** d);

/**
 * Per viewer, both conditions only ever become easier for later acks, so one pass over the
 * acks (in time order) and the viewer's readings (in arrival order) finds every latency.
 */
function latencies(acks: number[], perViewer: [number, number][][]): Float64Array {
  const out = new Float64Array(acks.length * perViewer.length);
  let n = 0;
  for (const rs of perViewer) {
    let j = 0;
    for (let k = 0; k < acks.length; k++) {
      const at = acks[k]!;
      // k + 1 votes were acknowledged by `at`; a reading made after this vote committed counts at least that many.
      while (j < rs.length && (rs[j]![0] < at || rs[j]![1] < k + 1)) j++;
      if (j === rs.length) break;
      out[n++] = rs[j]![0] - at;
    }
  }
  return out.subarray(0, n).sort();
}

async function main() {
  const stage = await benchStage({ PATH: process.env.PATH }, { MEDIA_ENABLED: 'false', BROADCAST_ENABLED: 'false', POLL_IP_VOTES_PER_MINUTE: '100000000' });
  const { env, url, prefix, dbName } = stage;
  const server = runTsx(['server/main.ts'], env, (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean));
  const gens = Array.from({ length: Math.min(args.loadgens, args.clients) }, loadgen);
  try {
    log(`starting server on :${stage.port} (database ${dbName}, redis prefix ${prefix})`);
    await waitHealthy(server, url);
    const http = await benchOrganizer(url, env, prefix);
    const forum = WithId.parse(await http.post('/api/forums', { slug: `bench-${prefix}`, title: { en: 'Benchmark forum' }, languages: ['kk', 'ru', 'en'], timeZone: 'Asia/Almaty', startsOn: '2026-11-23', days: 1 }));
    const platform = WithId.parse(await http.post(`/api/forums/${forum.id}/platforms`, { title: { en: 'Main hall' } }));
    const session = WithId.parse(await http.post(`/api/forums/${forum.id}/sessions`, { platformId: platform.id, title: { en: 'Polls' }, startsAt: '2026-11-23T05:00:00Z', endsAt: '2026-11-23T07:00:00Z' }));
    await http.post(`/api/sessions/${session.id}/start`);
    const poll = WithId.parse(
      await http.post('/api/polls', {
        sessionId: session.id,
        kind: 'single',
        question: { kk: 'Қай шара маңыздырақ?', ru: 'Какая мера важнее?', en: 'Which measure matters more?' },
        options: [{ en: 'Open budget' }, { en: 'Public councils' }, { en: 'E-petitions' }],
      }),
    );
    await http.post(`/api/polls/${poll.id}/open`);

    const share = (i: number) => Math.floor(args.clients / gens.length) + (i < args.clients % gens.length ? 1 : 0);
    log(`connecting ${args.clients} viewers from ${gens.length} processes`);
    const connected = Promise.all(gens.map((g) => g.next('connected')));
    gens.forEach((g, i) => g.child.send({ type: 'connect', url, sessionId: session.id, pollId: poll.id, clients: share(i), options: OPTIONS }));
    const connectMs = Math.max(...(await connected).map((c) => c.ms));
    await sleep(1000);

    // Viewer g of process p is the (p + g·P)-th voter overall: the processes interleave evenly over the window.
    const startAt = now() + 500;
    log(`connected in ${connectMs} ms; ${args.clients} votes over ${args.windowMs} ms`);
    const voted = Promise.all(gens.map((g) => g.next('voted')));
    gens.forEach((g, p) => g.child.send({ type: 'vote', startAt, offsets: Array.from({ length: share(p) }, (_, k) => ((p + k * gens.length) / args.clients) * args.windowMs) }));
    const acks = (await voted).flatMap((v) => v.acks);
    const votingMs = Math.max(...acks.map(([t]) => t)) - startAt;
    const okAcks = acks.filter(([, ok]) => ok).map(([t]) => t).sort((a, b) => a - b);

    const res = await fetch(`${url}/api/sessions/${session.id}/polls`, { headers: { cookie: http.cookie } });
    const counted = PollsSnapshot.parse(await res.json()).polls.find((p) => p.id === poll.id)!.results.voters;
    log(`acked ${okAcks.length}, counted ${counted}; waiting for every viewer to see ${counted}`);
    const settled = Promise.all(gens.map((g) => g.next('settled')));
    for (const g of gens) g.child.send({ type: 'settle', voters: counted, timeoutMs: 15_000 });
    const parts = await settled;
    const perViewer = parts.flatMap((p) => p.readings);
    const lat = latencies(okAcks, perViewer);
    const first = perViewer[0] ?? [];
    // The first viewer's readings while votes came in: from the first ack to the first reading with every vote.
    const windowEnd = first.find(([, v]) => v >= counted)?.[0] ?? now();
    const inWindow = first.filter(([t]) => t >= (okAcks[0] ?? startAt) && t <= windowEnd).length;
    const windowSec = Math.max(0.001, (windowEnd - (okAcks[0] ?? startAt)) / 1000);

    const result = {
      bench: 'polls',
      clients: args.clients,
      window_ms: args.windowMs,
      loadgens: gens.length,
      poll_votes_sent: acks.length,
      poll_votes_acked: okAcks.length,
      poll_votes_counted: counted,
      voting_ms: Math.round(votingMs),
      viewers_seeing_final_total: parts.every((p) => p.allSeen) ? perViewer.length : perViewer.filter((rs) => (rs.at(-1)?.[1] ?? 0) >= counted).length,
      poll_update_p50_ms: round(pct(lat, 0.5)),
      poll_update_p99_ms: round(pct(lat, 0.99)),
      poll_update_max_ms: round(pct(lat, 1)),
      latency_pairs: lat.length,
      poll_updates_per_sec_per_room: round(inWindow / windowSec, 2),
      connect_ms: connectMs,
      node: process.version,
    };
    process.stdout.write(JSON.stringify(result) + '\n');
    if (okAcks.length !== counted) throw new Error(`acknowledged ${okAcks.length} votes but the poll counts ${counted}`);
    if (lat.length !== okAcks.length * perViewer.length) throw new Error(`${okAcks.length * perViewer.length - lat.length} (vote, viewer) pairs never saw a total including the vote`);
  } finally {
    for (const g of gens) g.child.kill('SIGKILL');
    await stage.teardown(server);
  }
}

main().catch((e: unknown) => {
  log(e instanceof Error ? (e.stack ?? e.message) : String(e));
  process.exit(1);
});
