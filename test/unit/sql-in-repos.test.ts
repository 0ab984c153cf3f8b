import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// STYLE.md: a domain's SQL lives in its repository (`*.repo.ts`); services, routes and
// workers call repository functions. This reads the sources as they are.

const ROOT = path.resolve(import.meta.dirname, '../..');
/** A string literal that is a SQL statement: starts with one of these words. */
const STATEMENT = /^\s*(select|insert\s+into|update\s+\w+\s+set|delete\s+from|with\s+\w+\s+as|set\s+transaction|create\s+(table|index)|alter\s+table|lock\s+table)\b/i;
/** Quoted and template literals (templates may span lines). */
const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

/** SQL statements in a source text, as `line: statement`. */
function sqlIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(LITERAL)) {
    const body = m[0].slice(1, -1);
    if (STATEMENT.test(body)) found.push(`${text.slice(0, m.index).split('\n').length}: ${body.trim().split('\n')[0]!.slice(0, 80)}`);
  }
  return found;
}

async function sources(dir: string): Promise<string[]> {
  const files = await readdir(path.join(ROOT, dir), { recursive: true });
  return files.filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

describe('SQL', () => {
  it('finds statements in string literals (the check itself)', () => {
    expect(sqlIn("await q.query('select 1 from sessions where id = $1', [id]);")).toEqual(['1: select 1 from sessions where id = $1']);
    expect(sqlIn('const x = `\n  insert into audit_log(a) values ($1)`;')).toEqual(['1: insert into audit_log(a) values ($1)']);
    expect(sqlIn("log.info('selected a layer'); throw new AppError('not_found', 'update the page');")).toEqual([]);
  });

  it('lives only in repositories (*.repo.ts) in the server and the workers', async () => {
    const outside: string[] = [];
    for (const file of [...(await sources('server')), ...(await sources('workers'))]) {
      if (file.endsWith('.repo.ts')) continue;
      for (const s of sqlIn(await readFile(path.join(ROOT, file), 'utf8'))) outside.push(`${file}:${s}`);
    }
    expect(outside).toEqual([]);
  });
});
