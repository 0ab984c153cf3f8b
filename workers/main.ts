/**
 * The worker process (`npm run worker`): compiles recommendations from the compile queue and
 * finalizes recordings (VOD playlists, MP4, poster, chapters) from the recording queue.
 *
 * Standalone it needs PostgreSQL (DATABASE_URL): it reads inputs and commits artifacts
 * directly. With `--ipc` it is a child of the API process (which owns the embedded
 * store) and does both through the parent. Progress reaches the organizers' browsers
 * through the Redis stream the API's Socket.IO adapter reads.
 */
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import type { CompileStore } from '../common/jobs';
import { loadConfigOrExit } from '../platform/config';
import { migrate } from '../platform/db/migrate';
import { createPostgresDb } from '../platform/db/postgres';
import { createLogger, logDestination } from '../platform/logger';
import { DbCompileStore } from './recommendations/compile.store';
import { socketIoStream } from '../platform/redis-keys';
import { StreamsEmitter } from './realtime/streams-emitter';
import { createCompileWorker } from './recommendations/compile.worker';
import { LocalMediaStorage } from '../platform/media/storage';
import { createFinalizeWorker } from './recordings/finalize.worker';
import { RenderPool } from './recommendations/render.runner';
import { IpcCompileStore } from './recommendations/store.ipc';

async function main() {
  const { values: args } = parseArgs({ options: { ipc: { type: 'boolean', default: false } } });
  const config = loadConfigOrExit(process.env);
  const log = createLogger(config.log.level, 'birge-worker', await logDestination({ terminal: process.stdout.isTTY === true, production: config.env === 'production' }));

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
  const emitter = new StreamsEmitter(redis, socketIoStream(config.redis.prefix));
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
  // Recordings need only the media store (a shared volume when the worker runs on its own).
  const finalize = createFinalizeWorker({
    redisUrl: config.redis.url,
    redisPrefix: config.redis.prefix,
    storage: new LocalMediaStorage(config.broadcast.mediaDir),
    log,
    lockMs: config.compile.lockMs,
  });

  let stopping = false;
  /** `orphaned`: the parent died, so nothing waits for this process to finish its job. */
  const stop = async (why: string, orphaned = false) => {
    if (stopping) return;
    stopping = true;
    log.info({ why }, 'compile worker stopping');
    const force = setTimeout(() => process.exit(1), orphaned ? ORPHAN_EXIT_MS : 20_000);
    force.unref();
    // Normally the running job finishes before the store goes away. An orphan does not wait:
    // its job's lock lapses and a live worker runs it again (artifacts commit in one transaction).
    await Promise.all([compile.close(orphaned), finalize.close(orphaned)]);
    await renderers.close();
    await store.close();
    redis.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // A child of the API (the in-process worker) must not outlive it: a server killed with
  // SIGKILL and started again would otherwise find this one still taking jobs beside its own.
  if (process.channel) watchParent(() => void stop('parent gone', true));
}

const ORPHAN_EXIT_MS = 3000;

/**
 * Calls `onGone` once the parent process is gone: its end of the IPC channel closes, or,
 * should the channel linger, this process is handed to another parent (init or a subreaper).
 */
function watchParent(onGone: () => void): void {
  const parent = process.ppid;
  let fired = false;
  const gone = () => {
    if (fired) return;
    fired = true;
    clearInterval(poll);
    onGone();
  };
  process.once('disconnect', gone);
  const poll = setInterval(() => {
    if (process.ppid !== parent) gone();
  }, 500);
  poll.unref();
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.stack : e);
  process.exit(1);
});
