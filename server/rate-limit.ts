import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/errors';

export interface LimitSpec {
  /** Distinguishes this limiter's keys in Redis. */
  name: string;
  points: number;
  durationSec: number;
}

/**
 * Fixed-window limits kept in Redis, so every server process counts the same budget.
 * `consume` throws `rate_limited` with `retryAfterMs` for the client to show.
 */
export class RateLimit {
  private readonly limiter: RateLimiterRedis;
  constructor(redis: Redis, prefix: string, readonly spec: LimitSpec) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${spec.name}`,
      points: spec.points,
      duration: spec.durationSec,
      // Redis down must fail closed for writes rather than let a flood through.
      insuranceLimiter: undefined,
    });
  }

  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        throw new AppError('rate_limited', 'too many requests, try again later', {
          retryAfterMs: e.msBeforeNext,
          limit: this.spec.points,
          windowSec: this.spec.durationSec,
        });
      }
      throw e;
    }
  }

  /** Gives points back, e.g. after a successful login. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}
