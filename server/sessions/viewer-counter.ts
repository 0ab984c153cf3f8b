import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { Logger } from '../../platform/logger';

/**
 * One round trip per session per tick. Each process writes its own count (stamped with
 * Redis time) into a hash; one process per session holds a short lease and sums the fresh
 * fields, so a session's count is broadcast once per tick, not once per process. A process
 * that dies stops refreshing its field, which then goes stale and drops out of the sum.
 */
const TICK = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local me, count, staleMs, leaseMs = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4]
if count > 0 then redis.call('HSET', KEYS[1], me, count .. ':' .. now) else redis.call('HDEL', KEYS[1], me) end
redis.call('PEXPIRE', KEYS[1], staleMs * 10)
local lease = redis.call('GET', KEYS[2])
if lease and lease ~= me then return {-1, 0, 0, 0} end
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local c, at = string.match(all[i + 1], '^(%d+):(%d+)$')
  if c and now - tonumber(at) <= staleMs then total = total + tonumber(c) else redis.call('HDEL', KEYS[1], all[i]) end
end
if count > 0 then redis.call('SET', KEYS[2], me, 'PX', leaseMs) else redis.call('DEL', KEYS[2]) end
local changed = 0
if redis.call('GET', KEYS[3]) ~= tostring(total) then
  redis.call('SET', KEYS[3], total, 'PX', 86400000)
  changed = redis.call('INCR', KEYS[6])
  redis.call('PEXPIRE', KEYS[6], 86400000)
end
local sample, peak = 0, 0
if ARGV[5] == '1' then
  if redis.call('SET', KEYS[5], '1', 'NX', 'PX', ARGV[6]) then sample = 1 end
  local p = tonumber(redis.call('GET', KEYS[4]) or '0')
  if total > p then
    redis.call('SET', KEYS[4], total, 'PX', 604800000)
    peak = 1
  end
end
return {total, changed, sample, peak}
`;

/** Sum of the fresh counts of every process except the caller. */
const OTHERS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local total = 0
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local c, at = string.match(all[i + 1], '^(%d+):(%d+)$')
  if all[i] ~= ARGV[1] and c and now - tonumber(at) <= tonumber(ARGV[2]) then total = total + tonumber(c) end
end
return total
`;

const TickReply = z.tuple([z.number().int(), z.number().int(), z.number().int(), z.number().int()]);

export interface TickResult {
  sessionId: string;
  total: number;
  /** When the total differs from the last one broadcast: the count's sequence number (it grows with every change, cluster-wide). */
  changedSeq: number | undefined;
  /** About ATTENDANCE_SAMPLE_MS passed since the last sample of this live session. */
  sampleDue: boolean;
  /** The total is the highest seen while live. */
  peakRaised: boolean;
  /** People watching through this process, for the unique-viewer record. */
  localActors: string[];
}

export interface ViewerCounterOptions {
  redis: Redis;
  prefix: string;
  serverId: string;
  intervalMs: number;
  sampleEveryMs: number;
  isLive(sessionId: string): Promise<boolean>;
  /** Called for the sessions this process leads, after each tick. */
  onLead(r: TickResult): Promise<void>;
  /** Called for every session this process has viewers in, after each tick. */
  onLocal(sessionId: string, live: boolean, localActors: string[]): Promise<void>;
  log: Logger;
}

/**
 * Counts the people watching each session across server processes. A person with two
 * tabs on one process counts once. Counting is local and synchronous; reporting to
 * Redis happens every `intervalMs` for sessions that have (or just lost) viewers here.
 */
export class ViewerCounter {
  /** sessionId → actorId → open sockets */
  private readonly local = new Map<string, Map<string, number>>();
  /** Sessions to report on the next tick (including ones that just dropped to zero). */
  private readonly dirty = new Set<string>();
  private readonly timer: NodeJS.Timeout;
  private ticking = false;
  private closed = false;
  private readonly staleMs: number;
  private readonly leaseMs: number;

  constructor(private readonly o: ViewerCounterOptions) {
    this.staleMs = Math.max(3 * o.intervalMs, 2000);
    this.leaseMs = Math.max(3 * o.intervalMs, 1500);
    this.timer = setInterval(() => void this.tick(), o.intervalMs);
    this.timer.unref();
  }

  private key(sessionId: string, what: string) {
    // The hash tag keeps one session's keys in one slot, as Lua scripts need on Redis Cluster.
    return `${this.o.prefix}:viewers:{${sessionId}}:${what}`;
  }

  add(sessionId: string, actorId: string): void {
    let m = this.local.get(sessionId);
    if (!m) this.local.set(sessionId, (m = new Map<string, number>()));
    m.set(actorId, (m.get(actorId) ?? 0) + 1);
    this.dirty.add(sessionId);
  }

  remove(sessionId: string, actorId: string): void {
    const m = this.local.get(sessionId);
    const n = m?.get(actorId);
    if (!m || n === undefined) return;
    if (n > 1) m.set(actorId, n - 1);
    else m.delete(actorId);
    if (m.size === 0) this.local.delete(sessionId);
    this.dirty.add(sessionId);
  }

  localCount(sessionId: string): number {
    return this.local.get(sessionId)?.size ?? 0;
  }

  /** The current total: other processes' last reports plus this process's live count. */
  async total(sessionId: string): Promise<number> {
    const others = z.number().int().parse(await this.o.redis.eval(OTHERS, 1, this.key(sessionId, 'counts'), this.o.serverId, this.staleMs));
    return others + this.localCount(sessionId);
  }

  private async tick(): Promise<void> {
    if (this.ticking || this.closed) return;
    this.ticking = true;
    try {
      // Sessions with viewers here refresh their field every tick so it never goes stale.
      const sessions = new Set([...this.dirty, ...this.local.keys()]);
      this.dirty.clear();
      await Promise.all([...sessions].map((s) => this.report(s)));
    } finally {
      this.ticking = false;
    }
  }

  private async report(sessionId: string): Promise<void> {
    try {
      const live = await this.o.isLive(sessionId);
      const count = this.localCount(sessionId);
      const k = (w: string) => this.key(sessionId, w);
      const raw = await this.o.redis.eval(
        TICK,
        6,
        k('counts'),
        k('lease'),
        k('last'),
        k('peak'),
        k('sampled'),
        k('seq'),
        this.o.serverId,
        count,
        this.staleMs,
        this.leaseMs,
        live ? '1' : '0',
        this.o.sampleEveryMs,
      );
      const [total, changed, sample, peak] = TickReply.parse(raw);
      const localActors = [...(this.local.get(sessionId)?.keys() ?? [])];
      if (count > 0) await this.o.onLocal(sessionId, live, localActors);
      if (total >= 0) await this.o.onLead({ sessionId, total, changedSeq: changed > 0 ? changed : undefined, sampleDue: sample === 1, peakRaised: peak === 1, localActors });
    } catch (e) {
      this.o.log.warn({ err: e, sessionId }, 'viewer count report failed');
      this.dirty.add(sessionId);
    }
  }

  /** Reports zero for every session here so the others' sums drop at once; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.timer);
    const sessions = [...this.local.keys()];
    this.local.clear();
    await Promise.all(
      sessions.map((s) => this.o.redis.hdel(this.key(s, 'counts'), this.o.serverId).catch(() => undefined)),
    );
  }
}
