/**
 * The queue dashboard acts on every forum's jobs, so only platform administrators reach it;
 * an organizer of one forum cannot pause the compile queue or add a job for another forum.
 */
import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bullPrefix, COMPILE_QUEUE } from '../../common/jobs';
import { startTestApp, type TestApp } from '../helpers/app';
import { TEST_REDIS_URL } from '../helpers/env';
import { admin, citizen, forumWithSession } from '../helpers/factories';

let app: TestApp;
let redis: Redis;
let queue: Queue;
beforeAll(async () => {
  app = await startTestApp({ COMPILE_WORKERS_INPROCESS: 'false' });
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null });
  queue = new Queue(COMPILE_QUEUE, { connection: redis, prefix: bullPrefix(app.config.redis.prefix) });
});
afterAll(async () => {
  await queue?.close();
  redis?.disconnect();
  await app?.stop();
});

const board = `/api/admin/queues/api/queues/${COMPILE_QUEUE}`;

describe('the queue dashboard', () => {
  it("refuses another forum's organizer: no pausing the compile queue, no job added for a forum they do not run", async () => {
    const a = await forumWithSession(app);
    const b = await forumWithSession(app);
    const job = { name: 'forum', data: JSON.stringify({ kind: 'forum', forumId: a.forum.id, revision: 1, inputId: randomUUID() }), options: '{}' };
    for (const who of [b.org, a.org, await citizen(app)]) {
      expect((await who.get('/api/admin/queues')).status).toBe(403);
      expect((await who.get('/api/admin/queues/api/queues')).status).toBe(403);
      const pause = await who.put(`${board}/pause`);
      expect(pause.status).toBe(403);
      expect(pause.data.code).toBe('forbidden');
      expect((await who.put('/api/admin/queues/api/queues/pause')).status).toBe(403);
      expect((await who.post(`${board}/add`, job)).status).toBe(403);
    }
    expect(await queue.isPaused()).toBe(false);
    expect(await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized', 'active')).toBe(0);
  });

  it('lets a platform administrator see and act on the queues', async () => {
    const root = await admin(app);
    expect((await root.get('/api/me')).data.actor).toMatchObject({ kind: 'account', isAdmin: true });
    const list = await root.get('/api/admin/queues/api/queues');
    expect(list.status).toBe(200);
    expect(list.data.queues.map((q: { name: string }) => q.name)).toContain(COMPILE_QUEUE);
    expect((await root.put(`${board}/pause`)).status).toBe(200);
    expect(await queue.isPaused()).toBe(true);
    expect((await root.put(`${board}/resume`)).status).toBe(200);
    expect(await queue.isPaused()).toBe(false);
  });

  it('is documented as for administrators only', async () => {
    const doc = (await (await citizen(app)).get('/api/openapi.json')).data;
    expect(doc.paths['/api/admin/queues'].get.description).toMatch(/platform administrators only/);
  });
});
