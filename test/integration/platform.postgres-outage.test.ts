/**
 * PostgreSQL restarts (stopped as a crash stops it, then started again) during a live session.
 * Writes meanwhile are refused with a clear, typed error (`unavailable`, 503 with Retry-After),
 * never half-done and never taken as accepted; once the database is back the same server
 * process takes writes again by itself, and everything acknowledged before is still there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresDb } from '../../platform/db/postgres';
import { migrate } from '../../platform/db/migrate';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import { Client } from '../helpers/http';
import { PrivatePostgres } from '../helpers/private-postgres';
import { eventually } from '../helpers/wait-for';
import { call, joined, liveSession, ok, type QaSocket } from './qa.support';

let pgs: PrivatePostgres;
let app: TestApp;
const sockets: QaSocket[] = [];
beforeAll(async () => {
  pgs = await PrivatePostgres.start();
  const admin = createPostgresDb(pgs.url(), 1);
  await admin.query('create database birge');
  await admin.close();
  const db = createPostgresDb(pgs.url('birge'), 1);
  await migrate(db);
  await db.close();
  app = await startTestApp({ DATABASE_URL: pgs.url('birge'), QA_QUESTIONS_PER_MINUTE: '30', COMPILE_WORKERS_INPROCESS: 'false' });
}, 120_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app?.stop().catch(() => undefined);
  await pgs?.stop();
});

describe('while PostgreSQL restarts', () => {
  it('refuses writes with unavailable (503, Retry-After), then takes them again by itself, losing nothing acknowledged', { timeout: 120_000 }, async () => {
    const live = await liveSession(app);
    const asker = await citizen(app);
    const s = await joined(app, live.sessionId, asker);
    sockets.push(s);
    const before = await ok(s, 'qa:ask', { sessionId: live.sessionId, text: 'Asked before the restart', lang: 'en' });

    await pgs.crash();
    let back = false;
    try {
      const t0 = performance.now();
      const during = await call(s, 'qa:ask', { sessionId: live.sessionId, text: 'Asked while the database is down', lang: 'en' });
      expect(during).toMatchObject({ ok: false, error: { code: 'unavailable' } });
      expect(performance.now() - t0).toBeLessThan(3000);

      const http = await live.fx.org.post('/api/forums', {
        slug: 'during-outage',
        title: { en: 'During the outage' },
        languages: ['en'],
        timeZone: 'Asia/Almaty',
        startsOn: '2026-12-01',
        days: 1,
      });
      expect(http.status).toBe(503);
      expect(http.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(http.data).toMatchObject({ status: 503, code: 'unavailable' });
      expect(Number(http.headers.get('retry-after'))).toBeGreaterThan(0);

      // Nobody can be recognized as an administrator without the database: everyone gets the bare status.
      const health = await new Client(app.url).get('/healthz');
      expect(health.status).toBe(503);
      expect(health.data).toEqual({ ok: false });

      await pgs.restart();
      back = true;
    } finally {
      if (!back) await pgs.restart();
    }

    // The same process, no restart: the pool replaces its dead connections.
    const after = await eventually(async () => {
      const r = await call(s, 'qa:ask', { sessionId: live.sessionId, text: 'Asked after the restart', lang: 'en' });
      return r.ok ? r.data : undefined;
    }, 30_000, 250);
    const snapshot = await ok(s, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snapshot.mine.map((q) => q.id)).toEqual([before.id, after.id]);
    expect(snapshot.mine.map((q) => q.text)).toEqual(['Asked before the restart', 'Asked after the restart']);
    expect((await new Client(app.url).get('/healthz')).status).toBe(200);
  });
});
