import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../platform/logger';

/**
 * Marks members dirty and, when no flush is scheduled for their scope in any process, claims
 * the flush: the claimer flushes `intervalMs` later. The claim lives in Redis, so two
 * processes taking writes for one scope still produce one flush per interval, not one each.
 */
const MARK = `
redis.call('SADD', KEYS[1], unpack(ARGV, 2))
redis.call('PEXPIRE', KEYS[1], ARGV[1])
if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[1]) then return 1 end
return 0
`;

/**
 * Takes the dirty set and releases the claim atomically, and numbers the flush: a write
 * marked after this either landed in the taken set or finds no claim and schedules the
 * next flush itself. The number grows with every flush of the scope, in any process.
 */
const TAKE = `
local m = redis.call('SMEMBERS', KEYS[1])
redis.call('DEL', KEYS[1], KEYS[2])
local seq = redis.call('INCR', KEYS[3])
redis.call('PEXPIRE', KEYS[3], 604800000)
table.insert(m, 1, tostring(seq))
return m
`;

const Taken = z.tuple([z.coerce.number().int().min(1)], z.string());

export interface CoalescerOptions {
  redis: Redis;
  prefix: string;
  /** Names the Redis keys: `<prefix>:<name>:{<scope>}:…`. */
  name: string;
  intervalMs: number;
  /**
   * Reads the current values of these members and sends them once. `seq` numbers the flush
   * (it grows with every flush of the scope, cluster-wide), so readers can order flushes
   * that reach them out of order.
   */
  flush(scope: string, members: string[], seq: number): Promise<void>;
  log: Logger;
}

/** Marks that wait this long at most before going to Redis together. */
const BATCH_MS = 10;

/**
 * Coalesces changes of many members (e.g. the vote counts of a session's questions) into at
 * most one flush per scope per interval, cluster-wide.
 *
 * Marks cost no Redis round trip each: while this process holds a scope's flush, it keeps the
 * scope's marks itself and adds them to what it takes at the flush; otherwise it sends what
 * gathered within BATCH_MS as one MARK. Either way a mark reaches a flush that reads after it.
 */
export class Coalescer {
  /** Scopes whose flush this process holds: the flush timer, and the marks kept for it. */
  private readonly held = new Map<string, { timer: NodeJS.Timeout; marks: Set<string> }>();
  /** Marks on their way to Redis, per scope. */
  private readonly outbox = new Map<string, Set<string>>();
  private outboxTimer: NodeJS.Timeout | undefined;
  /** If the claiming process dies, another may claim after this long. */
  private readonly claimTtlMs: number;
  private closed = false;

  constructor(private readonly o: CoalescerOptions) {
    this.claimTtlMs = Math.max(10 * o.intervalMs, 2000);
  }

  private keys(scope: string): [string, string, string] {
    // The hash tag keeps one scope's keys in one slot, as Lua scripts need on Redis Cluster.
    const base = `${this.o.prefix}:${this.o.name}:{${scope}}`;
    return [`${base}:dirty`, `${base}:flush`, `${base}:seq`];
  }

  /** Notes that a member changed, after the change is stored; never throws. */
  mark(scope: string, member: string): void {
    if (this.closed) return;
    const held = this.held.get(scope);
    if (held) {
      held.marks.add(member);
      return;
    }
    let batch = this.outbox.get(scope);
    if (!batch) this.outbox.set(scope, (batch = new Set()));
    batch.add(member);
    this.outboxTimer ??= setTimeout(() => void this.sendMarks(), BATCH_MS);
  }

  private async sendMarks(): Promise<void> {
    this.outboxTimer = undefined;
    const batches = [...this.outbox];
    this.outbox.clear();
    await Promise.all(
      batches.map(async ([scope, members]) => {
        try {
          const [dirty, flush] = this.keys(scope);
          const claimed = await this.o.redis.eval(MARK, 2, dirty, flush, this.claimTtlMs, ...members);
          if (claimed === 1 && !this.held.has(scope)) {
            this.held.set(scope, { timer: setTimeout(() => void this.flushNow(scope), this.o.intervalMs), marks: new Set() });
          }
        } catch (e) {
          this.o.log.warn({ err: e, scope, coalescer: this.o.name }, 'coalescer mark failed');
        }
      }),
    );
  }

  private async flushNow(scope: string): Promise<void> {
    // From here on, marks of this scope go to Redis again (they may claim the next flush).
    const kept = this.held.get(scope)?.marks ?? new Set<string>();
    this.held.delete(scope);
    try {
      const [seq, ...taken] = Taken.parse(await this.o.redis.eval(TAKE, 3, ...this.keys(scope)));
      const members = [...new Set([...taken, ...kept])];
      if (members.length) await this.o.flush(scope, members, seq);
    } catch (e) {
      this.o.log.warn({ err: e, scope, coalescer: this.o.name }, 'coalescer flush failed');
    }
  }

  /** Flushes what is scheduled now instead of dropping it; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    // Marks still on their way may claim flushes; those are flushed below with the rest.
    if (this.outboxTimer) clearTimeout(this.outboxTimer);
    await this.sendMarks();
    const pending = [...this.held.keys()];
    for (const h of this.held.values()) clearTimeout(h.timer);
    await Promise.all(pending.map((s) => this.flushNow(s)));
  }
}
