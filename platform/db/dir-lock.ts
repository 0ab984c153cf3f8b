import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Lock files this process holds. */
const held = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Claims `dir` for this process with a pid file. PGlite has no lock of its own, and two
 * processes writing one data directory (say `npm run demo` and `npm run organizer`)
 * would corrupt it. A lock left by a process that died is taken over.
 * Returns the release function; the lock is also released if the process exits.
 */
export function lockDir(dir: string): () => void {
  // Beside the directory, not in it: PostgreSQL's initdb wants an empty directory.
  const file = `${path.resolve(dir)}.lock`;
  for (let attempt = 0; ; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: 'wx' });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw e;
      const owner = Number(readFileSync(file, 'utf8').trim());
      // Our own pid in the file is a leftover of an earlier run (containers reuse pid 1) unless we hold it.
      const inUse = owner === process.pid ? held.has(file) : Number.isInteger(owner) && owner > 0 && alive(owner);
      if (inUse) {
        throw new Error(
          `the embedded database in ${dir} is in use by process ${owner}; stop that process first (or point DATABASE_URL at PostgreSQL to share one database)`,
        );
      }
      unlinkSync(file);
    }
  }
  held.add(file);
  const release = () => {
    if (!held.delete(file)) return;
    process.off('exit', release);
    try {
      unlinkSync(file);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}
