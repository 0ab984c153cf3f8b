import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Db } from './db';
import type { Logger } from '../logger';
import { ROOT } from '../paths';

const DIR = path.join(ROOT, 'platform', 'db', 'migrations');
// Any constant works; it only has to be the same for every Birge process on the database.
const LOCK_KEY = 7_417_001;

/**
 * Applies the pending SQL files in platform/db/migrations in name order, once, in one
 * transaction (all or nothing). Several processes starting together serialize on an
 * advisory lock; the bookkeeping table is created under it too, because concurrent
 * `create table if not exists` races in PostgreSQL's catalog.
 */
export async function migrate(db: Db, log?: Logger): Promise<string[]> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.sql')).sort();
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await q.query(
      `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
    );
    const done = new Set((await q.query<{ name: string }>('select name from schema_migrations')).rows.map((r) => r.name));
    for (const f of files) {
      if (done.has(f)) continue;
      const sql = await readFile(path.join(DIR, f), 'utf8');
      await q.query(sql);
      await q.query('insert into schema_migrations(name) values ($1)', [f]);
      applied.push(f);
      log?.info({ migration: f }, 'migration applied');
    }
  });
  return applied;
}
