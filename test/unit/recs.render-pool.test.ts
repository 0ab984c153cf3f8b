import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generatedSession } from '../../bench/compile-data';
import { RenderPool } from '../../workers/recommendations/render.runner';
import { running } from '../helpers/processes';
import { eventually } from '../helpers/wait-for';

const pool = new RenderPool();
afterAll(() => pool.close());

/** The pid of a pool's process once one has started. */
const firstPid = (p: RenderPool) => eventually(async () => p.pids[0]);
const small = (seed: number) => JSON.stringify(generatedSession(50, 10, seed));

describe('the render process pool', () => {
  it('renders every format in another process, reporting progress, and reuses that process', async () => {
    const progress: number[] = [];
    const first = await pool.render(JSON.stringify(generatedSession(200, 40, 2)), (p) => progress.push(p));
    expect(first.ok && first.artifacts.map((a) => a.format).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);
    expect(first.ok && first.artifacts.every((a) => a.bytes instanceof Uint8Array && a.bytes.byteLength > 0)).toBe(true);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(95);
    const [pid] = pool.pids;
    expect(pid).not.toBe(process.pid);
    const second = await pool.render(small(3), () => undefined);
    expect(second.ok && second.recommendations).toBeGreaterThan(0);
    expect(pool.pids).toEqual([pid]);
  }, 60_000);

  it('answers a malformed input as invalid, not as a failure, and keeps working', async () => {
    expect(await pool.render('{"kind":"session","revision":1}', () => undefined)).toMatchObject({ ok: false, invalid: expect.stringContaining('inputHash') });
    expect(await pool.render('{"truncated', () => undefined)).toMatchObject({ ok: false });
    expect((await pool.render(JSON.stringify(generatedSession(10, 5, 4)), () => undefined)).ok).toBe(true);
  }, 60_000);

  it('gives the memory back: a process over the RSS limit after a job ends, and so does one left idle', async () => {
    const lean = new RenderPool({ retireRssMb: 1, idleMs: 60_000 });
    const idle = new RenderPool({ idleMs: 300 });
    try {
      const r = lean.render(small(5), () => undefined);
      const pid = await firstPid(lean);
      expect((await r).ok).toBe(true);
      expect(lean.pids).toEqual([]);
      await eventually(async () => !running(pid));
      expect((await lean.render(small(6), () => undefined)).ok).toBe(true);

      expect((await idle.render(small(7), () => undefined)).ok).toBe(true);
      const [idlePid] = idle.pids;
      await eventually(async () => !running(idlePid!));
      expect(idle.pids).toEqual([]);
      expect((await idle.render(small(8), () => undefined)).ok).toBe(true);
    } finally {
      await Promise.all([lean.close(), idle.close()]);
    }
  }, 60_000);

  it('fails the job of a process that dies mid-render, and the next job gets a new process', async () => {
    const p = new RenderPool();
    try {
      const job = p.render(JSON.stringify(generatedSession(2000, 400, 9)), () => undefined);
      const pid = await firstPid(p);
      process.kill(pid, 'SIGKILL');
      await expect(job).rejects.toThrow('render process exited (SIGKILL)');
      expect(p.pids).toEqual([]);
      expect((await p.render(small(10), () => undefined)).ok).toBe(true);
      expect(p.pids).not.toContain(pid);
    } finally {
      await p.close();
    }
  }, 60_000);

  // The limit is short here, so no job of this pool could finish in time on a busy machine: after
  // the kill only the pool's state is checked (the test above shows a fresh process taking over).
  it('kills a render that outlasts its time limit and fails its job', async () => {
    const p = new RenderPool({ timeoutMs: 300 });
    try {
      const job = p.render(JSON.stringify(generatedSession(20_000, 4_000, 12)), () => undefined);
      const pid = await firstPid(p);
      await expect(job).rejects.toThrow('render took longer than 300 ms');
      await eventually(async () => !running(pid));
      expect(p.pids).toEqual([]);
    } finally {
      await p.close();
    }
  }, 60_000);

  it('leaves no render process behind when its owner is killed with SIGKILL', async () => {
    const owner = spawn(process.execPath, ['--import', 'tsx', path.join(import.meta.dirname, '../helpers/render-pool.owner.ts')], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    owner.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    try {
      const pid = await eventually(async () => Number(/render-pid (\d+)/.exec(out)?.[1]) || undefined, 30_000);
      expect(running(pid)).toBe(true);
      owner.kill('SIGKILL');
      await eventually(async () => !running(pid), 10_000);
    } finally {
      owner.kill('SIGKILL');
    }
  }, 60_000);

  it('refuses work once closed, and ends its processes', async () => {
    const p = new RenderPool();
    expect((await p.render(small(11), () => undefined)).ok).toBe(true);
    const [pid] = p.pids;
    await p.close();
    expect(running(pid!)).toBe(false);
    await expect(p.render('{}', () => undefined)).rejects.toThrow('closed');
  }, 60_000);
});
