import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { pagesEn } from '../../client/src/i18n/pages.en';
import { en } from '../../client/src/i18n/en';
import { ROUTES } from '../../client/src/routes';

// The `pages` strings are their own dictionary chunk, which the session page does not load on
// arrival (client/src/i18n/i18n.ts): only the other routes (routes.ts `strings`) and the parts the
// session page fetches through `withPageStrings` bring it. A module the session page runs without
// it that showed one would show ⟦key⟧ to a viewer. This follows the session page's imports in the
// sources as they are: static imports and plain `import()`, not those wrapped in `withPageStrings`.

const CLIENT = path.resolve(import.meta.dirname, '../../client/src');
const ROOTS = ['main.tsx', 'app.tsx', 'pages/session/session.page.tsx'];
const ROUTES_FILE = path.join(CLIENT, 'routes.ts');
/** Dictionaries are data, not users of keys. */
const DICTIONARY = /[\\/]i18n[\\/](?:[\w-]+\.)?(?:en|kk|ru)\.ts$/;

function resolveImport(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.resolve(path.dirname(from), spec);
  return [base, `${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts')].find((f) => existsSync(f) && statSync(f).isFile());
}

async function firstView(): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const visit = async (file: string): Promise<void> => {
    if (files.has(file) || DICTIONARY.test(file) || !/\.tsx?$/.test(file)) return;
    const text = await readFile(file, 'utf8');
    files.set(file, text);
    const specs = [
      ...[...text.matchAll(/^\s*(?:import|export)\s+(?!type\b)(?:[^'";]*?\sfrom\s+)?'([^']+)'/gm)].map((m) => m[1]!),
      // import('x') as code, not `typeof import('x')` and not withPageStrings(import('x')). The
      // routes' pages are not followed: each route names the strings it loads (checked below).
      ...(file === ROUTES_FILE ? [] : [...text.matchAll(/(withPageStrings\(|typeof )?import\('([^']+)'\)/g)].filter((m) => !m[1]).map((m) => m[2]!)),
    ];
    for (const spec of specs) {
      const target = resolveImport(file, spec);
      if (target?.startsWith(CLIENT)) await visit(target);
    }
  };
  for (const root of ROOTS) await visit(path.join(CLIENT, root));
  return files;
}

describe('the pages strings', () => {
  it('are not used by what the session page runs before it loads them', async () => {
    const files = await firstView();
    expect([...files.keys()].map((f) => path.relative(CLIENT, f))).toEqual(expect.arrayContaining(['pages/session/qa-panel.tsx', 'pages/floor/floor-panel.tsx', 'media/viewer.ts']));
    const keys = Object.keys(pagesEn);
    expect(keys.length).toBeGreaterThan(100);
    const used: string[] = [];
    for (const [file, text] of files) {
      const rel = path.relative(CLIENT, file);
      for (const k of keys) if (text.includes(`'${k}'`) || text.includes(`"${k}"`)) used.push(`${rel}: ${k}`);
      for (const [, prefix] of text.matchAll(/`([\w.]+)\$\{/g)) for (const k of keys) if (k.startsWith(prefix!)) used.push(`${rel}: ${prefix}… (${k})`);
    }
    expect(used).toEqual([]);
  });

  it('come with every page but the session page', () => {
    expect(ROUTES.filter((r) => !r.strings?.includes('pages')).map((r) => r.path)).toEqual(['/s/:sessionId']);
  });

  it('do not repeat a public key', () => {
    expect(Object.keys(pagesEn).filter((k) => k in en)).toEqual([]);
  });
});
