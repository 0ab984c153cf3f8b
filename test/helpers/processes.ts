import { readFileSync } from 'node:fs';

/** Whether a process still runs: gone, or a zombie nobody has reaped yet, counts as not running. */
export function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}
