/**
 * Compile + render run in child processes. Rendering a large session takes a second or
 * more of CPU; on the worker's main thread that would stall BullMQ's lock renewal (the job
 * would look stalled and run twice) and the progress reports. Processes rather than
 * threads because Typst's native caches are process-wide: a render thread's process grew to
 * 640–790 MB over repeated large renders and ending the thread gave none of it back, while
 * an exiting process returns everything. A process is kept between jobs, so modules load
 * and code warms up once per burst of compiles; it is retired when a job leaves it larger
 * than `retireRssMb`, and ends after `idleMs` without work. A render that runs past
 * `timeoutMs` is killed and its job fails (BullMQ retries it): the worker's own thread stays
 * free and would keep renewing the job's lock for a render that never ends.
 */
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { z } from 'zod';
import { TrackerSeed, type Artifact } from '../../common/jobs';
import { CompileFormat } from '../../common/recs.contract';
import { BUILT, ROOT } from '../../platform/paths';

export type RenderOutcome =
  | { ok: true; artifacts: Artifact[]; tracker: TrackerSeed[] | null; recommendations: number }
  | { ok: false; invalid: string };

const rssMb = z.number().optional();
const ChildMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('progress'), pct: z.number() }),
  z.object({ type: z.literal('invalid'), message: z.string(), rssMb }),
  z.object({ type: z.literal('error'), message: z.string(), rssMb }),
  z.object({
    type: z.literal('done'),
    artifacts: z.array(z.object({ format: CompileFormat, contentType: z.string(), sha256: z.string(), bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array) })),
    tracker: z.array(TrackerSeed).nullable(),
    recommendations: z.number().int(),
    rssMb,
  }),
]);
type ChildMessage = z.infer<typeof ChildMessage>;

/** Built: the child's own bundle. From the sources: the TypeScript file through tsx. */
const CHILD = BUILT
  ? { file: path.join(ROOT, 'dist', 'workers', 'recommendations', 'render.child.js'), execArgv: [] }
  : { file: path.join(ROOT, 'workers', 'recommendations', 'render.child.ts'), execArgv: ['--import', 'tsx'] };

/**
 * A small young generation (2 MB semi-spaces, 6 MB in all): rendering makes much short-lived
 * garbage, and collecting it more often keeps the process about 45 MB smaller at a negligible
 * cost in time. The benchmarks run their renders with the same options.
 */
export const RENDER_NODE_OPTIONS = ['--max-semi-space-size=2'];

export interface RenderPoolOptions {
  /** A process whose RSS after a job is above this is ended (the next job starts a fresh one). */
  retireRssMb?: number;
  /** An idle process ends after this long without a job. */
  idleMs?: number;
  /** A render still running after this long is killed (the largest bench document takes seconds). */
  timeoutMs?: number;
}

class RenderProcess {
  readonly child: ChildProcess;
  /** Set while a job runs; gets every message of the process. */
  current: ((m: ChildMessage) => void) | undefined;
  idleTimer: NodeJS.Timeout | undefined;
  dead = false;
  readonly exited: Promise<void>;
  private markReady!: () => void;
  /** Messages sent before the child listens would be lost: jobs wait for its first word. */
  readonly ready = new Promise<void>((resolve) => (this.markReady = resolve));

  constructor(onDeath: (p: RenderProcess, e: Error) => void) {
    this.child = fork(CHILD.file, [], { execArgv: [...RENDER_NODE_OPTIONS, ...CHILD.execArgv], serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.exited = new Promise((resolve) => this.child.once('exit', () => resolve()));
    this.child.on('message', (raw: unknown) => {
      const m = ChildMessage.safeParse(raw);
      if (!m.success) return onDeath(this, new Error('render process sent an unexpected message'));
      if (m.data.type === 'ready') this.markReady();
      else this.current?.(m.data);
    });
    this.child.on('error', (e: Error) => onDeath(this, e));
    this.child.on('exit', (code, signal) => onDeath(this, new Error(`render process exited (${signal ?? code})`)));
  }
}

export class RenderPool {
  private readonly idle: RenderProcess[] = [];
  private readonly busy = new Map<RenderProcess, (e: Error) => void>();
  private readonly retireRssMb: number;
  private readonly idleMs: number;
  private readonly timeoutMs: number;
  private closed = false;

  constructor(o: RenderPoolOptions = {}) {
    this.retireRssMb = o.retireRssMb ?? 512;
    this.idleMs = o.idleMs ?? 60_000;
    this.timeoutMs = o.timeoutMs ?? 10 * 60_000;
  }

  /** The render processes alive now (idle or busy). */
  get pids(): number[] {
    return [...this.idle, ...this.busy.keys()].flatMap((p) => (p.child.pid === undefined ? [] : [p.child.pid]));
  }

  private readonly end = (p: RenderProcess, signal: NodeJS.Signals = 'SIGTERM') => {
    p.dead = true;
    clearTimeout(p.idleTimer);
    const i = this.idle.indexOf(p);
    if (i >= 0) this.idle.splice(i, 1);
    p.child.kill(signal);
  };

  private readonly onDeath = (p: RenderProcess, e: Error) => {
    if (p.dead) return;
    this.end(p, 'SIGKILL');
    this.busy.get(p)?.(e);
  };

  /** Renders one frozen input (JSON text) on an idle process, starting one if none is free. */
  render(input: string, onProgress: (pct: number) => void): Promise<RenderOutcome> {
    if (this.closed) return Promise.reject(new Error('the render pool is closed'));
    const p = this.idle.pop() ?? new RenderProcess(this.onDeath);
    clearTimeout(p.idleTimer);
    return new Promise<RenderOutcome>((resolve, reject) => {
      const timeout = setTimeout(() => this.onDeath(p, new Error(`render took longer than ${this.timeoutMs} ms`)), this.timeoutMs);
      const finish = (rss: number | undefined, fn: () => void) => {
        clearTimeout(timeout);
        p.current = undefined;
        this.busy.delete(p);
        if (!p.dead && (this.closed || (rss ?? 0) > this.retireRssMb)) this.end(p);
        if (!p.dead) {
          this.idle.push(p);
          p.idleTimer = setTimeout(() => this.end(p), this.idleMs).unref();
        }
        fn();
      };
      this.busy.set(p, (e) => finish(undefined, () => reject(e)));
      p.current = (m) => {
        if (m.type === 'progress') onProgress(m.pct);
        else if (m.type === 'invalid') finish(m.rssMb, () => resolve({ ok: false, invalid: m.message }));
        else if (m.type === 'error') finish(m.rssMb, () => reject(new Error(`render failed: ${m.message}`)));
        else if (m.type === 'done') finish(m.rssMb, () => resolve({ ok: true, artifacts: m.artifacts, tracker: m.tracker, recommendations: m.recommendations }));
      };
      void p.ready.then(() => !p.dead && p.child.send(input));
    });
  }

  /** Ends every process; a render still running fails. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.idle, ...this.busy.keys()];
    for (const p of all) this.onDeath(p, new Error('the render pool is closed'));
    await Promise.all(all.map((p) => p.exited));
  }
}
