import { readdir } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../platform/db/migrate';
import { createPostgresDb } from '../../platform/db/postgres';
import { TEST_PG_ADMIN_URL } from '../helpers/env';

// Servers and workers all migrate at start; when they start together the advisory lock
// must make exactly one of them apply each file.
const NAME = `birge_test_${process.pid}_mig_${Date.now().toString(36)}`;
const url = TEST_PG_ADMIN_URL.replace(/\/[^/]*$/, `/${NAME}`);

async function admin(sql: string) {
  const c = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

beforeAll(() => admin(`create database ${NAME}`));
afterAll(() => admin(`drop database if exists ${NAME} with (force)`));

describe('migrations', () => {
  it('are applied once, in order, when several processes start together', async () => {
    const files = (await readdir(path.resolve(import.meta.dirname, '../../platform/db/migrations'))).filter((f) => f.endsWith('.sql')).sort();
    const processes = [1, 2, 3].map(() => createPostgresDb(url, 2));
    try {
      const applied = await Promise.all(processes.map((db) => migrate(db)));
      expect(applied.flat().sort()).toEqual(files);
      expect(applied.filter((a) => a.length > 0)).toHaveLength(1);
      const { rows } = await processes[0]!.query<{ name: string }>('select name from schema_migrations order by applied_at, name');
      expect(rows.map((r) => r.name)).toEqual(files);
      expect(await migrate(processes[1]!)).toEqual([]);
    } finally {
      await Promise.all(processes.map((db) => db.close()));
    }
  });
});
