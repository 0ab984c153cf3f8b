import { mkdir } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import type { Db, Queryable, QueryResult } from './db';
import { lockDir } from './dir-lock';

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
    lite = await PGlite.create(dir ? { dataDir: dir } : {});
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
    query: base.query,
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
