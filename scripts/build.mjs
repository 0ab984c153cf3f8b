// npm run build: the server, its program mixer process, the worker, its render process and the organizer command as
// plain JavaScript bundles in dist/, so production runs on node alone (no TypeScript
// transpiler at run time). Dependencies stay in node_modules (not bundled). Each file is
// written to a temporary name and renamed, so a process starting from dist/ while
// another build runs never reads half a file.
import { mkdir, rename, writeFile } from 'node:fs/promises';
import process from 'node:process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const result = await build({
  absWorkingDir: root,
  entryPoints: ['server/main.ts', 'server/broadcast/mixer/mixer.main.ts', 'workers/main.ts', 'workers/recommendations/render.child.ts', 'scripts/organizer.ts'],
  outdir: 'dist',
  outbase: '.',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: 'linked',
  // Stack traces name our functions as the sources do.
  keepNames: true,
  logLevel: 'warning',
  write: false,
});
// The server's entry stays a module of its own, so it runs before the bundle is compiled (server/start.ts).
const entry = await build({
  absWorkingDir: root,
  entryPoints: ['server/start.ts'],
  outdir: 'dist',
  outbase: '.',
  bundle: false,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  logLevel: 'warning',
  write: false,
});
for (const file of [...result.outputFiles, ...entry.outputFiles]) {
  await mkdir(path.dirname(file.path), { recursive: true });
  const tmp = `${file.path}.${process.pid}.tmp`;
  await writeFile(tmp, file.contents);
  await rename(tmp, file.path);
}
