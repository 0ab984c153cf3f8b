/**
 * Compile + render run in worker threads. Rendering a large session takes a second or
 * more of CPU; on the worker's main thread that would stall BullMQ's lock renewal (the
 * job would look stalled and run twice) and the progress reports. Threads are kept
 * between jobs so modules load and code warms up once per process.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { TrackerSeed, type Artifact } from '../../common/jobs';
import { CompileFormat } from '../../common/recs.contract';
import { BUILT, ROOT } from '../../platform/paths';

export type RenderOutcome =
  | { ok: true; artifacts: Artifact[]; tracker: TrackerSeed[] | null; recommendations: number }
  | { ok: false; invalid: string };

const ThreadMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('progress'), pct: z.number() }),
  z.object({ type: z.literal('invalid'), message: z.string() }),
  z.object({ type: z.literal('error'), message: z.string() }),
  z.object({
    type: z.literal('done'),
    artifacts: z.array(z.object({ format: CompileFormat, contentType: z.string(), sha256: z.string(), bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array) })),
    tracker: z.array(TrackerSeed).nullable(),
    recommendations: z.number().int(),
  }),
]);

/** Built: the thread's own bundle. From the sources: a boot file that registers tsx first (threads do not inherit it). */
const THREAD = BUILT
  ? { file: path.join(ROOT, 'dist', 'workers', 'recommendations', 'render.thread.js'), workerData: {} }
  : { file: path.join(ROOT, 'workers', 'recommendations', 'render.boot.mjs'), workerData: { entry: pathToFileURL(path.join(ROOT, 'workers', 'recommendations', 'render.thread.ts')).href } };

/**
 * A small young generation: rendering makes much short-lived garbage, and collecting it
 * more often keeps the process about 45 MB smaller at a negligible cost in time.
 */
export const RENDER_THREAD_LIMITS = { maxYoungGenerationSizeMb: 6 };

class RenderThread {
  readonly worker = new Worker(THREAD.file, { workerData: THREAD.workerData, resourceLimits: RENDER_THREAD_LIMITS });
  /** Set while a job runs; gets every message of the thread. */
  current: ((m: z.infer<typeof ThreadMessage>) => void) | undefined;
  dead = false;

  constructor(onDeath: (t: RenderThread, e: Error) => void) {
    this.worker.on('message', (raw: unknown) => {
      const m = ThreadMessage.safeParse(raw);
      if (!m.success) return onDeath(this, new Error('render thread sent an unexpected message'));
      if (m.data.type !== 'ready') this.current?.(m.data);
    });
    this.worker.on('error', (e: Error) => onDeath(this, e));
    this.worker.on('exit', (code) => onDeath(this, new Error(`render thread exited (${code})`)));
  }
}

export class RenderPool {
  private readonly idle: RenderThread[] = [];
  private readonly failures = new Map<RenderThread, (e: Error) => void>();
  private closed = false;

  private readonly onDeath = (t: RenderThread, e: Error) => {
    if (t.dead) return;
    t.dead = true;
    const i = this.idle.indexOf(t);
    if (i >= 0) this.idle.splice(i, 1);
    this.failures.get(t)?.(e);
    void t.worker.terminate();
  };

  /** Renders one frozen input (JSON text) on an idle thread, starting one if none is free. */
  render(input: string, onProgress: (pct: number) => void): Promise<RenderOutcome> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    const t = this.idle.pop() ?? new RenderThread(this.onDeath);
    return new Promise<RenderOutcome>((resolve, reject) => {
      const finish = (fn: () => void) => {
        t.current = undefined;
        this.failures.delete(t);
        if (!t.dead && !this.closed) this.idle.push(t);
        fn();
      };
      this.failures.set(t, (e) => finish(() => reject(e)));
      t.current = (m) => {
        if (m.type === 'progress') onProgress(m.pct);
        else if (m.type === 'invalid') finish(() => resolve({ ok: false, invalid: m.message }));
        else if (m.type === 'error') finish(() => reject(new Error(`render failed: ${m.message}`)));
        else if (m.type === 'done') finish(() => resolve({ ok: true, artifacts: m.artifacts, tracker: m.tracker, recommendations: m.recommendations }));
      };
      t.worker.postMessage(input);
    });
  }

  /** Ends every thread; a render still running fails. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.failures.keys()];
    this.idle.length = 0;
    await Promise.all(all.map((t) => t.worker.terminate()));
  }
}
