import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmbeddedDb } from '../../platform/db/embedded';
import { startTestApp, type TestApp } from '../helpers/app';
import { testDatabaseUrl } from '../helpers/env';
import { Client } from '../helpers/http';

// `npm run organizer` is how the first organizer comes to exist; run the real script.
const ROOT = path.resolve(import.meta.dirname, '../..');

function organizerCommand(args: string[], opts: { stdin?: string; env?: Record<string, string> } = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/organizer.ts', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: testDatabaseUrl(), LOG_LEVEL: 'warn', ORGANIZER_PASSWORD: '', ...opts.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
  child.stdin.end(opts.stdin ?? '');
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.once('exit', (code) => resolve({ code, stdout, stderr })),
  );
}

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

const login = (email: string, password: string) => new Client(app.url).post('/api/auth/login', { email, password });

describe('npm run organizer', () => {
  it('creates an organizer from a password on stdin, who can then sign in and create forums', async () => {
    const email = `first-${randomUUID()}@example.kz`;
    const r = await organizerCommand(['--email', email, '--name', 'Айгерім Сәтбаева', '--password-stdin'], { stdin: 'Құпия сөз 2026\n' });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`Organizer ${email} created`);
    expect(r.stdout).not.toContain('Құпия сөз 2026');
    const signedIn = await login(email, 'Құпия сөз 2026');
    expect(signedIn.status).toBe(200);
    expect(signedIn.data.actor).toMatchObject({ displayName: 'Айгерім Сәтбаева', canCreateForums: true });
  });

  it('makes a platform administrator with --admin, and only then', async () => {
    const plain = `plain-${randomUUID()}@example.kz`;
    expect((await organizerCommand(['--email', plain, '--name', 'Дәулет'], { env: { ORGANIZER_PASSWORD: 'plain password 1' } })).code).toBe(0);
    expect((await login(plain, 'plain password 1')).data.actor).toMatchObject({ canCreateForums: true, isAdmin: false });

    const first = `root-${randomUUID()}@example.kz`;
    const r = await organizerCommand(['--email', first, '--name', 'Әкімші', '--admin'], { env: { ORGANIZER_PASSWORD: 'admin password 1' } });
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toContain(`${first} is a platform administrator`);
    const signedIn = await login(first, 'admin password 1');
    expect(signedIn.data.actor).toMatchObject({ canCreateForums: true, isAdmin: true });
    // Setting a new password later without the flag keeps the account an administrator.
    await organizerCommand(['--email', first, '--name', 'Әкімші'], { env: { ORGANIZER_PASSWORD: 'admin password 2' } });
    expect((await login(first, 'admin password 2')).data.actor.isAdmin).toBe(true);
  });

  it('sets a new password from ORGANIZER_PASSWORD for an existing organizer', async () => {
    const email = `again-${randomUUID()}@example.kz`;
    await organizerCommand(['--email', email, '--name', 'Дәулет'], { env: { ORGANIZER_PASSWORD: 'first password 1' } });
    const r = await organizerCommand(['--email', email, '--name', 'Ignored'], { env: { ORGANIZER_PASSWORD: 'second password 2' } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('already existed');
    expect((await login(email, 'first password 1')).status).toBe(401);
    expect((await login(email, 'second password 2')).data.actor.displayName).toBe('Дәулет');
  });

  it('generates and prints a strong password when given none', async () => {
    const email = `gen-${randomUUID()}@example.kz`;
    const r = await organizerCommand(['--email', email, '--name', 'Generated']);
    expect(r.code).toBe(0);
    const password = /Password \(shown only now\): (\S+)/.exec(r.stdout)?.[1];
    expect(password?.length).toBeGreaterThanOrEqual(20);
    expect((await login(email, password!)).status).toBe(200);
  });

  it('refuses a bad email or a short password with usage help, creating nobody', async () => {
    const email = `short-${randomUUID()}@example.kz`;
    const bad = await organizerCommand(['--email', 'not-an-email', '--name', 'X'], { env: { ORGANIZER_PASSWORD: 'long enough password' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/email: --email must be an email address[\s\S]*usage: npm run organizer/);
    const short = await organizerCommand(['--email', email, '--name', 'X'], { env: { ORGANIZER_PASSWORD: 'short' } });
    expect(short.code).toBe(2);
    expect(short.stderr).toContain('at least 10 characters');
    const { rows } = await app.core.db.query('select 1 from users where email = $1', [email]);
    expect(rows).toEqual([]);
  });

  it('will not open an embedded database that a running server holds', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'birge-org-'));
    const held = await createEmbeddedDb(path.join(dataDir, 'pglite'));
    try {
      const r = await organizerCommand(['--email', 'x@example.kz', '--name', 'X'], {
        env: { DATABASE_URL: '', DATA_DIR: dataDir, ORGANIZER_PASSWORD: 'long enough password' },
      });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`is in use by process ${process.pid}; stop that process first`);
    } finally {
      await held.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
