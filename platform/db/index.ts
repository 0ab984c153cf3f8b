import type { Config } from '../config';
import type { Logger } from '../logger';
import { safeUrl } from '../logger';
import type { Db } from './db';
import { migrate } from './migrate';

export type { Db, Queryable } from './db';
export { isUniqueViolation, one } from './db';

/** Opens PostgreSQL (DATABASE_URL) or the embedded store, and brings its schema up to date. */
export async function openDb(config: Config, log: Logger): Promise<Db> {
  // Only the store in use is loaded: each driver is 10–15 MB of memory the other store never needs.
  const db = config.db.url
    ? (await import('./postgres')).createPostgresDb(config.db.url, config.db.poolMax)
    : await (await import('./embedded')).createEmbeddedDb(config.db.embeddedDir);
  log.info(
    config.db.url ? { database: safeUrl(config.db.url) } : { embeddedDir: config.db.embeddedDir },
    config.db.url ? 'using PostgreSQL' : 'DATABASE_URL unset: using the embedded store',
  );
  await migrate(db, log);
  return db;
}
