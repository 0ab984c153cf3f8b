/** What the benchmarks that drive a real server process share: ports, processes, setup calls. */
import { execFileSync, fork, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import pg from 'pg';
import { z } from 'zod';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const WithId = z.object({ id: z.uuid() });

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const scripts = z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'))).scripts;

/**
 * An npm script's command as arguments for node (`node [flags] x.js …` or `tsx x.ts …`), so a
 * bench runs the server as the script does and the pid it measures is the server's own.
 * `flags` are the Node options alone, for a comparison process to run with the same.
 */
export function scriptCommand(name: string): { argv: string[]; flags: string[] } {
  const [runner, ...rest] = (scripts[name] ?? '').split(/\s+/).filter(Boolean);
  if (runner !== 'node' && runner !== 'tsx') throw new Error(`a bench cannot run the ${name} script "${scripts[name]}" directly`);
  const flags = runner === 'node' ? rest.slice(0, rest.findIndex((w) => !w.startsWith('-'))) : [];
  return { argv: runner === 'node' ? rest : ['--import', 'tsx', ...rest], flags };
}

/** `npm run build`, for a bench that runs the built server as production does. */
export function buildServer(log: (msg: string) => void): void {
  if (!scripts.build) return;
  log('npm run build');
  execFileSync('npm', ['run', '-s', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** A TypeScript entry point of this repo in its own Node process (stderr passes through). */
export function runTsx(cmd: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): ChildProcess {
  return spawn(process.execPath, [...nodeArgs, '--import', 'tsx', ...cmd], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
}

/** fetch with a cookie jar: enough for the organizer's and speaker's setup calls. */
export function httpClient(base: string) {
  const jar = new Map<string, string>();
  return {
    get cookie() {
      return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    cookies(): { name: string; value: string; url: string }[] {
      return [...jar].map(([name, value]) => ({ name, value, url: base }));
    },
    async post(p: string, body: unknown = {}): Promise<unknown> {
      const res = await fetch(base + p, { method: 'POST', headers: { 'content-type': 'application/json', cookie: this.cookie }, body: JSON.stringify(body) });
      for (const c of res.headers.getSetCookie()) {
        const [pair = ''] = c.split(';');
        const i = pair.indexOf('=');
        jar.set(pair.slice(0, i), pair.slice(i + 1));
      }
      const data: unknown = await res.json().catch(() => null);
      if (res.status >= 300) throw new Error(`POST ${p}: ${res.status} ${JSON.stringify(data)}`);
      return data;
    },
  };
}
export type HttpClient = ReturnType<typeof httpClient>;

/** Waits until the server process answers /healthz (or fails if it exits first). */
export async function waitHealthy(server: ChildProcess, url: string): Promise<void> {
  for (let i = 0; ; i++) {
    if (server.exitCode !== null) throw new Error('server exited during start');
    if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
    if (i > 600) throw new Error('server did not answer /healthz within 60 s');
    await sleep(100);
  }
}

/** Creates an organizer with `npm run organizer`'s script and returns their signed-in client. */
export async function benchOrganizer(url: string, env: NodeJS.ProcessEnv, prefix: string): Promise<HttpClient> {
  const email = `bench-${prefix}@example.kz`;
  const password = randomBytes(12).toString('base64url');
  const org = runTsx(['scripts/organizer.ts', '--email', email, '--name', 'Bench Organizer'], { ...env, ORGANIZER_PASSWORD: password });
  const [code] = (await once(org, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`organizer script exited with ${code}`);
  const http = httpClient(url);
  await http.post('/api/auth/login', { email, password });
  return http;
}

export interface BenchStage {
  /** Environment for server processes: a fresh database, its own Redis prefix, a free port. */
  env: NodeJS.ProcessEnv;
  port: number;
  url: string;
  prefix: string;
  dbName: string;
  /** Stops the server (if any), drops the database and deletes the prefix's Redis keys. */
  teardown(server?: ChildProcess): Promise<void>;
}

/** Everything a bench's server needs, isolated from other runs; `vars` add to or override the defaults. */
export async function benchStage(base: NodeJS.ProcessEnv, vars: Record<string, string>): Promise<BenchStage> {
  const adminUrl = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const dbName = `birge_bench_${process.pid}_${Date.now().toString(36)}`;
  const prefix = `bench${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...base,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: adminUrl.replace(/\/[^/]*$/, `/${dbName}`),
    REDIS_URL: redisUrl,
    REDIS_PREFIX: prefix,
    REDIS_AUTOSTART: 'false',
    PORT: String(port),
    HOST: '127.0.0.1',
    SESSION_SECRET: randomBytes(32).toString('base64url'),
    DATA_DIR: `/tmp/birge-bench-${process.pid}`,
    // Every simulated client comes from 127.0.0.1: per-address budgets would be one household's.
    IP_REQUESTS_PER_MINUTE: '100000000',
    CITIZENS_PER_IP_PER_HOUR: '100000000',
    QA_VOTES_PER_QUESTION_PER_IP: '100000000',
    ...vars,
  };
  return {
    env,
    port,
    url: `http://127.0.0.1:${port}`,
    prefix,
    dbName,
    async teardown(server) {
      if (server && server.exitCode === null) {
        const exited = once(server, 'exit');
        server.kill('SIGTERM');
        await Promise.race([exited, sleep(10_000)]);
        server.kill('SIGKILL');
      }
      await admin.query(`drop database if exists ${dbName} with (force)`).catch(() => undefined);
      await admin.end();
      const redis = new Redis(redisUrl);
      const stream = redis.scanStream({ match: `${prefix}:*`, count: 500 });
      for await (const keys of stream) if (Array.isArray(keys) && keys.length) await redis.del(...keys.map(String));
      redis.disconnect();
    },
  };
}

/**
 * A load generator process (a bench/*.loadgen.ts script) and a way to wait for its next message
 * of a kind; every message is parsed with the script's schema, and `error` or an exit rejects.
 */
export function forkLoadgen<M extends { type: string; message?: string }>(script: string, schema: z.core.$ZodType<M>) {
  const child = fork(path.join(ROOT, script), [], { cwd: ROOT, execArgv: ['--import', 'tsx'], stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return {
    child,
    next<T extends M['type']>(type: T): Promise<Extract<M, { type: T }>> {
      return new Promise((resolve, reject) => {
        const exited = (c: number | null) => reject(new Error(`load generator exited with ${c}`));
        const on = (raw: unknown) => {
          const m = z.parse(schema, raw);
          child.off('message', on);
          child.off('exit', exited);
          if (m.type === 'error') reject(new Error(`load generator: ${m.message}`));
          else if (m.type !== type) reject(new Error(`load generator said ${m.type}, expected ${type}`));
          else resolve(m as Extract<M, { type: T }>);
        };
        child.on('message', on);
        child.once('exit', exited);
      });
    },
  };
}
