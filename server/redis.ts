import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config';
import type { Logger } from './logger';

export interface RedisHandle {
  /** The client for commands; duplicate() it for subscribers and BullMQ. */
  redis: Redis;
  url: string;
  close(): Promise<void>;
}

async function answers(url: string): Promise<boolean> {
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, connectTimeout: 1500 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    await probe.ping();
    return true;
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

async function startPrivateRedis(dataDir: string, log: Logger): Promise<{ url: string; child: ChildProcess }> {
  const dir = path.join(dataDir, 'redis');
  await mkdir(dir, { recursive: true });
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--bind', '127.0.0.1', '--port', String(port), '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const url = `redis://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    child.once('error', (e) =>
      reject(new Error(`no Redis answers and redis-server could not start (${e.message}). Install Redis (apt-get install redis-server) or set REDIS_URL.`)),
    );
    const started = Date.now();
    const tick = async () => {
      if (await answers(url)) return resolve();
      if (Date.now() - started > 10_000) return reject(new Error('private redis-server did not start within 10 s'));
      setTimeout(tick, 100);
    };
    void tick();
  });
  log.warn({ url, dir }, 'no Redis at REDIS_URL: started a private redis-server for local use');
  return { url, child };
}

/** Connects to REDIS_URL, or starts a private redis-server when allowed and none answers. */
export async function openRedis(config: Config, log: Logger): Promise<RedisHandle> {
  let url = config.redis.url;
  let child: ChildProcess | undefined;
  if (!(await answers(url))) {
    if (!config.redis.autostart) {
      throw new Error(`no Redis answers at REDIS_URL. Start one (apt-get install redis-server) or point REDIS_URL at it.`);
    }
    ({ url, child } = await startPrivateRedis(config.dataDir, log));
  }
  const redis = new Redis(url, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  return {
    redis,
    url,
    async close() {
      redis.disconnect();
      child?.kill('SIGTERM');
    },
  };
}
