/**
 * Worker reliability on real Redis and PostgreSQL: a worker process killed mid-job
 * leaves no partial artifact and the job completes on the next worker; a malformed job
 * fails once, visibly; a transient failure is retried with backoff.
 */
import { createHash } from 'node:crypto';
import { Queue, QueueEvents } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix, COMPILE_QUEUE, type Artifact, type TrackerSeed } from '../../common/jobs';
import type { CompileRevisionView } from '../../common/recs.contract';
import { createPostgresDb } from '../../platform/db/postgres';
import type { Db } from '../../platform/db';
import { createLogger } from '../../platform/logger';
import { DbCompileStore } from '../../workers/recommendations/compile.store';
import { socketIoStream } from '../../platform/redis-keys';
import { StreamsEmitter } from '../../workers/realtime/streams-emitter';
import { createCompileWorker } from '../../workers/recommendations/compile.worker';
import { RenderPool } from '../../workers/recommendations/render.runner';
import { generatedText, prng } from '../../bench/compile-data';
import { startTestApp, type TestApp } from '../helpers/app';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';
import { admin, citizen } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { connect, liveSession, next, ok, type QaSocket } from './qa.support';
import { startWorker, type WorkerProcess } from './recs.support';

let app: TestApp;
let db: Db;
let redis: Redis;
const sockets: QaSocket[] = [];
const workers: WorkerProcess[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);

beforeAll(async () => {
  // A short lock so a killed worker's job is handed on within seconds.
  app = await startTestApp({ COMPILE_WORKERS_INPROCESS: 'false', COMPILE_LOCK_MS: '2000' });
  db = createPostgresDb(testDatabaseUrl(), 3);
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const w of workers) await w.kill('SIGKILL');
  await app?.stop();
  await db?.close();
  redis?.disconnect();
});

/** Adds many recommendations straight into the table, so compiling takes long enough to be interrupted. */
async function bulkRecommendations(forumId: string, sessionId: string, n: number) {
  const rand = prng(7);
  const langs = ['kk', 'ru', 'en'] as const;
  const rows = Array.from({ length: n }, (_, i) => ({ text: generatedText(rand, langs[i % 3]!), lang: langs[i % 3] }));
  await db.query(
    `insert into recommendations(forum_id, session_id, text, lang, state, origin, author_id, author_kind, endorsements, created_at)
     select $1, $2, x.text, x.lang, 'open', 'citizen', gen_random_uuid(), 'citizen', 0, now() + (x.ord || ' ms')::interval
       from jsonb_array_elements($3::jsonb) with ordinality as e(v, ord), jsonb_to_record(e.v) as x(text text, lang text, ord int)`,
    [forumId, sessionId, JSON.stringify(rows.map((r, i) => ({ ...r, ord: i })))],
  );
}

async function revisionRow(sessionId: string) {
  const { rows } = await db.query<{ id: string; status: string; artifacts: number }>(
    `select r.id, r.status, (select count(*)::int from compile_artifacts a where a.revision_id = r.id) as artifacts
       from compile_revisions r where r.session_id = $1`,
    [sessionId],
  );
  return rows;
}

describe('compile worker reliability', () => {
  it('leaves no partial artifact when a worker is killed mid-job, and the next worker (the built one) completes the job', async () => {
    const live = await liveSession(app);
    await bulkRecommendations(live.fx.forum.id, live.sessionId, 6000);
    const first = await startWorker(app);
    workers.push(first);
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const rendering = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'active' && p.progress >= 10, 60_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await rendering;

    await first.kill('SIGKILL');
    const [afterKill] = await revisionRow(live.sessionId);
    expect(afterKill).toMatchObject({ status: 'running', artifacts: 0 });

    // The next one is the production build (no TypeScript at run time), render process and all.
    const second = await startWorker(app, {}, { built: true });
    workers.push(second);
    await next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 90_000);
    const [done] = await revisionRow(live.sessionId);
    expect(done).toMatchObject({ status: 'done', artifacts: 5 });
    const list = (await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
    expect(list[0]!.artifacts).toHaveLength(5);
    // A large artifact is read back in slices and reassembled byte for byte.
    const md = list[0]!.artifacts.find((a) => a.format === 'md')!;
    expect(md.size).toBeGreaterThan(1024 * 1024);
    const got = await live.fx.org.get(md.url);
    expect(createHash('sha256').update(got.data).digest('hex')).toBe(md.sha256);
    await second.kill();
  }, 180_000);

  it("fails a malformed job at once, without retries, and shows it as failed on the administrators' queue dashboard", async () => {
    const queue = new Queue(COMPILE_QUEUE, { connection: redis, prefix: bullPrefix(app.config.redis.prefix) });
    const events = new QueueEvents(COMPILE_QUEUE, { connection: redis.duplicate(), prefix: bullPrefix(app.config.redis.prefix) });
    await events.waitUntilReady();
    const w = await startWorker(app);
    workers.push(w);
    const job = await queue.add('session', { kind: 'session', sessionId: 'not-a-uuid', revision: 0 }, { attempts: 5, backoff: { type: 'fixed', delay: 100 } });
    const failed = new Promise<string>((resolve) => events.on('failed', ({ jobId, failedReason }) => jobId === job.id && resolve(failedReason)));
    expect(await failed).toMatch(/malformed compile job/);
    const state = await queue.getJob(job.id!);
    expect(await state!.getState()).toBe('failed');
    expect(state!.attemptsMade).toBe(1);

    const fx = await liveSession(app);
    const root = await admin(app);
    const board = await root.get(`/api/admin/queues/api/queues?activeQueue=${COMPILE_QUEUE}&status=failed`);
    expect(board.status).toBe(200);
    const q = board.data.queues.find((x: { name: string }) => x.name === COMPILE_QUEUE);
    expect(q.counts.failed).toBeGreaterThanOrEqual(1);
    expect(q.jobs.map((j: { id: string }) => j.id)).toContain(job.id);
    expect((await (await citizen(app)).get(`/api/admin/queues/api/queues`)).status).toBe(403);
    expect((await fx.moderator.get(`/api/admin/queues`)).status).toBe(403);
    const page = await root.get('/api/admin/queues');
    expect(page.status).toBe(200);
    const html = page.data.toString('utf8');
    expect(html).toContain('<div id="root">');
    // Its scripts load from our own origin (the CSP allows nothing else), behind the same check.
    const script = /src="(static\/js\/main[^"]+)"/.exec(html)![1]!;
    const js = await root.get(`/api/admin/queues/${script}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await (await citizen(app)).get(`/api/admin/queues/${script}`)).status).toBe(403);
    expect((await fx.fx.org.get(`/api/admin/queues/${script}`)).status).toBe(403);
    await events.close();
    await queue.close();
    await w.kill();
  }, 60_000);

  it('retries a job after a transient failure, with backoff, and completes it', async () => {
    const live = await liveSession(app);
    const s = track(await connect(app.url, await citizen(app)));
    await ok(s, 'recs:submit', { sessionId: live.sessionId, text: 'Сот шешімдерін интернетте жариялау керек.', lang: 'kk' });
    // A store whose first commit fails as a dropped database connection would.
    const real = new DbCompileStore(db);
    let failures = 0;
    const flaky = Object.assign(Object.create(real) as DbCompileStore, {
      async complete(inputId: string, artifacts: Artifact[], tracker: TrackerSeed[] | null) {
        if (failures++ === 0) throw new Error('Connection terminated unexpectedly');
        return real.complete(inputId, artifacts, tracker);
      },
    });
    const emitter = new StreamsEmitter(redis, socketIoStream(app.config.redis.prefix));
    const renderers = new RenderPool();
    const w = createCompileWorker({ redisUrl: TEST_REDIS_URL, redisPrefix: app.config.redis.prefix, store: flaky, emitter, render: (i, p) => renderers.render(i, p), log: createLogger('silent'), concurrency: 1, lockMs: 5000 });
    try {
      const completed = new Promise<{ processedOn?: number; timestamp: number }>((resolve) => w.worker.on('completed', (job) => resolve(job)));
      await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
      const job = await completed;
      expect(failures).toBe(2);
      // The retry waited for the first backoff step (2 s).
      expect(job.processedOn! - job.timestamp).toBeGreaterThanOrEqual(2000);
      await eventually(async () => (await revisionRow(live.sessionId))[0]?.status === 'done');
    } finally {
      await w.close();
      await renderers.close();
    }
  }, 60_000);
});
