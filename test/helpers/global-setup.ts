import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createPostgresDb } from '../../platform/db/postgres';
import { migrate } from '../../platform/db/migrate';
import { TEST_PG_ADMIN_URL } from './env';

/**
 * A fresh database per run, migrated once and dropped afterwards; tests isolate
 * themselves with fresh ids. The name is unique so two runs on one machine never collide.
 */
export default async function setup(project: TestProject) {
  const name = `birge_test_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  // Leftovers of runs that were killed before teardown.
  const { rows } = await admin.query<{ datname: string }>(
    `select datname from pg_database where datname like 'birge_test_%' and datname <> $1`,
    [name],
  );
  for (const r of rows) {
    const pid = Number(r.datname.split('_')[2]);
    if (!Number.isFinite(pid) || !isAlive(pid)) await admin.query(`drop database if exists ${r.datname} with (force)`).catch(() => undefined);
  }
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = TEST_PG_ADMIN_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = createPostgresDb(url, 2);
  await migrate(db);
  await db.close();
  project.provide('databaseUrl', url);
  return async () => {
    const a = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
    await a.connect();
    await a.query(`drop database if exists ${name} with (force)`);
    await a.end();
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
