import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../platform/config';
import { createLogger } from '../../platform/logger';
import { openRedis, type RedisHandle } from '../../platform/redis';
import { eventually } from '../helpers/wait-for';

/** A port nothing listens on: bound by us a moment ago, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as { port: number };
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

const log = createLogger('silent');
let dataDir: string;
let handle: RedisHandle | undefined;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'birge-redis-'));
});
afterEach(async () => {
  await handle?.close();
  handle = undefined;
  await rm(dataDir, { recursive: true, force: true });
});

const config = async (env: Record<string, string>) => loadConfig({ DATA_DIR: dataDir, REDIS_URL: `redis://127.0.0.1:${await closedPort()}`, ...env });

describe('Redis for local use', () => {
  it('uses REDIS_URL when something answers there', async () => {
    handle = await openRedis(loadConfig({ DATA_DIR: dataDir, REDIS_URL: 'redis://127.0.0.1:6379' }), log);
    expect(handle.url).toBe('redis://127.0.0.1:6379');
  });

  it('starts a private redis-server in DATA_DIR when nothing answers at REDIS_URL, and stops it on close', async () => {
    const c = await config({});
    handle = await openRedis(c, log);
    expect(handle.url).not.toBe(c.redis.url);
    expect(handle.url).toMatch(/^redis:\/\/127\.0\.0\.1:\d+$/);
    expect(await handle.redis.set('birge:probe', 'қазақша')).toBe('OK');
    expect(await handle.redis.get('birge:probe')).toBe('қазақша');
    const url = handle.url;
    await handle.close();
    handle = undefined;
    expect(await eventually(async () => !(await answers(url)))).toBe(true);
  });

  it('keeps the private Redis data in DATA_DIR/redis across restarts', async () => {
    const c = await config({});
    handle = await openRedis(c, log);
    await handle.redis.set('birge:kept', 'yes');
    await handle.close();
    handle = await openRedis(c, log);
    expect(await handle.redis.get('birge:kept')).toBe('yes');
  });

  it('fails with a clear message when REDIS_AUTOSTART is off', async () => {
    const c = await config({ REDIS_AUTOSTART: 'false' });
    await expect(openRedis(c, log)).rejects.toThrow(`no Redis answers at REDIS_URL (${c.redis.url}). Start one`);
  });

  it('fails with a clear message when redis-server is not installed', async () => {
    const c = await config({});
    const pathBefore = process.env.PATH;
    process.env.PATH = dataDir; // an empty directory: no redis-server on PATH
    try {
      await expect(openRedis(c, log)).rejects.toThrow(/redis-server could not start .*Install Redis/);
    } finally {
      process.env.PATH = pathBefore;
    }
  });
});
