/**
 * Load generator for bench/qa-fanout.ts, run as one or more processes (forked, IPC), each
 * with its share of the real socket.io-client viewers (websocket only) of one session. The
 * lead process also holds the moderator, who asks for questions to be approved (and
 * optionally edited); every process casts its share of the votes on questions its viewers
 * see. Each records when every approval reached each of its viewers (wall clock, comparable
 * across processes on one machine), counts what reaches them, and at the end checks that
 * every viewer's state equals a fresh snapshot (nothing lost, nothing reordered). Several
 * processes keep the load generator's own queue out of the latency: real viewers are not
 * lined up behind one another in one event loop.
 *
 * Two protocols, same clients and workload: `birge` (the server's live frames, applied with
 * the web client's own QaReplica) and `plain` (one message per event, as the bare Socket.IO
 * baseline sends them, applied the plain way). Frames are not parsed with zod here: the
 * load generator shares the machine with the server and its own CPU adds to the latency it
 * measures (the tests and the web client parse them).
 */
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io, type Socket } from 'socket.io-client';
import { z } from 'zod';
import { QaReplica } from '../client/src/live/qa-replica';
import type { ClientToServerEvents, ServerToClientEvents } from '../common/events';
import { QaSnapshot, type QuestionView } from '../common/qa.contract';
import { seeded } from '../workers/recommendations/opinion-math';
import { PLAIN } from './qa-fanout.baseline';

type Viewer = Socket<ServerToClientEvents, ClientToServerEvents>;
type Mode = 'birge' | 'plain';

const ConnectMsg = z.object({
  type: z.literal('connect'),
  mode: z.enum(['birge', 'plain']),
  url: z.url(),
  sessionId: z.uuid(),
  clients: z.number().int().min(1),
  /** The lead process: it holds the moderator and asks this many questions (others: 0). */
  questions: z.number().int().min(0),
  moderatorCookie: z.string(),
});
const RunMsg = z.object({
  type: z.literal('run'),
  approveEveryMs: z.number().int().min(1),
  /** This process's share of the votes. */
  votesPerSec: z.number().min(0),
  editEvery: z.number().int().min(0),
  seed: z.number().int(),
  /** The questions to be approved (the lead's `connected` answer), for everyone's receipts. */
  questions: z.array(z.uuid()),
});
const Msg = z.discriminatedUnion('type', [
  ConnectMsg,
  RunMsg,
  z.object({ type: z.literal('finish') }),
  z.object({ type: z.literal('reference') }),
  z.object({ type: z.literal('check'), fingerprint: z.string() }),
]);
const AckSchema = z.union([z.object({ ok: z.literal(true), data: z.unknown() }), z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string() }) })]);
const Asked = z.object({ ok: z.literal(true), data: z.object({ id: z.uuid() }) });
const Snapshot = z.object(QaSnapshot.shape).pick({ version: true, premoderation: true, approved: true, answered: true, spotlight: true });
type Snapshot = z.infer<typeof Snapshot>;

/** What "the same state" means: the public Q&A as a viewer would show it. */
interface Replica {
  applySnapshot(s: Snapshot): void;
  fingerprint(): string;
  /** Approved questions this viewer sees, to vote on. */
  approved(): string[];
}
const fingerprintOf = (version: number | undefined, premoderation: boolean, spotlight: string | null, questions: Iterable<QuestionView>) =>
  JSON.stringify([
    version,
    premoderation,
    spotlight,
    [...questions].map((q) => [q.id, q.status, q.text, q.votes, q.edited, q.answeredAt]).sort(([a], [b]) => String(a).localeCompare(String(b))),
  ]);
const snapshotFingerprint = (s: Snapshot) => fingerprintOf(s.version, s.premoderation, s.spotlight?.id ?? null, [...s.approved, ...s.answered]);

/** How a plain client keeps up with one message per event: upsert by id, take the newest version and counts. */
class PlainReplica implements Replica {
  private version = 0;
  private premoderation = false;
  readonly questions = new Map<string, QuestionView>();
  applySnapshot(s: Snapshot) {
    this.version = s.version;
    this.premoderation = s.premoderation;
    this.questions.clear();
    for (const q of [...s.approved, ...s.answered]) this.questions.set(q.id, q);
  }
  upsert(version: number, q: QuestionView) {
    this.version = Math.max(this.version, version);
    this.questions.set(q.id, q);
  }
  ranking(votes: [string, number][]) {
    for (const [id, n] of votes) {
      const q = this.questions.get(id);
      if (q) this.questions.set(id, { ...q, votes: n });
    }
  }
  fingerprint() {
    return fingerprintOf(this.version, this.premoderation, null, this.questions.values());
  }
  approved() {
    return [...this.questions.keys()];
  }
}

class FrameReplica implements Replica {
  readonly replica: QaReplica;
  constructor(onGap: () => void) {
    this.replica = new QaReplica(() => undefined, onGap);
  }
  applySnapshot(s: Snapshot) {
    this.replica.applySnapshot(s);
  }
  fingerprint() {
    const s = this.replica.current;
    return fingerprintOf(s.version, s.premoderation, s.spotlight?.id ?? null, s.questions.values());
  }
  approved() {
    return [...this.replica.current.questions.values()].filter((q) => q.status === 'approved').map((q) => q.id);
  }
}

let mode: Mode = 'birge';
const viewers: { s: Viewer; replica: Replica }[] = [];
let moderator: Viewer | undefined;
let sessionId = '';
/** Wall-clock time (ms, sub-ms precision) comparable between processes on one machine. */
const wallNow = () => performance.timeOrigin + performance.now();
/** questionId → when each of this process's viewers received its approval (wallNow). */
const receipts = new Map<string, number[]>();
/** deliveries: messages (frames) received by viewers; events: what they carried (an approval, an edit, a ranking reading, a count). */
const counts = { approved: 0, deliveries: 0, events: 0, rankings: 0, rankingsOnFirst: 0, resyncs: 0 };
let votes: { stop(): void; settled(): Promise<void>; sent: number; refused: number } | undefined;
let runStarted = 0;
let cpuAtRun = process.cpuUsage();

function send(m: unknown) {
  process.send!(m);
}

async function ack(s: Viewer, event: string, payload: unknown): Promise<z.infer<typeof AckSchema>> {
  const loose = s.timeout(30_000) as unknown as { emitWithAck(e: string, p: unknown): Promise<unknown> };
  return AckSchema.parse(await loose.emitWithAck(event, payload));
}

async function snapshotOf(s: Viewer): Promise<Snapshot> {
  const r = await ack(s, 'qa:snapshot', { sessionId });
  if (!r.ok) throw new Error(`snapshot refused: ${r.error.message}`);
  return Snapshot.parse(r.data);
}

function open(url: string, cookie?: string): Promise<Viewer> {
  const s: Viewer = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, ...(cookie ? { extraHeaders: { cookie } } : {}) });
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', reject);
  });
}

function received(questionId: string) {
  const at = wallNow();
  const list = receipts.get(questionId);
  if (!list) return;
  list.push(at);
  counts.approved++;
}

/** The handlers do as little as a real client would: apply what came, nothing more. */
function listen(s: Viewer, first: boolean): Replica {
  if (mode === 'plain') {
    const replica = new PlainReplica();
    const loose = s as unknown as Socket;
    loose.on(PLAIN.approved, (p: { version: number; question: QuestionView }) => {
      counts.deliveries++;
      counts.events++;
      replica.upsert(p.version, p.question);
      received(p.question.id);
    });
    loose.on(PLAIN.updated, (p: { version: number; question: QuestionView }) => {
      counts.deliveries++;
      counts.events++;
      replica.upsert(p.version, p.question);
    });
    loose.on(PLAIN.ranking, (p: { votes: [string, number][] }) => {
      counts.deliveries++;
      counts.events++;
      counts.rankings++;
      if (first) counts.rankingsOnFirst++;
      replica.ranking(p.votes);
    });
    loose.on(PLAIN.viewers, () => {
      counts.deliveries++;
      counts.events++;
    });
    return replica;
  }
  const replica = new FrameReplica(() => {
    counts.resyncs++;
    void snapshotOf(s).then((snap) => replica.applySnapshot(snap));
  });
  s.on('live:frame', (f) => {
    counts.deliveries++;
    if (f.viewers) counts.events++;
    const qa = f.qa;
    if (!qa) return;
    const rankings = qa.rankings?.length ?? 0;
    counts.events += (qa.changes?.length ?? 0) + rankings;
    counts.rankings += rankings;
    if (first) counts.rankingsOnFirst += rankings;
    replica.replica.applyFrame(qa);
    for (const c of qa.changes ?? []) if (c.type === 'approved') received(c.question.id);
  });
  return replica;
}

async function connectAll(m: z.infer<typeof ConnectMsg>) {
  mode = m.mode;
  sessionId = m.sessionId;
  const started = performance.now();
  let next = 0;
  const worker = async () => {
    while (next < m.clients) {
      const i = next++;
      const s = await open(m.url);
      const replica = listen(s, i === 0);
      const joined = await ack(s, 'session:join', { sessionId });
      if (!joined.ok) throw new Error(`join refused: ${joined.error.message}`);
      replica.applySnapshot(await snapshotOf(s));
      viewers[i] = { s, replica };
    }
  };
  await Promise.all(Array.from({ length: 50 }, worker));
  let pending: string[] = [];
  if (m.questions > 0) {
    moderator = await open(m.url, m.moderatorCookie);
    const mj = await ack(moderator, 'session:join', { sessionId });
    if (!mj.ok) throw new Error(`moderator join refused: ${mj.error.message}`);
    // The first viewers ask; under pre-moderation their questions wait for the moderator.
    pending = await Promise.all(
      Array.from({ length: m.questions }, async (_, i) => {
        const r = Asked.parse(await ack(viewers[i % viewers.length]!.s, 'qa:ask', { sessionId, text: `Benchmark question number ${i + 1}?`, lang: 'en' }));
        return r.data.id;
      }),
    );
  }
  send({ type: 'connected', ms: Math.round(performance.now() - started), questions: pending });
}

/** Casts `perSec` votes a second, paced by the clock (a late tick on a busy machine sends what is due), on questions the first viewer sees. */
function startVotes(perSec: number, rnd: () => number) {
  const voted = new Set<string>();
  let startedAt: number | undefined;
  let unanswered = 0;
  const state = { sent: 0, refused: 0 };
  const timer = setInterval(() => {
    const listed = viewers[0]!.replica.approved();
    if (!listed.length) return;
    startedAt ??= performance.now();
    const due = Math.floor(((performance.now() - startedAt) * perSec) / 1000);
    for (let tries = 0; state.sent < due && tries < 1000; tries++) {
      const vi = Math.floor(rnd() * viewers.length);
      const questionId = listed[Math.floor(rnd() * listed.length)]!;
      const key = `${vi}:${questionId}`;
      if (voted.has(key)) continue;
      voted.add(key);
      state.sent++;
      unanswered++;
      viewers[vi]!.s.emit('qa:vote', { questionId }, (r) => {
        unanswered--;
        if (!r.ok) state.refused++;
      });
    }
  }, 20);
  return {
    get sent() {
      return state.sent;
    },
    get refused() {
      return state.refused;
    },
    stop: () => clearInterval(timer),
    async settled() {
      const deadline = performance.now() + 15_000;
      while (unanswered > 0 && performance.now() < deadline) await sleep(20);
    },
  };
}

async function run(m: z.infer<typeof RunMsg>) {
  Object.assign(counts, { approved: 0, deliveries: 0, events: 0, rankings: 0, rankingsOnFirst: 0, resyncs: 0 });
  for (const id of m.questions) receipts.set(id, []);
  // Seeded: the same votes in every run and in both protocols.
  const rnd = seeded(m.seed);
  cpuAtRun = process.cpuUsage();
  runStarted = performance.now();
  votes = startVotes(m.votesPerSec, rnd);
  if (!moderator) return;
  const sentAt: Record<string, number> = {};
  let edits = 0;
  const approved: string[] = [];
  for (const [i, id] of m.questions.entries()) {
    sentAt[id] = wallNow();
    const r = await ack(moderator, 'qa:approve', { questionId: id });
    if (!r.ok) throw new Error(`approve refused: ${r.error.message}`);
    approved.push(id);
    if (m.editEvery && (i + 1) % m.editEvery === 0) {
      const target = approved[Math.floor(rnd() * approved.length)]!;
      const e = await ack(moderator, 'qa:edit', { questionId: target, text: `Benchmark question, edited ${++edits}?` });
      if (!e.ok) throw new Error(`edit refused: ${e.error.message}`);
    }
    await sleep(m.approveEveryMs);
  }
  send({ type: 'approved', sentAt, edits });
}

/** Stops voting and waits until every vote is answered and every approval arrived. */
async function finish() {
  votes!.stop();
  const expected = receipts.size * viewers.length;
  const deadline = performance.now() + 15_000;
  while (counts.approved < expected && performance.now() < deadline) await sleep(20);
  await votes!.settled();
  send({ type: 'quiet' });
}

async function reference() {
  send({ type: 'reference', fingerprint: snapshotFingerprint(await snapshotOf(moderator!)) });
}

/** Every viewer must reach exactly the reference state (all acknowledged votes included). */
async function check(fingerprint: string) {
  const from = performance.now();
  const matching = () => viewers.filter((v) => v.replica.fingerprint() === fingerprint).length;
  let match = matching();
  while (match < viewers.length && performance.now() - from < 10_000) {
    await sleep(50);
    match = matching();
  }
  const cpu = process.cpuUsage(cpuAtRun);
  send({
    type: 'done',
    wallMs: performance.now() - runStarted,
    cpuMs: (cpu.user + cpu.system) / 1000,
    expected: receipts.size * viewers.length,
    received: counts.approved,
    receipts: Object.fromEntries(receipts),
    deliveries: counts.deliveries,
    events: counts.events,
    rankingDeliveries: counts.rankings,
    rankingsOnFirst: counts.rankingsOnFirst,
    votesSent: votes!.sent,
    voteRefusals: votes!.refused,
    resyncs: counts.resyncs,
    clientsMatching: match,
    settleMs: performance.now() - from,
  });
}

process.on('message', (raw) => {
  const m = Msg.parse(raw);
  const job =
    m.type === 'connect' ? connectAll(m) : m.type === 'run' ? run(m) : m.type === 'finish' ? finish() : m.type === 'reference' ? reference() : check(m.fingerprint);
  job.catch((e: unknown) => {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  });
});
process.on('disconnect', () => process.exit(0));
