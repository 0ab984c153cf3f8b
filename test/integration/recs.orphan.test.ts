/**
 * The in-process compile worker is a child of the server. When the server dies without a
 * chance to stop it (SIGKILL, OOM), the child must go too: otherwise a restarted server's own
 * worker would run beside it, and two generations would take jobs from one queue.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Queue } from 'bullmq';
import { afterAll, describe, expect, it } from 'vitest';
import { bullPrefix, COMPILE_QUEUE } from '../../common/jobs';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';
import { running } from '../helpers/processes';
import { eventually } from '../helpers/wait-for';

const ROOT = path.resolve(import.meta.dirname, '../..');
const cleanups: (() => unknown)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

describe('the in-process compile worker when the server is killed', () => {
  it('exits within a few seconds of a SIGKILL of its server', { timeout: 90_000 }, async () => {
    const prefix = `o${randomUUID().slice(0, 8)}`;
    // A job waiting in the queue makes the server start its worker at boot.
    const queue = new Queue(COMPILE_QUEUE, { connection: { url: TEST_REDIS_URL }, prefix: bullPrefix(prefix) });
    cleanups.push(() => queue.obliterate({ force: true }).finally(() => queue.close()));
    await queue.add('session', { kind: 'session' }, { delay: 3_600_000 });

    const server = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        NODE_ENV: 'test',
        LOG_LEVEL: 'info',
        DATABASE_URL: testDatabaseUrl(),
        REDIS_URL: TEST_REDIS_URL,
        REDIS_PREFIX: prefix,
        REDIS_AUTOSTART: 'false',
        PORT: '0',
        HOST: '127.0.0.1',
        MEDIA_ENABLED: 'false',
        COMPILE_WORKERS_INPROCESS: 'true',
        DATA_DIR: `/tmp/birge-orphan-${process.pid}`,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    server.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    server.stderr.on('data', (d: Buffer) => (out += d.toString('utf8')));
    cleanups.push(() => server.kill('SIGKILL'));

    // The worker's own first log line carries its pid.
    const workerPid = await eventually(async () => {
      const m = /"pid":(\d+),"hostname":"[^"]*","name":"birge-worker".*"msg":"compile worker started"/.exec(out);
      return m ? Number(m[1]) : undefined;
    }, 60_000);
    cleanups.push(() => {
      if (running(workerPid)) process.kill(workerPid, 'SIGKILL');
    });
    expect(running(workerPid)).toBe(true);

    const serverGone = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGKILL');
    await serverGone;
    const killedAt = Date.now();
    await eventually(async () => !running(workerPid), 10_000);
    expect(Date.now() - killedAt).toBeLessThan(5_000);
  });
});
