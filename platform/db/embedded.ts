import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { ROOT } from '../paths';
import type { Db, Queryable, QueryResult } from './db';
import { lockDir } from './dir-lock';

/**
 * PostgreSQL's defaults size its caches for a server of its own (128 MB of shared buffers,
 * 64 MB per maintenance task); inside our process they would be resident memory the
 * embedded store's small data never needs. The embedded store is for a laptop or a
 * small server: PostgreSQL (DATABASE_URL) is the choice for large forums.
 */
const SMALL_MEMORY = ['-c', 'shared_buffers=16MB', '-c', 'maintenance_work_mem=16MB', '-c', 'temp_buffers=2MB', '-c', 'work_mem=2MB'];

/**
 * Creating a database (initdb) runs a second PostgreSQL program with its own WebAssembly
 * memory; done in this process, that memory (and the code compiled for it) stays
 * resident for the life of the server, about 400 MB. A short-lived process creates it
 * instead, and this one opens the result.
 */
async function initInChild(dir: string): Promise<void> {
  const script = `import { PGlite } from '@electric-sql/pglite'; const db = await PGlite.create({ dataDir: process.argv[1] }); await db.close();`;
  await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script, dir], { cwd: ROOT });
}

/**
 * PGlite keeps a real PostgreSQL in-process. It is single-connection: PGlite itself
 * queues queries and gives a transaction exclusive use of the connection.
 * One process at a time may open a directory (see lockDir).
 * dir undefined means in-memory (used by tests).
 */
export async function createEmbeddedDb(dir: string | undefined): Promise<Db> {
  if (dir) await mkdir(dir, { recursive: true });
  const unlock = dir ? lockDir(dir) : () => undefined;
  let lite: PGlite;
  try {
    if (dir && !existsSync(path.join(dir, 'PG_VERSION'))) await initInChild(dir);
    lite = await PGlite.create({ ...(dir ? { dataDir: dir } : {}), startParams: [...PGlite.defaultStartParams, ...SMALL_MEMORY] });
  } catch (e) {
    unlock();
    throw e;
  }
  const wrap = (c: Pick<PGlite, 'query' | 'exec'>): Queryable => ({
    async query<R>(sql: string, params?: readonly unknown[]): Promise<QueryResult<R>> {
      // Like pg: without parameters use the simple protocol, which accepts several
      // statements (migration files); the extended protocol allows only one.
      if (!params?.length) {
        const last = (await c.exec(sql)).at(-1);
        const rows = (last?.rows ?? []) as R[];
        return { rows, rowCount: last?.affectedRows ?? rows.length };
      }
      const r = await c.query<R>(sql, params as unknown[]);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  const base = wrap(lite);
  return {
    kind: 'embedded',
    query: (sql, params) => base.query(sql, params),
    tx: (fn) => lite.transaction((t) => fn(wrap(t))),
    async ping() {
      await lite.query('select 1');
    },
    async close() {
      if (!lite.closed) await lite.close();
      unlock();
    },
  };
}
