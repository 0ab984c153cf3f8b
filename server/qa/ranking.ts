import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../logger';

/**
 * Marks a question's count dirty and, when no flush is scheduled for its session in any
 * process, claims the flush: the claimer flushes `intervalMs` later. The claim lives in
 * Redis, so two processes taking votes for one session still produce one ranking message
 * per interval, not one each.
 */
const MARK = `
redis.call('SADD', KEYS[1], ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[2]) then return 1 end
return 0
`;

/**
 * Takes the dirty set and releases the claim atomically: a vote marked after this either
 * landed in the taken set or finds no claim and schedules the next flush itself.
 */
const TAKE = `
local m = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
return m
`;

const Ids = z.array(z.string());

export interface RankingOptions {
  redis: Redis;
  prefix: string;
  intervalMs: number;
  /** Reads the current counts of these questions and broadcasts them once. */
  flush(sessionId: string, questionIds: string[]): Promise<void>;
  log: Logger;
}

/** Coalesces vote-count changes into at most one `qa:ranking` per session per interval, cluster-wide. */
export class RankingCoalescer {
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** If the claiming process dies, another may claim after this long. */
  private readonly claimTtlMs: number;
  private closed = false;

  constructor(private readonly o: RankingOptions) {
    this.claimTtlMs = Math.max(10 * o.intervalMs, 2000);
  }

  private keys(sessionId: string): [string, string] {
    return [`${this.o.prefix}:qa:{${sessionId}}:dirty`, `${this.o.prefix}:qa:{${sessionId}}:flush`];
  }

  /** Notes that a question's count changed; never throws (the vote itself is already stored). */
  async mark(sessionId: string, questionId: string): Promise<void> {
    if (this.closed) return;
    try {
      const claimed = await this.o.redis.eval(MARK, 2, ...this.keys(sessionId), questionId, this.claimTtlMs);
      if (claimed === 1 && !this.timers.has(sessionId)) {
        this.timers.set(sessionId, setTimeout(() => void this.flushNow(sessionId), this.o.intervalMs));
      }
    } catch (e) {
      this.o.log.warn({ err: e, sessionId }, 'ranking mark failed');
    }
  }

  private async flushNow(sessionId: string): Promise<void> {
    this.timers.delete(sessionId);
    try {
      const ids = Ids.parse(await this.o.redis.eval(TAKE, 2, ...this.keys(sessionId)));
      if (ids.length) await this.o.flush(sessionId, ids);
    } catch (e) {
      this.o.log.warn({ err: e, sessionId }, 'ranking flush failed');
    }
  }

  /** Flushes what is scheduled now instead of dropping it; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const pending = [...this.timers.keys()];
    for (const t of this.timers.values()) clearTimeout(t);
    await Promise.all(pending.map((s) => this.flushNow(s)));
  }
}
