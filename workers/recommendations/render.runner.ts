/**
 * Runs compile + render in a worker thread. Rendering a large session takes a second or
 * more of CPU; on the worker's main thread that would stall BullMQ's lock renewal (so
 * the job would look stalled and run twice) and the progress reports.
 */
import { Worker } from 'node:worker_threads';
import { z } from 'zod';
import { TrackerSeed, type Artifact } from '../../common/jobs';
import { CompileFormat } from '../../common/recs.contract';

export type RenderOutcome =
  | { ok: true; artifacts: Artifact[]; tracker: TrackerSeed[] | null; recommendations: number }
  | { ok: false; invalid: string };

const ThreadMessage = z.discriminatedUnion('type', [
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

const BOOT = new URL('./render.boot.mjs', import.meta.url);
const ENTRY = new URL('./render.thread.ts', import.meta.url).href;

export function renderInThread(input: string, onProgress: (pct: number) => void): Promise<RenderOutcome> {
  return new Promise((resolve, reject) => {
    const thread = new Worker(BOOT, { workerData: { entry: ENTRY } });
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
      void thread.terminate();
    };
    thread.on('message', (raw: unknown) => {
      const m = ThreadMessage.safeParse(raw);
      if (!m.success) return settle(() => reject(new Error('render thread sent an unexpected message')));
      const msg = m.data;
      if (msg.type === 'progress') onProgress(msg.pct);
      else if (msg.type === 'invalid') settle(() => resolve({ ok: false, invalid: msg.message }));
      else if (msg.type === 'error') settle(() => reject(new Error(`render failed: ${msg.message}`)));
      else settle(() => resolve({ ok: true, artifacts: msg.artifacts, tracker: msg.tracker, recommendations: msg.recommendations }));
    });
    thread.on('error', (e) => settle(() => reject(e)));
    thread.on('exit', (code) => settle(() => reject(new Error(`render thread exited (${code}) before finishing`))));
    thread.postMessage(input);
  });
}
