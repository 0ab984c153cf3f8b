/** Where the test services live; CI and developer machines run both locally. */
export const TEST_PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_DB_NAME = process.env.TEST_DB_NAME ?? 'birge_test';
export const TEST_DATABASE_URL = TEST_PG_ADMIN_URL.replace(/\/[^/]*$/, `/${TEST_DB_NAME}`);
export const TEST_REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
