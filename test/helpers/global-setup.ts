import pg from 'pg';
import { loadConfig } from '../../server/config';
import { createPostgresDb } from '../../server/db/postgres';
import { migrate } from '../../server/db/migrate';
import { TEST_DATABASE_URL, TEST_DB_NAME, TEST_PG_ADMIN_URL } from './env';

/** A fresh database per run, migrated once; tests isolate themselves with fresh ids. */
export default async function setup() {
  const admin = new pg.Client({ connectionString: TEST_PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`drop database if exists ${TEST_DB_NAME} with (force)`);
  await admin.query(`create database ${TEST_DB_NAME}`);
  await admin.end();
  loadConfig({ DATABASE_URL: TEST_DATABASE_URL });
  const db = createPostgresDb(TEST_DATABASE_URL, 2);
  await migrate(db);
  await db.close();
}
