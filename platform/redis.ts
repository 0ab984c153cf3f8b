import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import path from 'node:path';
import { Redis } from 'ioredis';
import type { Config } from './config';
import { safeUrl, type Logger } from './logger';

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
  // A server that crashes must not leave its private Redis behind.
  const killChild = () => child.kill('SIGTERM');
  process.once('exit', killChild);
  child.once('exit', () => process.off('exit', killChild));
  const url = `redis://127.0.0.1:${port}`;
  await new Promise<void>((resolve, reject) => {
    let settled = false;
    const settle = (err?: Error) => {
      if (settled) return;
      settled = true;
      if (err) {
        child.kill('SIGTERM');
        reject(err);
      } else resolve();
    };
    child.once('error', (e) =>
      settle(new Error(`no Redis answers at REDIS_URL and redis-server could not start (${e.message}). Install Redis (apt-get install redis-server) or set REDIS_URL.`)),
    );
    child.once('exit', (code, signal) => settle(new Error(`the private redis-server exited at start (${signal ?? `code ${code}`}); run it by hand to see why, or set REDIS_URL`)));
    const started = Date.now();
    const tick = async () => {
      if (settled) return;
      if (await answers(url)) return settle();
      if (Date.now() - started > 10_000) return settle(new Error('the private redis-server did not answer within 10 s'));
      setTimeout(tick, 100);
    };
    void tick();
  });
  log.warn({ url, dir }, 'no Redis at REDIS_URL: started a private redis-server for local use');
  return { url, child };
}

/**
 * A connection for a BullMQ producer (Queue): while Redis is away its commands fail at once
 * instead of waiting in ioredis' offline queue, so nothing that answers a person (a request,
 * /healthz) hangs on it. What must happen anyway is retried by its caller (the outbox).
 */
export function producerConnection(url: string): Redis {
  const c = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
  c.on('error', () => undefined);
  return c;
}

/** Connects to REDIS_URL, or starts a private redis-server when allowed and none answers. */
export async function openRedis(config: Config, log: Logger): Promise<RedisHandle> {
  let url = config.redis.url;
  let child: ChildProcess | undefined;
  if (!(await answers(url))) {
    if (!config.redis.autostart) {
      throw new Error(`no Redis answers at REDIS_URL (${safeUrl(url)}). Start one (apt-get install redis-server) or point REDIS_URL at it.`);
    }
    ({ url, child } = await startPrivateRedis(config.dataDir, log));
  }
  // Commands issued in the same tick (a vote's two rate limits, say) share one write.
  const redis = new Redis(url, { maxRetriesPerRequest: 3, enableAutoPipelining: true });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  return {
    redis,
    url,
    async close() {
      redis.disconnect();
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      // Wait for it, so its append-only file is complete and its port free when close() resolves.
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
