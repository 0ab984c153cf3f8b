import { randomUUID } from 'node:crypto';

/**
 * The environment of a real server process a test starts (`npm run demo`, `server/main.ts`): a data
 * directory and Redis prefix of its own, any free port on loopback, info logs, no media, and the
 * embedded store as on a fresh clone (DATABASE_URL goes, whatever `env` says).
 */
export function serverProcessEnv(dataDir: string, env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const out: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    REDIS_PREFIX: `t${randomUUID().slice(0, 8)}`,
    MEDIA_ENABLED: 'false',
    ...env,
  };
  delete out.DATABASE_URL;
  return out;
}
