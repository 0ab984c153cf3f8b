/**
 * Where the application's files are, the same from the TypeScript sources (tsx, tests)
 * and from the built bundles in dist/ (`npm start`): the root is the nearest folder
 * with a package.json, and files that are read at run time (migrations, blocklists, the
 * client build) are found from there, not next to the module that reads them.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const ROOT = findRoot(path.dirname(fileURLToPath(import.meta.url)));

/** True in the built bundles (plain JavaScript, run by node alone); false on the sources. */
export const BUILT = import.meta.url.endsWith('.js');

/** How to start one of our programs in a new process: the built bundle, or the source through tsx. */
export function entryArgs(name: 'workers/main' | 'server/broadcast/mixer/mixer.main'): string[] {
  return BUILT ? [path.join(ROOT, 'dist', `${name}.js`)] : ['--import', 'tsx', path.join(ROOT, `${name}.ts`)];
}
