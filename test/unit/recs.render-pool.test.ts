import { afterAll, describe, expect, it } from 'vitest';
import { generatedSession } from '../../bench/compile-data';
import { RenderPool } from '../../workers/recommendations/render.runner';

const pool = new RenderPool();
afterAll(() => pool.close());

describe('the render thread pool', () => {
  it('renders every format off the main thread, reporting progress, and reuses its thread', async () => {
    const progress: number[] = [];
    const first = await pool.render(JSON.stringify(generatedSession(200, 40, 2)), (p) => progress.push(p));
    expect(first.ok && first.artifacts.map((a) => a.format).sort()).toEqual(['csv', 'docx', 'json', 'md', 'pdf']);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(95);
    const second = await pool.render(JSON.stringify(generatedSession(50, 10, 3)), () => undefined);
    expect(second.ok && second.recommendations).toBeGreaterThan(0);
  }, 60_000);

  it('answers a malformed input as invalid, not as a failure, and keeps working', async () => {
    expect(await pool.render('{"kind":"session","revision":1}', () => undefined)).toMatchObject({ ok: false, invalid: expect.stringContaining('inputHash') });
    expect(await pool.render('{"truncated', () => undefined)).toMatchObject({ ok: false });
    expect((await pool.render(JSON.stringify(generatedSession(10, 5, 4)), () => undefined)).ok).toBe(true);
  }, 60_000);

  it('refuses work once closed', async () => {
    const p = new RenderPool();
    await p.close();
    await expect(p.render('{}', () => undefined)).rejects.toThrow('closed');
  });
});
