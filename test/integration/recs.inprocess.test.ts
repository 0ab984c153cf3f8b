/**
 * Without a separately deployed worker the API runs one as its child process: started on
 * first need, restarted when it dies, its job then completed by the new child. On the
 * embedded store (PGlite, one process only) the child reads and writes through the API.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { Compilation } from '../../common/compilation.contract';
import { createApp } from '../../server/app';
import { loadConfig } from '../../platform/config';
import { createEmbeddedDb } from '../../platform/db/embedded';
import { migrate } from '../../platform/db/migrate';
import { createLogger } from '../../platform/logger';
import type { RecsModule } from '../../server/recommendations/recs.module';
import { generatedText, prng } from '../../bench/compile-data';
import { startTestApp, type TestApp } from '../helpers/app';
import { TEST_REDIS_URL } from '../helpers/env';
import { citizen } from '../helpers/factories';
import { connect, liveSession, next, ok, type QaSocket } from './qa.support';
import { pdfText } from './recs.support';

const sockets: QaSocket[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);
const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const stop of stops.reverse()) await stop();
});

const KK = 'Ауылдық округтердің бюджетін тұрғындармен бірге талқылау тәртібін енгізу қажет.';

describe('the in-process compile worker', () => {
  it('starts on the first compile, survives being killed mid-job, and completes the job', async () => {
    const app: TestApp = await startTestApp({ COMPILE_LOCK_MS: '2000' });
    stops.push(() => app.stop());
    const recs = app.modules.find((m): m is RecsModule => m.name === 'recommendations')!;
    expect(recs.supervisor!.pid).toBeUndefined();

    const live = await liveSession(app);
    const rand = prng(3);
    const langs = ['kk', 'ru', 'en'] as const;
    const rows = Array.from({ length: 6000 }, (_, i) => ({ text: generatedText(rand, langs[i % 3]!), lang: langs[i % 3]!, ord: i }));
    await app.core.db.query(
      `insert into recommendations(forum_id, session_id, text, lang, state, origin, author_id, author_kind, created_at)
       select $1, $2, x.text, x.lang, 'open', 'citizen', gen_random_uuid(), 'citizen', now() + (x.ord || ' ms')::interval
         from jsonb_to_recordset($3::jsonb) as x(text text, lang text, ord int)`,
      [live.fx.forum.id, live.sessionId, JSON.stringify(rows)],
    );
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const rendering = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'active' && p.progress >= 10, 60_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await rendering;
    const firstPid = recs.supervisor!.pid;
    expect(firstPid).toBeGreaterThan(0);
    process.kill(firstPid!, 'SIGKILL');

    await next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 120_000);
    expect(recs.supervisor!.pid).not.toBe(firstPid);
    const list = (await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data;
    expect(list[0]).toMatchObject({ status: 'done', revision: 1 });
    expect(list[0].artifacts).toHaveLength(5);
  }, 180_000);

  it('compiles on the embedded store, the child reading and writing through the API process', async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `r${randomUUID().slice(0, 8)}`,
      REDIS_AUTOSTART: 'false',
      MEDIA_ENABLED: 'false',
      // Not honoured on the embedded store: only a child of this process can reach the database.
      COMPILE_WORKERS_INPROCESS: 'false',
      DATA_DIR: `/tmp/birge-recs-embedded-${process.pid}`,
    });
    const db = await createEmbeddedDb(undefined);
    await migrate(db);
    const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
    const created = await createApp({ config, log: createLogger('silent'), db, redis, redisUrl: TEST_REDIS_URL, secret: 'test-secret-'.padEnd(40, 'x') });
    await new Promise<void>((resolve) => created.http.listen(0, '127.0.0.1', resolve));
    const app = Object.assign(created, { url: `http://127.0.0.1:${(created.http.address() as AddressInfo).port}`, config });
    stops.push(async () => {
      await created.close();
      await db.close();
      redis.disconnect();
    });
    // The factories only need url, core and services, which this app has.
    const t = app as unknown as TestApp;
    const live = await liveSession(t);
    const s = track(await connect(app.url, await citizen(t)));
    await ok(s, 'recs:submit', { sessionId: live.sessionId, text: KK, lang: 'kk', addressee: 'Қаржы министрлігі' });
    const org = track(await connect(app.url, live.fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: live.fx.forum.id });
    const done = next(org, 'recs:compileProgress', (p) => p.sessionId === live.sessionId && p.state === 'completed', 90_000);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    await done;

    const json = Compilation.parse((await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations/1/json`)).data);
    expect(json.recommendations[0]).toMatchObject({ text: KK, addressee: 'Қаржы министрлігі' });
    expect(await pdfText((await live.fx.org.get(`/api/sessions/${live.sessionId}/compilations/1/pdf`)).data)).toContain(KK);
    const { rows } = await db.query<{ n: number }>('select count(*)::int as n from compile_artifacts');
    expect(rows[0]!.n).toBe(5);
  }, 120_000);
});
