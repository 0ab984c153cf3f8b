import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { CLIENT_DIST, createApp } from './app';
import { loadConfigOrExit } from '../platform/config';
import { openDb } from '../platform/db';
import { createLogger, logDestination } from '../platform/logger';
import { openRedis } from '../platform/redis';
import { loadSecret } from './secret';

/** Composition root: config → dependencies → listen → drain on SIGTERM. */
// Until the app is up, a signal just exits; unlike the default action, process.exit runs the
// 'exit' hooks that release the embedded store's lock and stop a private Redis.
let onSignal: (signal: NodeJS.Signals) => void = (signal) => process.exit(signal === 'SIGINT' ? 130 : 143);
process.on('SIGTERM', () => onSignal('SIGTERM'));
process.on('SIGINT', () => onSignal('SIGINT'));

async function main() {
  const { values: args } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });
  const config = loadConfigOrExit(process.env);
  // The demo banner goes through the log's stream too, so it stays in order with the lines.
  const stdout = await logDestination({ terminal: process.stdout.isTTY === true, production: config.env === 'production' });
  const log = createLogger(config.log.level, 'birge', stdout);
  // Only `npm run demo` passes --demo; `npm start` never loads demo data.
  const demo = args.demo ? await import('./demo/demo') : undefined;
  const demoLogin = demo?.demoLogin(config.dataDir);
  // Awaited only once the app is up; until then a failure is not unhandled (that await reports it).
  demoLogin?.catch(() => undefined);
  // Independent, and the embedded store's start is mostly CPU while Redis's is mostly waiting: together.
  const [db, redisHandle, secret] = await Promise.all([openDb(config, log), openRedis(config, log), loadSecret(config)]);
  const app = await createApp({ config, log, db, redis: redisHandle.redis, redisUrl: redisHandle.url, secret });
  const demoInfo = demo && (await demo.loadDemo(app.core, app.services, new Date(), demoLogin));

  await new Promise<void>((resolve, reject) => {
    app.http.once('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'EADDRINUSE' ? new Error(`port ${config.http.port} is already in use: stop the other process or set PORT`) : e),
    );
    app.http.listen(config.http.port, config.http.host, resolve);
  });
  const addr = app.http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  log.info({ port }, `Birge listening on http://localhost:${port}`);
  if (demo && demoInfo) {
    const base = config.http.publicUrl ?? `http://localhost:${port}`;
    stdout.write(demo.demoBanner(demoInfo, base, { clientBuilt: existsSync(CLIENT_DIST) }));
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    try {
      await app.close();
      await redisHandle.close();
      await db.close();
      process.exit(0);
    } catch (e) {
      log.error({ err: e }, 'shutdown failed');
      process.exit(1);
    }
  };
  onSignal = (signal) => void stop(signal);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
