import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** Vite's build manifest: each chunk's file and the chunks it imports statically (by manifest key). */
const Manifest = z.record(z.string(), z.object({ file: z.string(), imports: z.array(z.string()).optional() }));

/**
 * Chunks a live session's viewer needs for the first frame beyond the app shell: the page and
 * the media handshake the boot code starts (client/src/main.tsx). Keys are Vite's manifest keys.
 */
const SESSION_ENTRIES = ['src/pages/session/early-watch.ts', 'src/pages/session/session.page.tsx'];
const SESSION_PAGE = /^\/s\/[^/]+\/?$/;

/**
 * The app shell (client/dist/index.html) for every client-side route. A session page's shell
 * also names the chunks of its first frame as module preloads, so the browser fetches them
 * alongside the shell's own script instead of after it has run.
 */
export function clientShell(dist: string): (urlPath: string) => string {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const manifestFile = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestFile)) return () => html;
  const manifest = Manifest.parse(JSON.parse(readFileSync(manifestFile, 'utf8')));
  const files = new Set<string>();
  const walk = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const k of chunk.imports ?? []) walk(k);
  };
  for (const k of SESSION_ENTRIES) walk(k);
  // What the shell already loads needs no second hint.
  const links = [...files].filter((f) => !html.includes(`/${f}"`)).map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`);
  const session = links.length ? html.replace('</head>', `  ${links.join('\n    ')}\n  </head>`) : html;
  return (urlPath) => (SESSION_PAGE.test(urlPath) ? session : html);
}
