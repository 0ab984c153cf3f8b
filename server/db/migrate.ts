import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from './db';
import type { Logger } from '../logger';

const DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');
// Any constant works; it only has to be the same for every Birge process on the database.
const LOCK_KEY = 7_417_001;

/**
 * Applies the versioned SQL files in server/db/migrations in name order, each in its
 * own transaction, once. Several processes starting together serialize on an advisory lock.
 */
export async function migrate(db: Db, log?: Logger): Promise<string[]> {
  const files = (await readdir(DIR)).filter((f) => f.endsWith('.sql')).sort();
  await db.query(
    `create table if not exists schema_migrations (name text primary key, applied_at timestamptz not null default now())`,
  );
  const applied: string[] = [];
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
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
