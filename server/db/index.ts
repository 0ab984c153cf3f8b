import type { Config } from '../config';
import type { Logger } from '../logger';
import { safeUrl } from '../logger';
import type { Db } from './db';
import { createEmbeddedDb } from './embedded';
import { migrate } from './migrate';
import { createPostgresDb } from './postgres';

export type { Db, Queryable } from './db';
export { isUniqueViolation, one } from './db';

/** Opens PostgreSQL (DATABASE_URL) or the embedded store, and brings its schema up to date. */
export async function openDb(config: Config, log: Logger): Promise<Db> {
  const db = config.db.url
    ? createPostgresDb(config.db.url, config.db.poolMax)
    : await createEmbeddedDb(config.db.embeddedDir);
  log.info(
    config.db.url ? { database: safeUrl(config.db.url) } : { embeddedDir: config.db.embeddedDir },
    config.db.url ? 'using PostgreSQL' : 'DATABASE_URL unset: using the embedded store',
  );
  await migrate(db, log);
  return db;
}
