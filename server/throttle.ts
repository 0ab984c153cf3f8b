import type { RequestHandler } from 'express';
import type { Redis } from 'ioredis';
import type { AppError } from '../common/errors';
import type { Logger } from '../platform/logger';
import type { IpHasher } from './people/ip-hash';
import { rateLimited } from './rate-limit';
import { wireError, type AppSocket } from './realtime/socket';
import { TalliedLimit } from './tallied-limit';

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
 * An address may reach every server process, so its budget is shared through Redis, tallied
 * (see {@link TalliedLimit}: every message pays it, and a round trip per message would cost more
 * than the message); without Redis each process goes on counting alone: reads keep working in
 * an outage, and every write has its own limit that fails closed. A connection lives in one
 * process, so its budget is counted in that process's memory only, and it holds in an outage too.
 */
export class Throttle {
  private readonly perIp: TalliedLimit;

  constructor(redis: Redis, prefix: string, private readonly limits: ThrottleLimits, private readonly ips: IpHasher, log: Logger) {
    this.perIp = new TalliedLimit(redis, prefix, { name: 'req-ip', points: limits.ipRequestsPerMinute, durationSec: 60, whenRedisIsAway: 'count-here' }, log);
  }

  /** Express middleware for the API. */
  http(): RequestHandler {
    return (req, _res, next) => next(this.perIp.take(this.ips.address(req.ip ?? 'unknown')));
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
      const refused = this.perIp.take(addr);
      if (refused) return refuse(refused);
      next();
    });
  }
}
