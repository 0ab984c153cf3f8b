import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import { createApp, type App } from '../../server/app';
import { loadConfig, type Config } from '../../server/config';
import { createPostgresDb } from '../../server/db/postgres';
import { createLogger } from '../../server/logger';
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
    DATA_DIR: `/tmp/birge-test-${process.pid}`,
    ...env,
  });
  const log = createLogger(config.log.level);
  const db = createPostgresDb(config.db.url!, 5);
  const redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  const app = await createApp({ config, log, db, redis, redisUrl: TEST_REDIS_URL, secret: 'test-secret-'.padEnd(40, 'x') });
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
