import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

// The server's Node options are written three times, because each entry must start `node`
// itself: `npm start`, `npm run demo` and the image's CMD (node as PID 1, not npm). README,
// "Production-like run", promises they are alike; this keeps the copies from drifting apart.

const ROOT = path.resolve(import.meta.dirname, '../..');
const scripts = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
const words = (s: string | undefined) => (s ?? '').split(/\s+/).filter(Boolean);

function imageCommand(): string[] {
  const cmd = /^CMD (\[.*\])\s*$/m.exec(readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8'))?.[1];
  if (!cmd) throw new Error('the Dockerfile has no CMD in exec form');
  return JSON.parse(cmd) as string[];
}

describe('the server command', () => {
  it('is the same node command line in npm start, npm run demo and the image', () => {
    const start = words(scripts.start);
    expect(start[0]).toBe('node');
    expect(start.at(-1)).toBe('dist/server/start.js');
    expect(words(scripts.demo)).toEqual([...start, '--demo']);
    expect(imageCommand()).toEqual(start);
  });
});
