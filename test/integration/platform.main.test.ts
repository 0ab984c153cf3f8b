import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client } from '../helpers/http';
import { serverProcessEnv } from './server-process.support';

// The README promises: on a fresh clone, `npm run demo` serves the demo forum with no
// PostgreSQL configured, and `npm start` never loads demo data. These run the real commands.

const ROOT = path.resolve(import.meta.dirname, '../..');
const STARTUP_MS = 60_000;

interface Running {
  child: ChildProcess;
  output: () => string;
  base: string;
}

function start(command: string, args: string[], dataDir: string): Promise<Running> {
  const env = serverProcessEnv(dataDir);
  // Its own process group, so a test can signal npm and everything under it, as Ctrl-C does.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`not listening within ${STARTUP_MS} ms:\n${out}`)), STARTUP_MS);
    const fail = (e: Error) => {
      clearTimeout(timer);
      stopGroup(child);
      reject(e);
    };
    child.once('exit', (code) => fail(new Error(`exited with ${code} before listening:\n${out}`)));
    const onData = () => {
      const port = /"port":(\d+),"msg":"Birge listening/.exec(out)?.[1];
      // The demo prints its banner after the listening line; wait for all of it.
      if (!port || (args.includes('demo') && !out.includes('Citizen'))) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout.off('data', onData);
      child.stderr.off('data', onData);
      resolve({ child, output: () => out, base: `http://127.0.0.1:${port}` });
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
  });
}

function stopGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGINT') {
  try {
    process.kill(-child.pid!, signal);
  } catch {
    // Already gone.
  }
}

/** Signals the process (group) and resolves with how it ended. */
function stop(r: Running, signal: NodeJS.Signals, group: boolean): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    r.child.once('exit', (code, sig) => resolve({ code, signal: sig })),
  );
  if (group) stopGroup(r.child, signal);
  else r.child.kill(signal);
  return exited;
}

const tokens = (out: string) => [...out.matchAll(/\/invite\/([\w-]{20,})/g)].map((m) => m[1]!);

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'birge-demo-'));
});
afterAll(() => rm(dataDir, { recursive: true, force: true }));

describe('npm run demo', () => {
  let first: { forumId: string; password: string; tokens: string[] };

  it('serves the demo forum on a fresh data directory with no DATABASE_URL, and shows how to try every role', { timeout: 120_000 }, async () => {
    const run = await start('npm', ['run', 'demo'], dataDir);
    try {
      const out = run.output();
      const c = new Client(run.base);
      const agenda = await c.get('/api/forums/civil-forum-demo');
      expect(agenda.status).toBe(200);
      expect(agenda.data.forum).toMatchObject({ days: 5, languages: ['kk', 'ru', 'en'], timeZone: 'Asia/Almaty' });
      expect(agenda.data.platforms).toHaveLength(4);
      expect(agenda.data.sessions).toHaveLength(12);
      const live = agenda.data.sessions.filter((s: { state: string }) => s.state === 'live');
      expect(live).toHaveLength(1);
      expect((await c.get('/api/forums')).data.map((f: { slug: string }) => f.slug)).toEqual(['civil-forum-demo']);

      expect(out).toContain(`agenda as JSON: http://localhost:${new URL(run.base).port}/api/forums/civil-forum-demo`);
      const password = /password: (\S+)/.exec(out)?.[1];
      const login = await new Client(run.base).post('/api/auth/login', { email: 'organizer@demo.birge.kz', password });
      expect(login.status).toBe(200);
      expect(login.data.grants).toContainEqual({ role: 'organizer', forumId: agenda.data.forum.id, sessionId: null });

      const [moderator, speaker] = tokens(out);
      const mod = await new Client(run.base).post('/api/invites/accept', { token: moderator, displayName: 'Демо модератор' });
      expect(mod.data.grants).toEqual([{ role: 'moderator', forumId: agenda.data.forum.id, sessionId: live[0].id }]);
      const spk = await new Client(run.base).post('/api/invites/accept', { token: speaker, displayName: 'Demo speaker' });
      expect(spk.data.grants).toEqual([{ role: 'speaker', forumId: agenda.data.forum.id, sessionId: live[0].id }]);
      first = { forumId: agenda.data.forum.id, password: password!, tokens: [moderator!, speaker!] };
    } finally {
      // Ctrl-C in a terminal signals the whole group.
      await stop(run, 'SIGINT', true);
    }
    expect(run.output()).toContain('"msg":"shutting down"');
    expect(existsSync(path.join(dataDir, 'pglite.lock'))).toBe(false);
  });

  it('starts again on the same data without loading twice, keeping the password and printing fresh links', { timeout: 120_000 }, async () => {
    const run = await start('npm', ['run', 'demo'], dataDir);
    try {
      const out = run.output();
      expect(out).not.toContain('forum imported');
      const agenda = (await new Client(run.base).get('/api/forums/civil-forum-demo')).data;
      expect(agenda.forum.id).toBe(first.forumId);
      expect(agenda.sessions).toHaveLength(12);
      expect(agenda.sessions.filter((s: { state: string }) => s.state === 'live')).toHaveLength(1);
      expect(/password: (\S+)/.exec(out)?.[1]).toBe(first.password);
      const fresh = tokens(out);
      expect(fresh).toHaveLength(2);
      expect(fresh).not.toContain(first.tokens[0]);
      const reused = await new Client(run.base).post('/api/invites/accept', { token: first.tokens[0], displayName: 'Again' });
      expect(reused.status).toBe(409);
    } finally {
      await stop(run, 'SIGINT', true);
    }
  });
});

describe('the server without --demo (npm start)', () => {
  it('loads no demo data and stops cleanly on SIGTERM', { timeout: 120_000 }, async () => {
    const fresh = await mkdtemp(path.join(tmpdir(), 'birge-start-'));
    try {
      // What the container runs: node itself, so SIGTERM reaches the server directly.
      const run = await start(process.execPath, ['--import', 'tsx', 'server/main.ts'], fresh);
      const forums = await new Client(run.base).get('/api/forums');
      expect(forums.status).toBe(200);
      expect(forums.data).toEqual([]);
      expect(run.output()).not.toContain('demo');
      expect(await stop(run, 'SIGTERM', false)).toEqual({ code: 0, signal: null });
      expect(existsSync(path.join(fresh, 'pglite.lock'))).toBe(false);
    } finally {
      await rm(fresh, { recursive: true, force: true });
    }
  });

  it('refuses to start with a bad environment, listing every problem', { timeout: 60_000 }, async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: 'eighty', REDIS_URL: 'http://nope', DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString('utf8')));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(2);
    expect(err).toMatch(/invalid configuration:\n {2}- PORT: .*\n {2}- REDIS_URL: must be a redis:\/\/ URL/);
  });
});
