import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { staffEn } from '../../client/src/i18n/staff.en';

// The staff pages' strings are their own dictionary chunk, loaded only with a staff route
// (client/src/routes.ts `strings: STAFF`). A public page that showed one would show ⟦key⟧ to a
// citizen, so every staff string must be used only by the staff routes' pages. This reads the
// client's sources as they are.

const CLIENT = path.resolve(import.meta.dirname, '../../client/src');

async function staffPageDirs(): Promise<string[]> {
  const routes = await readFile(path.join(CLIENT, 'routes.ts'), 'utf8');
  const dirs = [...routes.matchAll(/import\('\.\/(pages\/[\w-]+)\/[\w.-]+'\), strings: STAFF/g)].map((m) => m[1]!);
  return [...new Set(dirs)];
}

describe('the staff pages’ strings', () => {
  it('are used only by the pages of staff routes, by name or by a dynamic key', async () => {
    const dirs = await staffPageDirs();
    expect(dirs).toEqual(expect.arrayContaining(['pages/moderate', 'pages/organize', 'pages/studio', 'pages/booth']));
    const keys = Object.keys(staffEn);
    expect(keys.length).toBeGreaterThan(100);
    const files = (await readdir(CLIENT, { recursive: true })).filter((f) => /\.tsx?$/.test(f) && !f.startsWith('i18n' + path.sep));
    const outside: string[] = [];
    for (const f of files) {
      if (dirs.some((d) => f.startsWith(d.split('/').join(path.sep) + path.sep))) continue;
      const text = await readFile(path.join(CLIENT, f), 'utf8');
      for (const k of keys) if (text.includes(`'${k}'`) || text.includes(`"${k}"`)) outside.push(`${f}: ${k}`);
      // `t(\`video.off_${state}\`)` and the like: no staff key may start with such a prefix.
      for (const [, prefix] of text.matchAll(/`([\w.]+)\$\{/g)) for (const k of keys) if (k.startsWith(prefix!)) outside.push(`${f}: ${prefix}… (${k})`);
    }
    expect(outside).toEqual([]);
  });
});
