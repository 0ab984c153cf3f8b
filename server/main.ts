import { parseArgs } from 'node:util';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { openDb } from './db';
import { createLogger } from './logger';
import { openRedis } from './redis';
import { loadSecret } from './secret';

/** Composition root: config → dependencies → listen → drain on SIGTERM. */
async function main() {
  const { values: args } = parseArgs({ options: { demo: { type: 'boolean', default: false } } });
  let config;
  try {
    config = loadConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      console.error(e.message);
      process.exit(2);
    }
    throw e;
  }
  const log = createLogger(config.log.level);
  const db = await openDb(config, log);
  const redisHandle = await openRedis(config, log);
  const secret = await loadSecret(config);
  const app = await createApp({ config, log, db, redis: redisHandle.redis, redisUrl: redisHandle.url, secret });

  if (args.demo) {
    const { loadDemo } = await import('./demo/demo');
    await loadDemo(app.core, app.services);
  }

  await new Promise<void>((resolve) => app.http.listen(config.http.port, config.http.host, resolve));
  const addr = app.http.address();
  const port = typeof addr === 'object' && addr ? addr.port : config.http.port;
  log.info({ port }, `Birge listening on http://localhost:${port}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    await app.close();
    await redisHandle.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
