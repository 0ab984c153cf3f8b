/**
 * The tallied budget (server/tallied-limit.ts) against a real Redis: exact within a process,
 * shared between processes within one sync interval, and what it does while Redis is away.
 * Each limiter stands for one server process; each has its own Redis connection.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppError } from '../../common/errors';
import { createLogger } from '../../platform/logger';
import { TALLY_SYNC_MS, TalliedLimit, type TalliedSpec } from '../../server/tallied-limit';
import { TEST_REDIS_URL } from '../helpers/env';
import { eventually } from '../helpers/wait-for';

const log = createLogger('silent');
const clients: Redis[] = [];
afterAll(() => {
  for (const c of clients) c.disconnect();
});

function serverProcess(prefix: string, spec: Partial<TalliedSpec> = {}, redis = new Redis(TEST_REDIS_URL)) {
  clients.push(redis);
  return { redis, limit: new TalliedLimit(redis, prefix, { name: 'votes', points: 5, durationSec: WINDOW_SEC, whenRedisIsAway: 'refuse', ...spec }, log) };
}

const WINDOW_SEC = 3600;
const WINDOW_MS = WINDOW_SEC * 1000;
/** Starts a test well inside a window: counts start afresh at a window's end. */
async function awayFromWindowEnd(): Promise<void> {
  const left = WINDOW_MS - (Date.now() % WINDOW_MS);
  if (left < 10_000) await new Promise((resolve) => setTimeout(resolve, left + 10));
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 3 * TALLY_SYNC_MS));
const inRedis = async (redis: Redis, prefix: string, key: string) => {
  const keys = await redis.keys(`${prefix}:rl:votes:${key}:*`);
  return keys.length ? Number(await redis.get(keys[0]!)) : 0;
};
const ready = async (redis: Redis) => eventually(async () => (redis.status === 'ready' ? true : undefined), 5000, 20);

describe('a tallied budget', () => {
  it('refuses the point over the budget in one process at once, with the time to the end of its window', async () => {
    await awayFromWindowEnd();
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const { redis, limit } = serverProcess(prefix);
    await ready(redis);
    for (let i = 0; i < 5; i++) expect(limit.take('alice')).toBeUndefined();
    const before = Date.now();
    const refused = limit.take('alice');
    expect(refused?.code).toBe('rate_limited');
    const retry = refused?.details?.retryAfterMs as number;
    expect(retry).toBeGreaterThan(0);
    expect(retry).toBeLessThanOrEqual(WINDOW_MS);
    // Windows are aligned to the clock: the wait ends where the window does, on the hour.
    const end = before + retry;
    expect(Math.ceil(end / WINDOW_MS) * WINDOW_MS - end).toBeLessThan(50);
    await expect(limit.consume('alice')).rejects.toMatchObject({ code: 'rate_limited' });
    // Another key has its own budget.
    await expect(limit.consume('bob')).resolves.toBeUndefined();
    await settle();
    expect(await inRedis(redis, prefix, 'alice')).toBe(5);
    expect(await inRedis(redis, prefix, 'bob')).toBe(1);
  });

  it("is shared between processes: one learns the other's count at its next sync", async () => {
    await awayFromWindowEnd();
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const a = serverProcess(prefix);
    const b = serverProcess(prefix);
    await Promise.all([ready(a.redis), ready(b.redis)]);
    for (let i = 0; i < 4; i++) expect(a.limit.take('alice')).toBeUndefined();
    await settle();
    // B has not heard of alice yet: its first point goes through, and its sync brings back A's four.
    expect(b.limit.take('alice')).toBeUndefined();
    await settle();
    expect(await inRedis(a.redis, prefix, 'alice')).toBe(5);
    expect(b.limit.take('alice')?.code).toBe('rate_limited');
    // A learns B's point with its own next sync.
    expect(a.limit.take('alice')).toBeUndefined();
    await settle();
    expect(a.limit.take('alice')?.code).toBe('rate_limited');
    // Over by what the other process took within one interval, and no more.
    expect(await inRedis(a.redis, prefix, 'alice')).toBe(6);
  });

  it('answers unavailable while Redis is away when it guards writes', async () => {
    await awayFromWindowEnd();
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const { limit } = serverProcess(prefix, {}, new Redis(TEST_REDIS_URL, { lazyConnect: true }));
    const refused = limit.take('alice');
    expect(isAppError(refused) && refused.code).toBe('unavailable');
    await expect(limit.consume('alice')).rejects.toMatchObject({ code: 'unavailable' });
  });

  it('counts alone while Redis is away when it guards reads, and adds its count to Redis once it is back', async () => {
    await awayFromWindowEnd();
    const prefix = `t${randomUUID().slice(0, 8)}`;
    const { redis, limit } = serverProcess(prefix, { whenRedisIsAway: 'count-here' }, new Redis(TEST_REDIS_URL, { lazyConnect: true }));
    for (let i = 0; i < 5; i++) expect(limit.take('alice')).toBeUndefined();
    expect(limit.take('alice')?.code).toBe('rate_limited');
    await settle();
    await redis.connect();
    await eventually(async () => ((await inRedis(redis, prefix, 'alice')) === 5 ? true : undefined), 5000, 50);
  });
});
