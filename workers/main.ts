/**
 * The worker process (`npm run worker`): compiles recommendations from the compile queue.
 *
 * Standalone it needs PostgreSQL (DATABASE_URL): it reads inputs and commits artifacts
 * directly. With `--ipc` it is a child of the API process (which owns the embedded
 * store) and does both through the parent. Progress reaches the organizers' browsers
 * through the Redis stream the API's Socket.IO adapter reads.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { CompileStore } from '../common/jobs';
import { loadConfigOrExit } from '../server/config';
import { migrate } from '../server/db/migrate';
import { createPostgresDb } from '../server/db/postgres';
import { createLogger } from '../server/logger';
import { DbCompileStore } from '../server/recommendations/compile.store';
import { StreamsEmitter } from './realtime/streams-emitter';
import { createCompileWorker } from './recommendations/compile.worker';
import { RenderPool } from './recommendations/render.runner';
import { IpcCompileStore } from './recommendations/store.ipc';

async function main() {
  const { values: args } = parseArgs({ options: { ipc: { type: 'boolean', default: false } } });
  const config = loadConfigOrExit(process.env);
  const log = createLogger(config.log.level, 'birge-worker');

  let store: CompileStore;
  if (args.ipc) {
    store = new IpcCompileStore(process);
  } else if (config.db.url) {
    const db = createPostgresDb(config.db.url, 4);
    // The worker may start before any API process has brought the schema up to date.
    await migrate(db, log);
    store = new DbCompileStore(db, () => db.close());
  } else {
    console.error('the worker needs DATABASE_URL (PostgreSQL). On the embedded store the API process runs the worker itself (COMPILE_WORKERS_INPROCESS=true).');
    process.exit(2);
  }

  const redis = new Redis(config.redis.url, { maxRetriesPerRequest: 3 });
  redis.on('error', (err) => log.warn({ err: err.message }, 'redis error'));
  const emitter = new StreamsEmitter(redis, `${config.redis.prefix}:socket.io`);
  const renderers = new RenderPool();
  const compile = createCompileWorker({
    redisUrl: config.redis.url,
    redisPrefix: config.redis.prefix,
    store,
    emitter,
    render: (input, onProgress) => renderers.render(input, onProgress),
    log,
    concurrency: config.compile.concurrency,
    lockMs: config.compile.lockMs,
  });
  log.info({ concurrency: config.compile.concurrency, mode: args.ipc ? 'ipc' : 'postgres' }, 'compile worker started');

  let stopping = false;
  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, 'compile worker stopping');
    const force = setTimeout(() => process.exit(1), 20_000);
    force.unref();
    // Lets the running job finish (or hands it back) before the store goes away.
    await compile.close();
    await renderers.close();
    await store.close();
    redis.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A child whose parent died must not linger.
  if (args.ipc) process.on('disconnect', () => void stop('parent gone'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
