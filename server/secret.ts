import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../platform/config';

/**
 * SESSION_SECRET signs citizen cookies. Production must set it (config enforces that);
 * for local runs one is generated once and kept in DATA_DIR so cookies survive restarts.
 */
export async function loadSecret(config: Config): Promise<string> {
  if (config.security.sessionSecret) return config.security.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch {
    await mkdir(config.dataDir, { recursive: true });
    const s = randomBytes(32).toString('base64url');
    await writeFile(file, s, { mode: 0o600, flag: 'wx' }).catch(() => undefined);
    return (await readFile(file, 'utf8')).trim();
  }
}
