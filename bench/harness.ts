/** What the benchmarks that drive a real server process share: ports, processes, setup calls. */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
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
