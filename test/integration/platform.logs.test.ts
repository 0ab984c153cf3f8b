import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { serverProcessEnv } from './server-process.support';

// The README promises readable logs in a terminal and JSON lines everywhere else (and always
// in production). `script` gives the server a real pseudo-terminal, as a person's shell does.

const ROOT = path.resolve(import.meta.dirname, '../..');
const dataDirs: string[] = [];
afterAll(() => Promise.all(dataDirs.map((d) => rm(d, { recursive: true, force: true }))));

/**
 * Runs the server until it says it listens, then stops it; returns what it printed. Each run has
 * a data directory of its own: `script` may exit before the server under it has let go of the
 * embedded database, which the next run would then find in use.
 */
async function runServer(o: { terminal: boolean; env?: Record<string, string> }): Promise<string> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'birge-logs-'));
  dataDirs.push(dataDir);
  const env = serverProcessEnv(dataDir, { NODE_ENV: 'development', ...o.env });
  const server = `${process.execPath} --import tsx server/main.ts`;
  const child = o.terminal
    ? spawn('script', ['-qfec', server, '/dev/null'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => finish(new Error(`not listening within 60 s:\n${out}`)), 60_000);
    const finish = (e?: Error) => {
      clearTimeout(timer);
      child.once('exit', () => (e ? reject(e) : resolve(out)));
      try {
        process.kill(-child.pid!, 'SIGINT');
      } catch {
        if (e) reject(e);
        else resolve(out);
      }
    };
    const onData = (d: Buffer) => {
      out += d.toString('utf8');
      if (/Birge listening on/.test(out)) finish();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

describe('server logs', () => {
  it('are readable lines in a terminal outside production', { timeout: 90_000 }, async () => {
    const out = await runServer({ terminal: true });
    // pino-pretty: "[14:33:41.040] INFO (birge): Birge listening on …", coloured, no JSON.
    expect(out).toMatch(/\[\d\d:\d\d:\d\d\.\d{3}\] \S*INFO\S* \(birge\): \S*Birge listening on http:\/\/localhost:\d+/);
    expect(out).not.toContain('{"level":');
  });

  it('are JSON lines in a terminal in production', { timeout: 90_000 }, async () => {
    const out = await runServer({ terminal: true, env: { NODE_ENV: 'production', SESSION_SECRET: 'x'.repeat(40) } });
    expect(out).toMatch(/\{"level":30,.*"msg":"Birge listening on http:\/\/localhost:\d+"\}/);
  });

  it('are JSON lines when stdout is not a terminal', { timeout: 90_000 }, async () => {
    const out = await runServer({ terminal: false });
    const line = out.split('\n').find((l) => l.includes('Birge listening'));
    expect(JSON.parse(line!)).toMatchObject({ level: 30, name: 'birge', msg: expect.stringMatching(/^Birge listening on /) });
  });
});
