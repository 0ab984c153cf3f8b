/**
 * The Socket.IO stream is the cluster bus and the replay log of connection-state recovery. A
 * worker's emitter appends to it too; trimming it shorter than the adapter keeps it would shrink
 * every reconnecting client's recovery window, so both take name and length from one place.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { socketIoStream } from '../../platform/redis-keys';
import { StreamsEmitter } from '../../workers/realtime/streams-emitter';
import { TEST_REDIS_URL } from '../helpers/env';

const redis = new Redis(TEST_REDIS_URL);
const stream = socketIoStream(`s${randomUUID().slice(0, 8)}`);
afterAll(async () => {
  await redis.del(stream.name);
  redis.disconnect();
});

describe('the Socket.IO stream', () => {
  it("keeps the adapter's length when a worker's emitter appends to it", async () => {
    // More than any shorter limit an emitter could apply, fewer than the adapter's.
    const filled = 30_000;
    expect(stream.maxLen).toBeGreaterThan(filled);
    const p = redis.pipeline();
    for (let i = 0; i < filled; i++) p.xadd(stream.name, '*', 'uid', 'test', 'nsp', '/', 'type', '3', 'data', '{}');
    await p.exec();

    await new StreamsEmitter(redis, stream).to('forum:x:organizers').emit('recs:compileProgress', {
      scope: 'forum',
      forumId: randomUUID(),
      sessionId: null,
      revision: 1,
      progress: 50,
      state: 'active',
    });
    expect(await redis.xlen(stream.name)).toBe(filled + 1);
    const [last] = await redis.xrevrange(stream.name, '+', '-', 'COUNT', 1);
    expect(last?.[1].slice(0, 2)).toEqual(['uid', 'emitter']);
  });
});
