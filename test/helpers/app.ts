import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../platform/config';
import { createPostgresDb } from '../../platform/db/postgres';
import { createLogger } from '../../platform/logger';
import { testDatabaseUrl, TEST_REDIS_URL } from './env';

export interface TestApp extends App {
  url: string;
  config: Config;
  stop(): Promise<void>;
}

/**
 * Starts the real app on port 0 against the test PostgreSQL and Redis.
 * Each instance gets its own Redis prefix so queues, limits and adapters never cross tests.
 */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  // A test may bring its own Redis (one it kills and restarts) through REDIS_URL.
  const redisUrl = env.REDIS_URL ?? TEST_REDIS_URL;
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(),
    REDIS_URL: TEST_REDIS_URL,
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
    REDIS_AUTOSTART: 'false',
    PORT: '0',
    HOST: '127.0.0.1',
    MEDIA_ENABLED: 'false',
    // A program feed is a video encoder per live session: only the tests that look at it turn it on.
    BROADCAST_ENABLED: 'false',
    DATA_DIR: `/tmp/birge-test-${process.pid}`,
    ...env,
  });
  const log = createLogger(config.log.level);
  const db = createPostgresDb(config.db.url!, 5);
  // Friendly stacks: a Redis command nobody awaited that fails in an outage names the call that issued it.
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: 3, showFriendlyErrorStack: true });
  redis.on('error', () => undefined);
  const app = await createApp({ config, log, db, redis, redisUrl, secret: 'test-secret-'.padEnd(40, 'x') });
  await new Promise<void>((resolve) => app.http.listen(0, '127.0.0.1', resolve));
  const { port } = app.http.address() as AddressInfo;
  return {
    ...app,
    config,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await app.close();
      redis.disconnect();
      await db.close();
    },
  };
}

export interface AppHarness {
  /** The app (started in the file's beforeAll). */
  app: () => TestApp;
  /** Keeps a socket to disconnect after the file, before the app stops. */
  track: <S extends Socket>(s: S) => S;
}

/** One app for all of a file's tests: started before them, stopped after them with the sockets they kept. */
export function withTestApp(env: Record<string, string> = {}): AppHarness {
  let app: TestApp | undefined;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    app = await startTestApp(env);
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.stop();
  });
  return { app: () => startedApp(app), track: (s) => (sockets.push(s), s) };
}

/** The app a harness starts in beforeAll: a test file's top level runs before that and must not use it. */
export function startedApp<A>(app: A | undefined): A {
  if (!app) throw new Error('the app starts in beforeAll');
  return app;
}
