import { randomBytes, randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger';
import { Coalescer } from '../../server/realtime/coalescer';
import { TEST_REDIS_URL } from '../helpers/env';
import { eventually } from '../helpers/wait-for';

const INTERVAL = 100;
let redis: Redis;
const prefix = `test${randomBytes(4).toString('hex')}`;

beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL, { enableAutoPipelining: true });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

/** Two coalescers on one Redis stand for two server processes; flushes are recorded with who made them. */
function cluster() {
  const flushes: { by: string; scope: string; members: string[]; seq: number }[] = [];
  const make = (by: string) =>
    new Coalescer({
      redis,
      prefix,
      name: 'qa',
      intervalMs: INTERVAL,
      log: createLogger('silent'),
      flush: async (scope, members, seq) => void flushes.push({ by, scope, members: [...members].sort(), seq }),
    });
  return { a: make('a'), b: make('b'), flushes };
}

describe('coalescer', () => {
  it('turns a burst of marks on two processes into one flush with every member, numbered', async () => {
    const { a, b, flushes } = cluster();
    const scope = randomUUID();
    for (let i = 0; i < 30; i++) (i % 2 ? a : b).mark(scope, `q${i % 6}`);
    await eventually(async () => flushes.length > 0);
    // Closing flushes whatever is still held or on its way: a second flush would show here.
    await Promise.all([a.close(), b.close()]);
    expect(flushes).toHaveLength(1);
    expect(flushes[0]).toMatchObject({ scope, members: ['q0', 'q1', 'q2', 'q3', 'q4', 'q5'], seq: 1 });
  });

  it('gives a mark made after a flush began to a later flush, never to none', async () => {
    const { a, b, flushes } = cluster();
    const scope = randomUUID();
    a.mark(scope, 'first');
    await eventually(async () => flushes.length === 1);
    b.mark(scope, 'second');
    a.mark(scope, 'third');
    await eventually(async () => flushes.length === 2);
    expect(flushes.map((f) => f.members)).toEqual([['first'], ['second', 'third']]);
    expect(flushes[1]!.seq).toBeGreaterThan(flushes[0]!.seq);
    await Promise.all([a.close(), b.close()]);
  });

  it('flushes what it holds or still has on its way when closed', async () => {
    const { a, flushes } = cluster();
    const scope = randomUUID();
    a.mark(scope, 'x');
    await a.close();
    expect(flushes).toEqual([expect.objectContaining({ by: 'a', scope, members: ['x'] })]);
    a.mark(scope, 'after close');
    await a.close();
    expect(flushes).toHaveLength(1);
  });
});
