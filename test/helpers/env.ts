import { inject } from 'vitest';

/** Where the test services live; CI and developer machines run both locally. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** The database made for this run by global-setup (unique per run, so parallel runs never collide). */
export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}
