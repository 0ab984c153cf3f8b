/**
 * An app on the embedded store (PGlite), for the tests that check our SQL runs there exactly as
 * on PostgreSQL. It is started before the file's tests and closed after them.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Redis } from 'ioredis';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../platform/config';
import { createEmbeddedDb } from '../../platform/db/embedded';
import { migrate } from '../../platform/db/migrate';
import { createLogger } from '../../platform/logger';
import { createApp } from '../../server/app';
import { startedApp, type TestApp } from './app';
import { TEST_REDIS_URL } from './env';

export interface EmbeddedHarness {
  /** The app, typed as the factories take it (they only need url, core and services). */
  app: () => TestApp;
  /** Keeps a socket to disconnect after the file. */
  track: <S extends Socket>(s: S) => S;
}

export function withEmbeddedApp(name: string): EmbeddedHarness {
  let app: (TestApp & { close(): Promise<void> }) | undefined;
  let redis: Redis | undefined;
  const sockets: Socket[] = [];
  beforeAll(async () => {
    const config = loadConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      REDIS_URL: TEST_REDIS_URL,
      REDIS_PREFIX: `e${randomUUID().slice(0, 8)}`,
      REDIS_AUTOSTART: 'false',
      MEDIA_ENABLED: 'false',
      VIEWER_COUNT_INTERVAL_MS: '100',
      DATA_DIR: `/tmp/birge-${name}-embedded-${process.pid}`,
    });
    const db = await createEmbeddedDb(undefined);
    await migrate(db);
    redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
    const created = await createApp({ config, log: createLogger('silent'), db, redis, redisUrl: TEST_REDIS_URL, secret: 'test-secret-'.padEnd(40, 'x') });
    await new Promise<void>((resolve) => created.http.listen(0, '127.0.0.1', resolve));
    const close = created.close.bind(created);
    app = Object.assign(created, {
      url: `http://127.0.0.1:${(created.http.address() as AddressInfo).port}`,
      close: async () => {
        await close();
        await db.close();
      },
    }) as unknown as TestApp & { close(): Promise<void> };
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
    redis?.disconnect();
  });
  return {
    app: () => startedApp(app),
    track: (s) => (sockets.push(s), s),
  };
}
