/**
 * The render process: compiles inputs and renders every format, one at a time, for as
 * long as the pool keeps it (modules loaded and code warmed up once per burst of jobs).
 * Its answers carry its RSS, which the pool reads to retire it.
 */
import { CompileInput } from '../../common/jobs';
import { renderAll } from './render-all';

// Errors go to the callback: once the pool is gone (its process killed) a send fails with EPIPE,
// and the 'disconnect' below ends this process anyway.
const send = (m: object) => process.connected && process.send?.(m, undefined, undefined, () => undefined);
const rssMb = () => Math.round(process.memoryUsage.rss() / 1048576);

async function render(input: unknown) {
  try {
    const parsed = typeof input === 'string' ? CompileInput.safeParse(JSON.parse(input)) : undefined;
    if (!parsed?.success) {
      const issues = parsed?.error.issues.slice(0, 5).map((i) => `${i.path.join('.')}: ${i.message}`) ?? ['not a JSON text'];
      send({ type: 'invalid', message: issues.join('; '), rssMb: rssMb() });
      return;
    }
    const out = await renderAll(parsed.data, (pct) => send({ type: 'progress', pct }));
    // The channel's serializer copies only each view's own bytes, so pooled Buffers are fine.
    send({ type: 'done', artifacts: out.artifacts, tracker: out.tracker, recommendations: out.compilation.recommendations.length, rssMb: rssMb() });
  } catch (e) {
    // JSON.parse of a truncated input lands here too: the input, not the run, is at fault.
    const invalid = e instanceof SyntaxError;
    send({ type: invalid ? 'invalid' : 'error', message: e instanceof Error ? e.message : String(e), rssMb: rssMb() });
  }
}

// Jobs arrive one at a time (the pool gives a process one job until it answers).
process.on('message', (input: unknown) => void render(input));
// The pool is this process's only reason to live: without it, nothing would ever end it.
process.on('disconnect', () => process.exit(0));
send({ type: 'ready' });
