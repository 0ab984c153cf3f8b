import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillPath, queryString } from '../../common/http-route';

// The web client reaches the HTTP API only through the routes' shared declarations
// (common/*.contract.ts `*_ROUTES`, called with `http.call` / `http.href`): a path written by hand
// at a call site is how a client drifts from the server (a button once posted to a route that
// did not exist). This reads the client's sources as they are.

const CLIENT = path.resolve(import.meta.dirname, '../../client/src');
/** A string or template literal that starts an API path. */
const API_PATH = /(['"`])\/api\//;

describe('the web client and the HTTP API', () => {
  it('builds paths and query strings from a declaration', () => {
    expect(fillPath('/forums/:forum/tracker.atom', { forum: 'civil forum/2026' })).toBe('/forums/civil%20forum%2F2026/tracker.atom');
    expect(() => fillPath('/sessions/:sessionId', {})).toThrow(/sessionId/);
    expect(queryString({ lang: 'kk', kind: undefined, q: 'Қоғам' })).toBe('?lang=kk&q=%D2%9A%D0%BE%D2%93%D0%B0%D0%BC');
    expect(queryString({})).toBe('');
  });

  it('writes no API path by hand outside the HTTP client', async () => {
    const files = (await readdir(CLIENT, { recursive: true })).filter((f) => /\.tsx?$/.test(f) && f !== path.join('api', 'http.ts'));
    expect(files.length).toBeGreaterThan(50);
    const byHand: string[] = [];
    for (const f of files) {
      const lines = (await readFile(path.join(CLIENT, f), 'utf8')).split('\n');
      lines.forEach((line, i) => API_PATH.test(line) && byHand.push(`${f}:${i + 1}: ${line.trim()}`));
    }
    expect(byHand).toEqual([]);
  });
});
