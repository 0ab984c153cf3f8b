import { UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { RECORDING_QUEUE } from '../../common/broadcast.contract';
import { bullPrefix } from '../../common/jobs';
import type { Logger } from '../../platform/logger';
import type { MediaStorage } from '../../platform/media/storage';
import { finalizeProcessor } from './finalize.processor';

/**
 * The consumer side of the recording queue. It needs only the media store: the API commits
 * each result to the database when it hears the job completed (or finds it so on reconcile).
 */
export function createFinalizeWorker(o: { redisUrl: string; redisPrefix: string; storage: MediaStorage; log: Logger; lockMs: number }) {
  const connection = new Redis(o.redisUrl, { maxRetriesPerRequest: null });
  connection.on('error', (err) => o.log.warn({ err: err.message }, 'redis error'));
  const worker = new Worker(RECORDING_QUEUE, finalizeProcessor({ storage: o.storage, log: o.log }), {
    connection,
    prefix: bullPrefix(o.redisPrefix),
    concurrency: 1,
    lockDuration: o.lockMs,
    stalledInterval: o.lockMs,
    maxStalledCount: 2,
  });
  worker.on('failed', (job, err) => {
    const final = err instanceof UnrecoverableError || (job ? job.attemptsMade >= (job.opts.attempts ?? 1) : true);
    o.log[final ? 'error' : 'warn']({ jobId: job?.id, err: err.message }, final ? 'recording job failed' : 'recording job failed; will retry');
  });
  worker.on('error', (err) => o.log.error({ err }, 'recording worker error'));
  return {
    worker,
    /** `force`: do not wait for running jobs (their locks lapse and another worker runs them). */
    async close(force = false) {
      await worker.close(force);
      connection.disconnect();
    },
  };
}
