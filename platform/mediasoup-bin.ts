import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

/** Where the mediasoup package lives, without loading it (loading it fixes the worker path). */
function mediasoupDir(): string | undefined {
  try {
    // The main entry is <root>/node/lib/index.js.
    return path.resolve(path.dirname(createRequire(import.meta.url).resolve('mediasoup')), '..', '..');
  } catch {
    return undefined;
  }
}

/** The installed mediasoup version, e.g. "3.19.3"; undefined when mediasoup is not installed. */
export function mediasoupVersion(): string | undefined {
  const dir = mediasoupDir();
  if (!dir) return undefined;
  try {
    const pkg: unknown = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    return typeof pkg === 'object' && pkg && 'version' in pkg && typeof pkg.version === 'string' ? pkg.version : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The worker binary to use when MEDIASOUP_WORKER_BIN is not set: the one mediasoup's install
 * script put in its package (machines with internet), else the one scripts/mediasoup-worker.sh
 * built into ~/.cache/birge (machines without). Undefined when neither exists.
 */
export function defaultWorkerBin(): string | undefined {
  const dir = mediasoupDir();
  if (dir) {
    const bundled = path.join(dir, 'worker', 'out', 'Release', 'mediasoup-worker');
    if (existsSync(bundled)) return bundled;
  }
  const version = mediasoupVersion();
  if (!version) return undefined;
  const cached = path.join(os.homedir(), '.cache', 'birge', `mediasoup-worker-${version}`);
  return existsSync(cached) ? cached : undefined;
}

/**
 * Loads mediasoup so that it runs `bin`. mediasoup reads MEDIASOUP_WORKER_BIN from the
 * environment once, when it loads: this is the one place the app writes process.env, right
 * before the first import (a later call cannot change the binary; `workerBin` tells which won).
 */
export async function loadMediasoup(bin: string): Promise<typeof import('mediasoup')> {
  process.env.MEDIASOUP_WORKER_BIN = bin;
  return import('mediasoup');
}
