/**
 * Redis is killed and started again in the middle of a live session. PostgreSQL is the system
 * of record, so nothing that was acknowledged is lost: what was asked, voted and moderated before
 * and during the outage is all there after. Live pushes sent while Redis was away are lost with
 * it, and the session's version numbers say so: a client that sees a gap in them reads a fresh
 * snapshot (as the contract says) and is whole again.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { QaChange } from '../../common/qa.contract';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import { PrivateRedis } from '../helpers/private-redis';
import { eventually } from '../helpers/wait-for';
import { call, joined, liveSession, nextChange, ok, recordChanges, type QaSocket } from './qa.support';

let redis: PrivateRedis;
let app: TestApp;
const sockets: QaSocket[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);
beforeAll(async () => {
  redis = await PrivateRedis.start();
  app = await startTestApp({ REDIS_URL: redis.url, REDIS_PREFIX: `q${randomUUID().slice(0, 8)}`, COMPILE_WORKERS_INPROCESS: 'false' });
}, 60_000);
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await app?.stop().catch(() => undefined);
  await redis?.stop();
});

describe('Redis killed and restarted mid-session', () => {
  it('loses nothing acknowledged, and a client that sees the version gap recovers the whole state from a snapshot', { timeout: 90_000 }, async () => {
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    await ok(mod, 'qa:premoderation', { sessionId: live.sessionId, enabled: false });
    const seen = recordChanges(viewer);
    const at = (await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId })).version;

    const approved = nextChange(viewer, 'approved', (c) => c.question.text.startsWith('When'));
    const q1 = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Who audits the public councils?', lang: 'en' });
    const q2 = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'When is the next report due?', lang: 'en' });
    await approved;
    await ok(viewer, 'qa:vote', { questionId: q1.id });

    await redis.kill();
    let restarted = false;
    const acknowledged: string[] = [];
    try {
      // Moderation needs only PostgreSQL: it is acknowledged, though its push cannot go out.
      const answered = await call(mod, 'qa:answered', { questionId: q1.id });
      if (answered.ok) acknowledged.push('q1 answered');
      // Asking needs its rate limit (Redis): refused with a typed error, never taken half-way.
      const asked = await call(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Asked while Redis is down', lang: 'en' });
      if (!asked.ok) expect(asked.error.code).toBe('unavailable');
      else acknowledged.push(`asked ${asked.data.id}`);
      // Long enough that Redis clients give up on what they queued: those pushes are lost.
      await new Promise((resolve) => setTimeout(resolve, 3000));
      await redis.restart();
      restarted = true;
    } finally {
      if (!restarted) await redis.restart();
    }
    expect(acknowledged).toContain('q1 answered');

    // The next change after the outage reaches the viewer across the restarted Redis.
    const spotlight = await eventually(async () => {
      const r = await call(mod, 'qa:spotlight', { sessionId: live.sessionId, questionId: q2.id });
      return r.ok ? r.data : undefined;
    }, 20_000, 250);
    expect(spotlight).toBeDefined();
    const after = await nextChange(viewer, 'spotlight', (c) => c.question?.id === q2.id, 20_000);

    // The client's rule: versions must follow each other; a gap (a push lost with Redis) means
    // reading a snapshot. Either way it ends with everything that was acknowledged.
    const versions = new Set(seen.map((c: QaChange) => c.version));
    const gap = Array.from({ length: after.version - at }, (_, i) => at + 1 + i).some((v) => !versions.has(v));
    if (!gap) expect(seen.some((c) => c.type === 'updated' && c.question.id === q1.id && c.question.status === 'answered')).toBe(true);
    const snap = await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.version).toBeGreaterThanOrEqual(after.version);
    expect(snap.answered.map((q) => q.id)).toEqual([q1.id]);
    expect(snap.answered[0]!.votes).toBe(1);
    expect(snap.spotlight?.id).toBe(q2.id);
    expect(snap.myVotes).toEqual([q1.id]);
    const mine = await ok(asker, 'qa:snapshot', { sessionId: live.sessionId });
    expect(mine.mine.map((q) => q.id)).toEqual(expect.arrayContaining([q1.id, q2.id]));
    expect(mine.mine).toHaveLength(acknowledged.filter((a) => a.startsWith('asked')).length + 2);

    // Live pushes flow again, across the restarted Redis, to sockets that stayed connected and to new ones.
    const late = track(await joined(app, live.sessionId, await citizen(app)));
    const both = Promise.all([nextChange(viewer, 'spotlight', (c) => c.question === null, 10_000), nextChange(late, 'spotlight', (c) => c.question === null, 10_000)]);
    await ok(mod, 'qa:spotlight', { sessionId: live.sessionId, questionId: null });
    await both;
  });
});
