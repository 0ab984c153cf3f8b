/**
 * Two real server processes (`server/main.ts`) on one PostgreSQL and one Redis prefix:
 * rooms span processes through the Redis streams adapter, limits and coalescing are
 * shared through Redis, and a killed process loses nothing it acknowledged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';
import { citizen } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { connect, liveSession, next, nextChange, nextViewers, ok, recordRankings, refused, setPremoderation, type LiveSession, type QaSocket } from './qa.support';
import { freePort } from '../helpers/free-port';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SECRET = 'test-secret-'.padEnd(40, 'x'); // the fixture app's, so its cookies are valid everywhere
const PREFIX = `c${randomUUID().slice(0, 8)}`;
const RANKING_MS = 200;


interface Server {
  url: string;
  proc: ChildProcess;
  output: string[];
}

async function startServer(port: number): Promise<Server> {
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATABASE_URL: testDatabaseUrl(),
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: PREFIX,
      REDIS_AUTOSTART: 'false',
      PORT: String(port),
      HOST: '127.0.0.1',
      MEDIA_ENABLED: 'false',
      SESSION_SECRET: SECRET,
      DATA_DIR: `/tmp/birge-cluster-${process.pid}-${port}`,
      VIEWER_COUNT_INTERVAL_MS: '100',
      RANKING_INTERVAL_MS: String(RANKING_MS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  proc.stdout.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  await eventually(async () => {
    if (proc.exitCode !== null) throw new Error(`server exited: ${output.join('')}`);
    return (await fetch(`${url}/healthz`)).status === 200;
  }, 45_000, 100).catch((e: Error) => {
    throw new Error(`${e.message}\n${output.join('')}`);
  });
  return { url, proc, output };
}

async function stopServer(s: Server, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (s.proc.exitCode !== null || s.proc.signalCode !== null) return;
  const exited = once(s.proc, 'exit');
  s.proc.kill(signal);
  await exited;
}

let fixtures: TestApp;
let a: Server;
let b: Server;
let portA: number;
const sockets: QaSocket[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);

beforeAll(async () => {
  fixtures = await startTestApp();
  portA = await freePort();
  const portB = await freePort();
  [a, b] = await Promise.all([startServer(portA), startServer(portB)]);
}, 90_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await Promise.all([a, b].filter(Boolean).map((s) => stopServer(s)));
  await fixtures?.stop();
});

async function on(server: Server, live: LiveSession, who?: Parameters<typeof connect>[1]): Promise<QaSocket> {
  const s = track(await connect(server.url, who));
  await ok(s, 'session:join', { sessionId: live.sessionId });
  return s;
}

describe('two server processes', () => {
  it('delivers a question asked on one process to a viewer connected to the other, and moderation back', async () => {
    const live = await liveSession(fixtures);
    const modOnA = await on(a, live, live.moderator);
    const askerOnA = await on(a, live, await citizen(fixtures));
    const viewerOnB = await on(b, live, await citizen(fixtures));
    const viewerOnA = await on(a, live, await citizen(fixtures));

    const queuedOnB = track(await connect(b.url, live.moderator));
    await ok(queuedOnB, 'session:join', { sessionId: live.sessionId });
    const pendingSeenOnB = next(queuedOnB, 'qa:queueUpserted');
    const q = await ok(askerOnA, 'qa:ask', { sessionId: live.sessionId, text: 'Бір процесте сұралды', lang: 'kk' });
    expect((await pendingSeenOnB).question.id).toBe(q.id);

    const arrivedOnB = nextChange(viewerOnB, 'approved');
    const mineOnA = next(askerOnA, 'qa:mine', (m) => m.status === 'approved');
    await ok(queuedOnB, 'qa:approve', { questionId: q.id }); // approved on B
    expect((await arrivedOnB).question).toMatchObject({ id: q.id, text: 'Бір процесте сұралды' });
    await mineOnA;

    await setPremoderation(modOnA, live.sessionId, false);
    const direct = nextChange(viewerOnB, 'approved', (p) => p.question.text === 'Екінші процеске жетті');
    await ok(askerOnA, 'qa:ask', { sessionId: live.sessionId, text: 'Екінші процеске жетті', lang: 'kk' });
    await direct;
    expect((await ok(viewerOnA, 'qa:snapshot', { sessionId: live.sessionId })).approved).toHaveLength(2);
  });

  it('coalesces votes taken by both processes into one ranking stream, not one per process', async () => {
    const live = await liveSession(fixtures);
    const mod = await on(a, live, live.moderator);
    await setPremoderation(mod, live.sessionId, false);
    const q = await ok(mod, 'qa:ask', { sessionId: live.sessionId, text: 'Vote on both sides', lang: 'en' });
    const viewerOnA = await on(a, live, await citizen(fixtures));
    const viewerOnB = await on(b, live, await citizen(fixtures));
    const onA = recordRankings(viewerOnA);
    const onB = recordRankings(viewerOnB);
    const voters = await Promise.all(Array.from({ length: 16 }, async (_, i) => on(i % 2 ? a : b, live, await citizen(fixtures))));
    const started = Date.now();
    await Promise.all(voters.map((v) => ok(v, 'qa:vote', { questionId: q.id })));
    const final = (r: typeof onA) => r.some((e) => e.votes.some(([id, n]) => id === q.id && n === 16));
    await eventually(async () => final(onA) && final(onB));
    const windows = Math.ceil((Date.now() - started) / RANKING_MS) + 1;
    expect(onA.length).toBeLessThanOrEqual(windows);
    // Both viewers got the same messages: one stream for the room, whichever process flushed.
    expect(onB.map((e) => [e.asOf, e.seq, e.votes])).toEqual(onA.map((e) => [e.asOf, e.seq, e.votes]));
  });

  it('counts viewers on both processes together', async () => {
    const live = await liveSession(fixtures);
    const watcher = await on(a, live, await citizen(fixtures));
    const four = nextViewers(watcher, (v) => v.count === 4);
    await on(b, live, await citizen(fixtures));
    await on(b, live, await citizen(fixtures));
    const last = await on(a, live, await citizen(fixtures));
    await four;
    const three = nextViewers(watcher, (v) => v.count === 3);
    last.disconnect();
    await three;
  });

  it('shares rate limits between processes: the budget belongs to the person, not the process', async () => {
    const live = await liveSession(fixtures);
    const person = await citizen(fixtures);
    const onA = await on(a, live, person);
    const onB = await on(b, live, person);
    await ok(onA, 'qa:ask', { sessionId: live.sessionId, text: 'One', lang: 'en' });
    await ok(onB, 'qa:ask', { sessionId: live.sessionId, text: 'Two', lang: 'en' });
    await ok(onA, 'qa:ask', { sessionId: live.sessionId, text: 'Three', lang: 'en' });
    expect((await refused(onB, 'qa:ask', { sessionId: live.sessionId, text: 'Four', lang: 'en' })).code).toBe('rate_limited');
  });

  it('loses nothing it acknowledged when a process is killed and restarted', async () => {
    const live = await liveSession(fixtures);
    const mod = await on(a, live, live.moderator);
    const asker = await on(a, live, await citizen(fixtures));
    const voter = await on(a, live, await citizen(fixtures));
    const approved = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Approved before the crash', lang: 'en' });
    await ok(mod, 'qa:approve', { questionId: approved.id });
    await ok(voter, 'qa:vote', { questionId: approved.id });
    const pending = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Pending at the crash', lang: 'en' });

    await stopServer(a, 'SIGKILL');
    a = await startServer(portA);

    const viewer = await on(a, live, await citizen(fixtures));
    const snap = await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.approved).toEqual([expect.objectContaining({ id: approved.id, votes: 1 })]);
    const modAgain = await on(a, live, live.moderator);
    expect((await ok(modAgain, 'qa:queue', { sessionId: live.sessionId })).pending.map((q) => q.id)).toEqual([pending.id]);
    // The moderator's journal survived too: the approval can still be undone.
    expect((await ok(modAgain, 'qa:undo', { sessionId: live.sessionId })).undone).toBe('approve');
  }, 90_000);
});
