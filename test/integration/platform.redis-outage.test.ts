/**
 * Redis goes away (killed, as a crash would) and comes back. The server keeps answering what
 * does not need Redis for the answer: /healthz says 503 at once, ending a session is committed
 * and answered at once, and the compilation it asked for goes out when Redis is back, even if
 * the server that took the request is gone by then.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { finalizeJobId, RECORDING_QUEUE } from '../../common/broadcast.contract';
import { bullPrefix } from '../../common/jobs';
import type { CompileRevisionView } from '../../common/recs.contract';
import { startTestApp, type TestApp } from '../helpers/app';
import { admin, citizen } from '../helpers/factories';
import { Client } from '../helpers/http';
import { PrivateRedis } from '../helpers/private-redis';
import { eventually } from '../helpers/wait-for';
import { connect, liveSession, ok, type QaSocket } from './qa.support';

let redis: PrivateRedis;
const sockets: QaSocket[] = [];
const stops: (() => Promise<void>)[] = [];
beforeAll(async () => {
  redis = await PrivateRedis.start();
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const stop of stops.reverse()) await stop().catch(() => undefined);
  await redis.stop();
});

async function appOn(prefix: string): Promise<TestApp> {
  const app = await startTestApp({ REDIS_URL: redis.url, REDIS_PREFIX: prefix, COMPILE_LOCK_MS: '3000' });
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.stop();
  };
  stops.push(stop);
  return Object.assign(app, { stop });
}

async function timed<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  const value = await fn();
  return { value, ms: performance.now() - t0 };
}

describe('while Redis is down', () => {
  it('answers /healthz with 503 within a second, naming Redis, and 200 again once it is back', { timeout: 60_000 }, async () => {
    const app = await appOn(`h${randomUUID().slice(0, 8)}`);
    const probe = await admin(app);
    const anonymous = new Client(app.url);
    expect((await probe.get('/healthz')).status).toBe(200);

    await redis.kill();
    try {
      // Twice: the first right after the kill, the second once every client is reconnecting.
      for (let i = 0; i < 2; i++) {
        const { value: r, ms } = await timed(() => probe.get('/healthz'));
        expect(r.status).toBe(503);
        expect(ms).toBeLessThan(1000);
        expect(r.data).toMatchObject({ ok: false, database: { ok: true }, redis: { ok: false } });
        const bare = await timed(() => anonymous.get('/healthz'));
        expect({ status: bare.value.status, body: bare.value.data }).toEqual({ status: 503, body: { ok: false } });
        expect(bare.ms).toBeLessThan(1000);
        await new Promise((resolve) => setTimeout(resolve, 1500));
      }
    } finally {
      await redis.restart();
    }
    await eventually(async () => (await probe.get('/healthz')).status === 200, 20_000, 200);
  });

  it('ends a session at once, and compiles it once Redis is back, on another server if the first is gone', { timeout: 120_000 }, async () => {
    const prefix = `e${randomUUID().slice(0, 8)}`;
    const first = await appOn(prefix);
    const live = await liveSession(first);
    const s = await connect(first.url, await citizen(first));
    sockets.push(s);
    const text = 'Аудандық әкімдіктердің есептерін онлайн тыңдау тәртібін енгізу керек.';
    await ok(s, 'recs:submit', { sessionId: live.sessionId, text, lang: 'kk' });

    await redis.kill();
    let restarted = false;
    try {
      // Well into the outage: the Redis clients have given up on their first reconnects.
      await new Promise((resolve) => setTimeout(resolve, 10_000));
      const { value: ended, ms } = await timed(() => live.fx.org.post(`/api/sessions/${live.sessionId}/end`));
      expect(ended.status).toBe(200);
      expect(ended.data).toMatchObject({ state: 'ended' });
      expect(ms).toBeLessThan(1500);
      // The requests for the compilation and the recording's finalization are committed with the end, waiting for Redis.
      const pending = await first.core.outbox.pending();
      const topics = pending.map((p) => p.topic);
      expect(topics).toContain('recording.finalize');
      // Still to gather the input, or gathered and waiting to enqueue the revision's job.
      expect(topics.filter((t) => t === 'compile.session' || t === 'compile.enqueue')).toHaveLength(1);
      // Operators see the hand-offs waiting.
      const metrics = (await new Client(first.url).get('/metrics')).data.toString('utf8');
      expect(metrics).toMatch(/^birge_outbox_pending 2$/m);

      // The server that took the request goes away before Redis returns.
      await first.stop();
      await redis.restart();
      restarted = true;
    } finally {
      if (!restarted) await redis.restart();
    }

    const second = await appOn(prefix);
    const org = live.fx.org.at(second.url);
    const done = await eventually(async () => {
      const list = (await org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
      return list.find((r) => r.status === 'done');
    }, 90_000, 250);
    expect(done).toMatchObject({ revision: 1, reason: 'session.ended' });
    const md = await org.get(`/api/sessions/${live.sessionId}/compilations/1/md`);
    expect(md.data.toString('utf8')).toContain(text);
    // The requests leave the outbox once handed on (their first attempts failed while Redis was away).
    await eventually(async () => (await second.core.outbox.pending()).length === 0, 30_000, 250);
    // The recording hand-off was settled too: this app runs without media, so the program wrote no
    // segment, the recording is settled as 'off' and no finalization is asked of the workers.
    expect((await org.get(`/api/sessions/${live.sessionId}/recording`)).data).toMatchObject({ state: 'off', error: null });
    const finalize = new Queue(RECORDING_QUEUE, { connection: { url: redis.url }, prefix: bullPrefix(prefix) });
    try {
      expect(await finalize.getJob(finalizeJobId({ sessionId: live.sessionId, revision: 1 }))).toBeUndefined();
    } finally {
      await finalize.close();
    }
  });

  it("accepts an organizer's recompile, and compiles it once Redis is back, with no restart", { timeout: 120_000 }, async () => {
    const app = await appOn(`r${randomUUID().slice(0, 8)}`);
    const live = await liveSession(app);
    const s = await connect(app.url, await citizen(app));
    sockets.push(s);
    const item = await ok(s, 'recs:submit', { sessionId: live.sessionId, text: 'Publish every council decision within a week.', lang: 'en' });
    const revisions = async () => (await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await eventually(async () => (await revisions()).some((r) => r.revision === 1 && r.status === 'done'), 90_000, 250);
    const mod = await connect(app.url, live.moderator);
    sockets.push(mod);
    await ok(mod, 'recs:edit', { recommendationId: item.id, text: 'Publish every council decision within three days.', reason: 'sooner' });

    await redis.kill();
    let restarted = false;
    try {
      const again = await live.fx.org.post(`/api/sessions/${live.sessionId}/compilations/recompile`);
      expect(again.status).toBe(202);
      expect(again.data).toMatchObject({ revision: 2, status: 'queued', reason: 'recompile' });
      await redis.restart();
      restarted = true;
    } finally {
      if (!restarted) await redis.restart();
    }
    await eventually(async () => (await revisions()).some((r) => r.revision === 2 && r.status === 'done'), 90_000, 250);
    const md = await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations/2/md`);
    expect(md.data.toString('utf8')).toContain('within three days');
  });

  it('keeps running when sockets drop and the server closes while Redis is down (their recovery sessions cannot be saved)', { timeout: 60_000 }, async () => {
    const app = await appOn(`d${randomUUID().slice(0, 8)}`);
    const dropped = await connect(app.url, await citizen(app));
    const staying = await connect(app.url, await citizen(app));
    sockets.push(dropped, staying);
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    await redis.kill();
    try {
      // A lost connection (not a goodbye) is one the adapter keeps a recovery session for: a SET that Redis is not there to take.
      const gone = new Promise<void>((resolve) => dropped.once('disconnect', () => resolve()));
      dropped.io.engine.close();
      await gone;
      // Long enough for the client's first round of reconnects to give up on what it had queued.
      await new Promise((resolve) => setTimeout(resolve, 4000));
      // Shutting down saves a recovery session for every socket still there, and closes the adapter's connection.
      await app.stop();
      await new Promise((resolve) => setTimeout(resolve, 1000));
    } finally {
      process.off('unhandledRejection', record);
      await redis.restart();
    }
    expect(unhandled).toEqual([]);
  });
});
