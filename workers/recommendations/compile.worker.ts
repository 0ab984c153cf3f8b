import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { bullPrefix, COMPILE_QUEUE, CompileJobData, type CompileStore } from '../../common/jobs';
import type { CompileProgress } from '../../common/recs.contract';
import type { Logger } from '../../platform/logger';
import type { StreamsEmitter } from '../realtime/streams-emitter';
import { rooms } from '../../common/rooms';
import { compileProcessor, progressOf, type CompileResult } from './compile.processor';
import type { RenderOutcome } from './render.runner';

export interface CompileWorkerOptions {
  redisUrl: string;
  redisPrefix: string;
  store: CompileStore;
  emitter: StreamsEmitter;
  render: (input: string, onProgress: (pct: number) => void) => Promise<RenderOutcome>;
  log: Logger;
  concurrency: number;
  /** A worker that stops renewing its lock for this long (killed, frozen) loses the job to another. */
  lockMs: number;
}

/** The consumer side of the compile queue; one per worker process. */
export function createCompileWorker(o: CompileWorkerOptions): { worker: Worker; close(force?: boolean): Promise<void> } {
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => o.log.warn({ err: err.message }, 'redis error'));
  const emit = (p: CompileProgress) => o.emitter.to(rooms.forumOrganizers(p.forumId)).emit('recs:compileProgress', p);
  const worker = new Worker<unknown, CompileResult>(COMPILE_QUEUE, compileProcessor({ store: o.store, emit, render: o.render, log: o.log }), {
    connection,
    prefix: bullPrefix(o.redisPrefix),
    concurrency: o.concurrency,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    maxStalledCount: 2,
  });
  worker.on('failed', (job, err) => {
    if (!job) return;
    const final = err instanceof UnrecoverableError || err.name === 'UnrecoverableError' || job.attemptsMade >= (job.opts.attempts ?? 1);
    o.log[final ? 'error' : 'warn']({ jobId: job.id, attempt: job.attemptsMade, err: err.message }, final ? 'compile job failed' : 'compile job failed; will retry');
    const data = CompileJobData.safeParse(job.data);
    if (!final || !data.success) return;
    void o.store
      .fail(data.data.inputId, err.message)
      .then(() => emit(progressOf(data.data, 100, 'failed', err.message)))
      .catch((e: unknown) => o.log.error({ err: e, jobId: job.id }, 'could not record the failure'));
  });
  worker.on('error', (err) => o.log.error({ err }, 'compile worker error'));
  return {
    worker,
    /** `force`: do not wait for running jobs (their locks lapse and another worker runs them). */
    async close(force = false) {
      await worker.close(force);
      connection.disconnect();
    },
  };
}
