import { Queue, QueueEvents, type Job } from 'bullmq';
import { Redis } from 'ioredis';
import { finalizeJobId, RECORDING_QUEUE, type FinalizeJobData } from '../../common/broadcast.contract';
import { bullPrefix } from '../../common/jobs';
import { COMPILE_JOB_OPTIONS } from '../recommendations/compile.queue';
import { producerConnection } from '../../platform/redis';

/** The producer side of the finalization queue, and where the API hears that a job finished. */
export class RecordingQueue {
  readonly queue: Queue;
  readonly events: QueueEvents;
  readonly #connections: Redis[];

  constructor(redisUrl: string, redisPrefix: string) {
    const a = producerConnection(redisUrl);
    // QueueEvents blocks on the stream: its commands wait for Redis to come back.
    const b = new Redis(redisUrl, { maxRetriesPerRequest: null });
    b.on('error', () => undefined);
    this.#connections = [a, b];
    const prefix = bullPrefix(redisPrefix);
    // Same retry policy as compiles: transient failures back off, bad payloads fail at once.
    this.queue = new Queue(RECORDING_QUEUE, { connection: a, prefix, defaultJobOptions: COMPILE_JOB_OPTIONS });
    this.events = new QueueEvents(RECORDING_QUEUE, { connection: b, prefix });
  }

  /** Adding the same revision twice is a no-op (the job id is derived from it). */
  async add(data: FinalizeJobData): Promise<void> {
    await this.queue.add('finalize', data, { jobId: finalizeJobId(data) });
  }

  job(data: Pick<FinalizeJobData, 'sessionId' | 'revision'>): Promise<Job | undefined> {
    return this.queue.getJob(finalizeJobId(data));
  }

  async close(): Promise<void> {
    await this.events.close();
    await this.queue.close();
    for (const c of this.#connections) c.disconnect();
  }
}
