/**
 * The outbox: a change and the work it asks for commit together, and whichever server process
 * drains the outbox next carries the work out. A domain adds a row inside its transaction
 * (`add`), registers what to do with it (`handle`), and the drain runs right after the change
 * (`kick`), on start and every few seconds, so a crash between the commit and the hand-off, or
 * Redis being away, only delays the work. Handlers run at least once and must be idempotent
 * (BullMQ job ids derived from the work make re-adding a no-op).
 */
import { z } from 'zod';
import type { Db, Queryable } from '../../platform/db';
import { within } from '../../platform/deadline';
import type { Logger } from '../../platform/logger';
import * as repo from './outbox.repo';

/** Every kind of work the outbox carries, with its payload. */
export interface OutboxTopics {
  /** Freeze an ended session's input into a compile revision and enqueue its job. */
  'compile.session': { sessionId: string };
  /** Enqueue the job of a committed compile revision (unless a worker took it already). */
  'compile.enqueue': { revisionId: string };
  /** Stop the session's program here if it runs, then enqueue its recording's pending finalization. */
  'recording.finalize': { sessionId: string };
}
export type OutboxTopic = keyof OutboxTopics;

type Handler = (payload: unknown) => Promise<void>;

export interface OutboxOptions {
  db: Db;
  /** This deployment's name (the Redis prefix): a process drains only its own deployment's rows. */
  queue: string;
  log: Logger;
  /** How often due rows are looked for besides the kicks. */
  intervalMs?: number;
}

const BATCH = 20;
/** Long enough for a handler to gather a large session's input; a crashed process's rows come back after it. */
const LEASE_MS = 120_000;
const MAX_BACKOFF_MS = 30_000;
const HANDLER_DEADLINE_MS = 60_000;

export class Outbox {
  readonly #handlers = new Map<string, Handler>();
  readonly #intervalMs: number;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<number> | undefined;
  #again = false;
  #closed = false;

  constructor(private readonly o: OutboxOptions) {
    this.#intervalMs = o.intervalMs ?? 5000;
  }

  /** Records work in the caller's transaction: it happens if and only if the transaction commits. */
  add<K extends OutboxTopic>(q: Queryable, topic: K, payload: OutboxTopics[K]): Promise<void> {
    return repo.insert(q, this.o.queue, topic, payload);
  }

  /** What to do with a topic's rows; a failure (thrown) is retried with backoff. */
  handle<K extends OutboxTopic>(topic: K, schema: z.core.$ZodType<OutboxTopics[K]>, fn: (payload: OutboxTopics[K]) => Promise<void>): void {
    this.#handlers.set(topic, (raw) => fn(z.parse(schema, raw)));
  }

  /** Drains now, in the background (after a commit that added rows); never throws. */
  kick(): void {
    void this.drain().catch((err: unknown) => this.o.log.error({ err }, 'outbox drain failed'));
  }

  /** Carries out every due row; concurrent calls share one run (and one more after it). Resolves with how many rows were handed on. */
  drain(): Promise<number> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    const run = async () => {
      let n = 0;
      do {
        this.#again = false;
        n += await this.#drainDue();
      } while (this.#again && !this.#closed);
      return n;
    };
    this.#running = run().finally(() => (this.#running = undefined));
    return this.#running;
  }

  async #drainDue(): Promise<number> {
    let done = 0;
    while (!this.#closed) {
      const rows = await repo.claimDue(this.o.db, this.o.queue, BATCH, LEASE_MS);
      if (!rows.length) break;
      const results = await Promise.all(rows.map((r) => this.#run(r)));
      done += results.filter(Boolean).length;
    }
    return done;
  }

  async #run(r: repo.OutboxRow): Promise<boolean> {
    const fn = this.#handlers.get(r.topic);
    try {
      if (!fn) throw new Error(`no handler for outbox topic '${r.topic}' in this process`);
      // A handler stuck on a dependency must not hold up the rows behind it; it is retried later.
      await within(fn(r.payload), HANDLER_DEADLINE_MS, `outbox work '${r.topic}'`);
      await repo.remove(this.o.db, r.id);
      return true;
    } catch (err) {
      const delay = Math.min(1000 * 2 ** (r.attempts - 1), MAX_BACKOFF_MS);
      this.o.log.warn({ err, topic: r.topic, id: r.id, attempt: r.attempts, retryInMs: delay }, 'outbox work failed; will retry');
      await repo.retryLater(this.o.db, r.id, delay, err instanceof Error ? err.message : String(err)).catch(() => undefined);
      return false;
    }
  }

  /** Drains once now and then every interval (call after every module registered its handlers). */
  start(): void {
    if (this.#closed || this.#timer) return;
    this.kick();
    this.#timer = setInterval(() => this.kick(), this.#intervalMs);
    this.#timer.unref();
  }

  /** How many rows are not yet handed on (the metric a stuck hand-off shows in). */
  pendingCount(): Promise<number> {
    return repo.countPending(this.o.db, this.o.queue);
  }

  /** Rows not yet handed on (what a health check or a test looks at). */
  pending(): ReturnType<typeof repo.pending> {
    return repo.pending(this.o.db, this.o.queue);
  }

  /** Stops draining; a run in progress finishes its current rows. Safe twice. */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#timer);
    await this.#running?.catch(() => undefined);
  }
}
