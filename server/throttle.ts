import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import { isAppError, type AppError } from '../common/errors';
import { within } from '../platform/deadline';
import type { IpHasher } from './people/ip-hash';
import { RateLimit, rateLimited } from './rate-limit';
import { wireError, type AppSocket } from './realtime/socket';

/**
 * How long a request waits for its budget. Redis answers in a millisecond when it is there;
 * when it is away its client keeps the command queued for seconds, and the request would wait
 * for an answer whose absence lets it through anyway.
 */
const BUDGET_DEADLINE_MS = 250;

export interface ThrottleLimits {
  /** Messages one socket connection may send per 10 seconds, whatever they ask. */
  socketMessagesPer10s: number;
  /** API requests and socket messages per minute from one address, together. */
  ipRequestsPerMinute: number;
}

const CONNECTION_WINDOW_SEC = 10;

/**
 * Every request costs the server something, reads included (a snapshot is a few queries and a
 * few kilobytes out): without a budget, one anonymous socket asking for snapshots in a loop
 * slows everyone down. Budgets per connection and per address; over them the caller gets
 * `rate_limited` with `retryAfterMs` (HTTP: 429 with `Retry-After`).
 *
 * An address may reach every server process, so its budget is in Redis like every other limit;
 * without Redis the throttle lets its requests through: reads keep working in an outage, and
 * every write has its own limit that fails closed. A connection lives in one process, so its
 * budget is counted in that process's memory: a Redis round trip per message would buy
 * nothing, and it holds in an outage too.
 */
export class Throttle {
  private readonly perIp: RateLimit;

  constructor(redis: Redis, prefix: string, private readonly limits: ThrottleLimits, private readonly ips: IpHasher) {
    this.perIp = new RateLimit(redis, prefix, { name: 'req-ip', points: limits.ipRequestsPerMinute, durationSec: 60, shedInMemory: true });
  }

  /** Express middleware for the API. */
  http(): RequestHandler {
    return (req, _res, next) => {
      within(this.perIp.consume(this.ips.address(req.ip ?? 'unknown')), BUDGET_DEADLINE_MS, 'the request budget').then(
        () => next(),
        (e: unknown) => next(isAppError(e) ? e : undefined),
      );
    };
  }

  /**
   * Installs the budget on a socket, ahead of every handler: a message over it is answered
   * with a `rate_limited` Ack and goes no further (a message without an ack is dropped).
   */
  socket(socket: AppSocket): void {
    const addr = this.ips.address(socket.data.ip);
    const points = this.limits.socketMessagesPer10s;
    // A fixed window from the connection's first message, as the Redis limits count theirs.
    let used = 0;
    let windowEndsAt = 0;
    socket.use((packet, next) => {
      const refuse = (e: AppError) => {
        const ack: unknown = packet[packet.length - 1];
        if (typeof ack === 'function') (ack as (r: unknown) => void)({ ok: false, error: wireError(e) });
      };
      const now = Date.now();
      if (now >= windowEndsAt) {
        used = 0;
        windowEndsAt = now + CONNECTION_WINDOW_SEC * 1000;
      }
      if (++used > points) {
        return refuse(rateLimited(windowEndsAt - now, points, CONNECTION_WINDOW_SEC));
      }
      within(this.perIp.consume(addr), BUDGET_DEADLINE_MS, 'the message budget').then(
        () => next(),
        (e: unknown) => (isAppError(e) ? refuse(e) : next()),
      );
    });
  }
}
