/**
 * The render thread: compiles inputs and renders every format, one at a time, for as
 * long as its worker process lives (modules loaded and code warmed up once, not per job).
 */
import { parentPort } from 'node:worker_threads';
import { CompileInput } from '../../common/jobs';
import { renderAll } from './render-all';

const port = parentPort!;

async function render(input: unknown) {
  try {
    const parsed = typeof input === 'string' ? CompileInput.safeParse(JSON.parse(input)) : undefined;
    if (!parsed?.success) {
      const issues = parsed?.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) ?? ['not a JSON text'];
      port.postMessage({ type: 'invalid', message: issues.join('; ') });
      return;
    }
    const out = await renderAll(parsed.data, (pct) => port.postMessage({ type: 'progress', pct }));
    // Fresh buffers so they can be transferred (pooled Buffers share memory that cannot be).
    const artifacts = out.artifacts.map((a) => ({ ...a, bytes: new Uint8Array(a.bytes) }));
    port.postMessage(
      { type: 'done', artifacts, tracker: out.tracker, recommendations: out.compilation.recommendations.length },
      artifacts.map((a) => a.bytes.buffer),
    );
  } catch (e) {
    // JSON.parse of a truncated input lands here too: the input, not the run, is at fault.
    const invalid = e instanceof SyntaxError;
    port.postMessage({ type: invalid ? 'invalid' : 'error', message: e instanceof Error ? e.message : String(e) });
  }
}

// Jobs arrive one at a time (the pool gives a thread one job until it answers).
port.on('message', (input: unknown) => void render(input));
port.postMessage({ type: 'ready' });
