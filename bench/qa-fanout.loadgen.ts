/**
 * Load generator for bench/qa-fanout.ts, run as its own process (forked, IPC): N real
 * socket.io-client viewers (websocket only) in one session, a moderator approving
 * questions, and a stream of votes. Measures approve → receive on every viewer.
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../common/events';

type Viewer = Socket<ServerToClientEvents, ClientToServerEvents>;

const ConnectMsg = z.object({
  type: z.literal('connect'),
  url: z.url(),
  sessionId: z.uuid(),
  clients: z.number().int().min(1),
  questions: z.number().int().min(1),
  moderatorCookie: z.string(),
});
const RunMsg = z.object({ type: z.literal('run'), approveEveryMs: z.number().int().min(1), votesPerSec: z.number().min(0) });
const Msg = z.discriminatedUnion('type', [ConnectMsg, RunMsg]);
const AckSchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })]);
const Asked = z.object({ ok: z.literal(true), data: z.object({ id: z.uuid() }) });

const viewers: Viewer[] = [];
let moderator: Viewer | undefined;
let sessionId = '';
let pending: string[] = [];
/** questionId → performance.now() when the approve was sent */
const sentAt = new Map<string, number>();
const latencies: number[] = [];
/** Per question: when the moderator's ack came back, and the first and last viewer receipt. */
const ackMs: number[] = [];
const firstAt = new Map<string, number>();
const lastAt = new Map<string, number>();
const counts = { approved: 0, ranking: 0, viewers: 0, rankingOnFirst: 0 };

function send(m: unknown) {
  process.send!(m);
}

async function ack(s: Viewer, event: keyof ClientToServerEvents, payload: unknown): Promise<z.infer<typeof AckSchema>> {
  const loose = s.timeout(30_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
  return AckSchema.parse(await loose.emitWithAck(event, payload));
}

function open(url: string, cookie?: string): Promise<Viewer> {
  const s: Viewer = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

async function connectAll(m: z.infer<typeof ConnectMsg>) {
  sessionId = m.sessionId;
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < m.clients) {
      const i = next++;
      const s = await open(m.url);
      const first = i === 0;
      // The handlers do as little as possible: the load generator's own CPU adds to the latency it measures.
      s.on('qa:questionApproved', (p) => {
        const t = sentAt.get(p.question.id);
        if (t !== undefined) {
          const now = performance.now();
          latencies.push(now - t);
          if (!firstAt.has(p.question.id)) firstAt.set(p.question.id, now - t);
          lastAt.set(p.question.id, now - t);
        }
        counts.approved++;
      });
      s.on('qa:ranking', () => {
        counts.ranking++;
        if (first) counts.rankingOnFirst++;
      });
      s.on('session:viewers', () => counts.viewers++);
      const joined = await ack(s, 'session:join', { sessionId });
      if (!joined.ok) throw new Error(`join refused: ${joined.error.message}`);
      const snap = await ack(s, 'qa:snapshot', { sessionId });
      if (!snap.ok) throw new Error(`snapshot refused: ${snap.error.message}`);
      viewers[i] = s;
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  moderator = await open(m.url, m.moderatorCookie);
  const mj = await ack(moderator, 'session:join', { sessionId });
  if (!mj.ok) throw new Error(`moderator join refused: ${mj.error.message}`);
  // The first viewers ask; under pre-moderation their questions wait for the moderator.
  pending = await Promise.all(
    Array.from({ length: m.questions }, async (_, i) => {
      const r = Asked.parse(await ack(viewers[i % viewers.length]!, 'qa:ask', { sessionId, text: `Benchmark question number ${i + 1}?`, lang: 'en' }));
      return r.data.id;
    }),
  );
  send({ type: 'connected', ms: Math.round(performance.now() - started) });
}

async function run(m: z.infer<typeof RunMsg>) {
  Object.assign(counts, { approved: 0, ranking: 0, viewers: 0, rankingOnFirst: 0 });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const approved: string[] = [];
  const voted = new Set<string>();
  let votesSent = 0;
  let voteRefusals = 0;
  const voteTimer = setInterval(() => {
    if (!approved.length) return;
    const perTick = (m.votesPerSec * 20) / 1000;
    const n = Math.floor(perTick) + (Math.random() < perTick % 1 ? 1 : 0);
    for (let k = 0; k < n; k++) {
      const vi = Math.floor(Math.random() * viewers.length);
      const questionId = approved[Math.floor(Math.random() * approved.length)]!;
      const key = `${vi}:${questionId}`;
      if (voted.has(key)) continue;
      voted.add(key);
      votesSent++;
      viewers[vi]!.emit('qa:vote', { questionId }, (r) => {
        if (!r.ok) voteRefusals++;
      });
    }
  }, 20);

  for (const id of pending) {
    sentAt.set(id, performance.now());
    const r = await ack(moderator!, 'qa:approve', { questionId: id });
    if (!r.ok) throw new Error(`approve refused: ${r.error.message}`);
    ackMs.push(performance.now() - sentAt.get(id)!);
    approved.push(id);
    await sleep(m.approveEveryMs);
  }
  const expected = pending.length * viewers.length;
  const deadline = performance.now() + 15_000;
  while (counts.approved < expected && performance.now() < deadline) await sleep(20);
  clearInterval(voteTimer);
  // Let the last coalesced ranking land.
  await sleep(500);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? null;
  };
  const q = (p: number) => pct(latencies, p);
  send({
    type: 'done',
    wallMs,
    expected,
    received: counts.approved,
    p50: q(0.5),
    p99: q(0.99),
    max: pct(latencies, 1),
    // Where the time goes: the moderator's approve round trip (database), the first viewer
    // reached, and the spread from first to last viewer (fan-out plus this process's own queue).
    approveAckP50: pct(ackMs, 0.5),
    firstReceiveP50: pct([...firstAt.values()], 0.5),
    spreadP50: pct([...pending].map((id) => (lastAt.get(id) ?? 0) - (firstAt.get(id) ?? 0)), 0.5),
    deliveries: counts.approved + counts.ranking + counts.viewers,
    rankingDeliveries: counts.ranking,
    rankingPerSecPerRoom: (counts.rankingOnFirst / wallMs) * 1000,
    votesSent,
    voteRefusals,
    loadgenCpuShare: (cpu.user + cpu.system) / 1000 / wallMs,
  });
}

process.on('message', (raw) => {
  const m = Msg.parse(raw);
  const job = m.type === 'connect' ? connectAll(m) : run(m);
  job.catch((e: unknown) => {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
});
process.on('disconnect', () => process.exit(0));
