import { Queue, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import { producerConnection } from '../../platform/redis';
import { bullPrefix, COMPILE_QUEUE, compileJobId, type CompileJobData } from '../../common/jobs';

/**
 * Transient failures (database or Redis hiccups) retry with exponential backoff:
 * 2 s, 4 s, 8 s, 16 s. A malformed job throws UnrecoverableError and fails at once.
 */
export const COMPILE_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 1000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

/** The producer side of the compile queue, in the API process. */
export class CompileQueue {
  readonly queue: Queue;
  private readonly connection: Redis;

  constructor(redisUrl: string, redisPrefix: string) {
    this.connection = producerConnection(redisUrl);
    this.queue = new Queue(COMPILE_QUEUE, { connection: this.connection, prefix: bullPrefix(redisPrefix), defaultJobOptions: COMPILE_JOB_OPTIONS });
  }

  /** Adding a revision twice is a no-op: the job id is derived from the revision. */
  async add(data: CompileJobData): Promise<void> {
    await this.queue.add(data.kind, data, { jobId: compileJobId(data) });
  }

  /** Jobs waiting or running, e.g. to decide whether the in-process worker must start. */
  async pending(): Promise<number> {
    const c = await this.queue.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'waiting-children');
    return Object.values(c).reduce((a, b) => a + b, 0);
  }

  async close(): Promise<void> {
    await this.queue.close();
    this.connection.disconnect();
  }
}
