import type { Redis } from 'ioredis';
import type { AppError } from '../common/errors';
import type { Logger } from '../platform/logger';
import { unavailable } from '../platform/unavailable';
import { rateLimited, type Budget, type LimitSpec } from './rate-limit';

/**
 * How often a process adds what it counted to Redis. It is also how stale a process's view of
 * the other processes' counts may be, so a key spread over N processes can go over its budget
 * by what the other N−1 took in one interval.
 */
export const TALLY_SYNC_MS = 100;

export interface TalliedSpec extends Omit<LimitSpec, 'shedInMemory'> {
  /**
   * With Redis out of reach: `refuse` answers `unavailable` (a write's budget must not open up
   * in an outage); `count-here` goes on counting in this process alone (a read's budget, so reads
   * keep working).
   */
  whenRedisIsAway: 'refuse' | 'count-here';
}

interface Tally {
  /** The window's number: milliseconds since the epoch divided by the window's length. */
  window: number;
  /** The key's total in Redis at the last sync, with what this process has on its way there. */
  synced: number;
  /** Counted here since. */
  pending: number;
}

const DONE = Promise.resolve();

/**
 * A fixed-window budget that every process shares through Redis, counted in this process first:
 * a decision costs no round trip, and each process adds its counts to Redis in one pipeline per
 * {@link TALLY_SYNC_MS}, learning the others' totals from the replies. For the budgets that every
 * message or vote pays (an address's requests, a person's votes): at a national audience's
 * rate a Redis round trip per message cost more CPU than delivering it. Within one process the
 * count is exact. Windows are aligned to the clock, so every process agrees where one ends.
 */
export class TalliedLimit implements Budget {
  private readonly tallies = new Map<string, Tally>();
  private readonly windowMs: number;
  private readonly keyPrefix: string;
  private timer: NodeJS.Timeout | undefined;
  private syncing = false;

  constructor(
    private readonly redis: Redis,
    prefix: string,
    readonly spec: TalliedSpec,
    private readonly log: Logger,
  ) {
    this.windowMs = spec.durationSec * 1000;
    this.keyPrefix = `${prefix}:rl:${spec.name}:`;
  }

  /** Takes points now, or says why not (`rate_limited` with the time to wait, or `unavailable`). */
  take(key: string, points = 1): AppError | undefined {
    if (this.spec.whenRedisIsAway === 'refuse' && this.redis.status !== 'ready') return unavailable();
    const now = Date.now();
    const window = Math.floor(now / this.windowMs);
    let t = this.tallies.get(key);
    if (!t || t.window !== window) this.tallies.set(key, (t = { window, synced: 0, pending: 0 }));
    if (t.synced + t.pending + points > this.spec.points) {
      return rateLimited((window + 1) * this.windowMs - now, this.spec.points, this.spec.durationSec);
    }
    t.pending += points;
    this.scheduleSync();
    return undefined;
  }

  consume(key: string, points = 1): Promise<void> {
    const refused = this.take(key, points);
    return refused ? Promise.reject(refused) : DONE;
  }

  /** Adds what was counted here to Redis; counts that could not go are kept for the next try. */
  private async sync(): Promise<void> {
    this.timer = undefined;
    if (this.syncing) return this.scheduleSync();
    const window = Math.floor(Date.now() / this.windowMs);
    const batch: { redisKey: string; t: Tally; sent: number }[] = [];
    for (const [key, t] of this.tallies) {
      if (t.window < window) this.tallies.delete(key);
      else if (t.pending > 0) batch.push({ redisKey: `${this.keyPrefix}${key}:${t.window}`, t, sent: t.pending });
    }
    if (!batch.length) return;
    if (this.redis.status !== 'ready') return this.scheduleSync();
    this.syncing = true;
    const pipeline = this.redis.pipeline();
    for (const { redisKey, t, sent } of batch) {
      t.synced += sent;
      t.pending = 0;
      pipeline.incrby(redisKey, sent);
      // A second past the window's end, so a clock a little behind still finds it.
      pipeline.pexpireat(redisKey, (t.window + 1) * this.windowMs + 1000);
    }
    // What did not reach Redis counts as counted here again, for the next sync.
    const keep = ({ t, sent }: (typeof batch)[number]) => {
      t.synced -= sent;
      t.pending += sent;
    };
    try {
      const replies = (await pipeline.exec()) ?? [];
      batch.forEach((b, i) => {
        const [err, total] = replies[2 * i] ?? [new Error('no reply')];
        if (err) keep(b);
        else b.t.synced = Number(total);
      });
    } catch (err) {
      batch.forEach(keep);
      this.log.debug({ err, limit: this.spec.name }, 'rate-limit counts not added to Redis yet');
    } finally {
      this.syncing = false;
    }
    if (batch.some(({ t }) => t.pending > 0)) this.scheduleSync();
  }

  private scheduleSync(): void {
    this.timer ??= setTimeout(() => void this.sync(), TALLY_SYNC_MS).unref();
  }
}
