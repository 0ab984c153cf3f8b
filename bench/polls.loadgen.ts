/**
 * Load generator for bench/polls.ts, forked (IPC) like qa-fanout's: each process holds its share
 * of real socket.io-client viewers (websocket only, no cookie: each gets its own citizen
 * identity) in one live session. Every viewer records when each results reading of the poll
 * reached it (wall clock, comparable across processes on one machine) and the number of voters
 * it carried; at its scheduled moment each viewer votes once and records when the ack came.
 * Frames are read without zod, as in qa-fanout: the generator's CPU would add to the latency.
 */
import { performance } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import type { ClientToServerEvents, ServerToClientEvents } from '../common/events';

type Viewer = Socket<ServerToClientEvents, ClientToServerEvents>;

const Msg = z.discriminatedUnion('type', [
  z.object({ type: z.literal('connect'), url: z.url(), sessionId: z.uuid(), pollId: z.uuid(), clients: z.number().int().min(1), options: z.number().int().min(1) }),
  /** Viewer i of this process votes at `startAt + offsets[i]` (wall clock ms). */
  z.object({ type: z.literal('vote'), startAt: z.number(), offsets: z.array(z.number()) }),
  /** Waits until every viewer saw a reading with at least `voters` voters (or `timeoutMs` passed), then reports. */
  z.object({ type: z.literal('settle'), voters: z.number().int(), timeoutMs: z.number().int() }),
]);
const AckSchema = z.object({ ok: z.boolean() });

const now = () => performance.timeOrigin + performance.now();
const send = (m: unknown) => process.send?.(m);

let pollId = '';
let options = 1;
const viewers: Viewer[] = [];
/** Per viewer: [arrival, voters] of each reading of the poll, in arrival order. */
const readings: [number, number][][] = [];
/** Frames that carried the poll's results, on this process's first viewer. */
let framesOnFirst = 0;

function open(url: string): Promise<Viewer> {
  const s: Viewer = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function listen(s: Viewer, i: number): void {
  const mine: [number, number][] = (readings[i] = []);
  s.on('live:frame', (f) => {
    const at = now();
    const rs = f.polls?.results;
    if (!rs) return;
    let carried = false;
    for (const r of rs) {
      if (r.pollId !== pollId) continue;
      carried = true;
      mine.push([at, r.voters]);
    }
    if (carried && i === 0) framesOnFirst++;
  });
}

async function connectAll(url: string, sessionId: string, clients: number): Promise<void> {
  const started = now();
  let next = 0;
  const worker = async () => {
    while (next < clients) {
      const i = next++;
      const s = await open(url);
      listen(s, i);
      const joined = AckSchema.parse(await s.timeout(30_000).emitWithAck('session:join', { sessionId }));
      if (!joined.ok) throw new Error('join refused');
      viewers[i] = s;
    }
  };
  // A few connections in flight at once, as a crowd arriving would.
  await Promise.all(Array.from({ length: 20 }, worker));
  send({ type: 'connected', ms: Math.round(now() - started) });
}

async function voteAll(startAt: number, offsets: number[]): Promise<void> {
  const acks: [number, boolean][] = [];
  await Promise.all(
    viewers.map(async (s, i) => {
      const wait = startAt + offsets[i]! - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const r = await s
        .timeout(30_000)
        .emitWithAck('poll:vote', { pollId, choices: [i % options] })
        .then((raw) => AckSchema.parse(raw).ok, () => false);
      acks.push([now(), r]);
    }),
  );
  send({ type: 'voted', acks });
}

async function settle(voters: number, timeoutMs: number): Promise<void> {
  const until = now() + timeoutMs;
  const seen = () => readings.every((rs) => (rs.at(-1)?.[1] ?? 0) >= voters);
  while (!seen() && now() < until) await new Promise((r) => setTimeout(r, 50));
  send({ type: 'settled', readings, framesOnFirst, allSeen: seen() });
  for (const s of viewers) s.disconnect();
}

process.on('message', (raw) => {
  const m = Msg.parse(raw);
  const done = (p: Promise<void>) => p.catch((e: unknown) => send({ type: 'error', message: e instanceof Error ? e.message : String(e) }));
  if (m.type === 'connect') {
    pollId = m.pollId;
    options = m.options;
    void done(connectAll(m.url, m.sessionId, m.clients));
  } else if (m.type === 'vote') void done(voteAll(m.startAt, m.offsets));
  else void done(settle(m.voters, m.timeoutMs));
});
