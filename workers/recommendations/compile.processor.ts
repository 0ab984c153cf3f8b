/**
 * One compile job: claim the frozen input, render every format off the main thread,
 * commit all artifacts at once, and report progress to the forum's organizers.
 */
import { UnrecoverableError, type Job } from 'bullmq';
import { CompileJobData, type CompileStore } from '../../common/jobs';
import type { CompileProgress } from '../../common/recs.contract';
import type { Logger } from '../../platform/logger';
import type { RenderOutcome } from './render.runner';

export interface ProcessorDeps {
  store: CompileStore;
  /** Delivers progress to the organizers' sockets (through Redis); failures to deliver never fail the job. */
  emit: (p: CompileProgress) => Promise<void>;
  render: (input: string, onProgress: (pct: number) => void) => Promise<RenderOutcome>;
  log: Logger;
}

export interface CompileResult {
  skipped: boolean;
  recommendations?: number;
  formats?: { format: string; size: number; sha256: string }[];
}

/** Job data that does not parse can never succeed: it fails at once, visibly, without retries. */
export function parseJobData(data: unknown): CompileJobData {
  const r = CompileJobData.safeParse(data);
  if (!r.success) throw new UnrecoverableError(`malformed compile job: ${r.error.issues.map((i) => `${i.path.join('.') || '(data)'}: ${i.message}`).join('; ')}`);
  return r.data;
}

export function progressOf(data: CompileJobData, progress: number, state: CompileProgress['state'], error?: string): CompileProgress {
  return {
    scope: data.kind,
    forumId: data.forumId,
    sessionId: data.kind === 'session' ? data.sessionId : null,
    revision: data.revision,
    progress,
    state,
    ...(error ? { error } : {}),
  };
}

export function compileProcessor(d: ProcessorDeps) {
  return async (job: Job): Promise<CompileResult> => {
    const data = parseJobData(job.data);
    const log = d.log.child({ jobId: job.id, inputId: data.inputId });
    let last = -1;
    const report = async (pct: number, state: CompileProgress['state'] = 'active') => {
      const p = Math.round(pct);
      if (p === last && state === 'active') return;
      last = p;
      await job.updateProgress(p);
      await d.emit(progressOf(data, p, state)).catch((err: unknown) => log.warn({ err }, 'progress not delivered'));
    };

    const claimed = await d.store.claim(data.inputId);
    if (!claimed) throw new UnrecoverableError(`no compile input ${data.inputId}`);
    if (claimed.status === 'done') {
      // Another worker finished it (e.g. after this job was thought stalled): nothing to redo.
      await report(100, 'completed');
      return { skipped: true };
    }
    await report(2);
    const started = performance.now();
    const out = await d.render(claimed.input, (pct) => void report(pct).catch(() => undefined));
    if (!out.ok) throw new UnrecoverableError(`invalid compile input: ${out.invalid}`);
    await d.store.complete(data.inputId, out.artifacts, out.tracker);
    await report(100, 'completed');
    log.info({ ms: Math.round(performance.now() - started), recommendations: out.recommendations }, 'compilation stored');
    return {
      skipped: false,
      recommendations: out.recommendations,
      formats: out.artifacts.map((a) => ({ format: a.format, size: a.bytes.byteLength, sha256: a.sha256 })),
    };
  };
}
