import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { AppError } from '../common/errors';
import type { IpHasher } from './people/ip-hash';

export interface LimitSpec {
  /** Distinguishes this limiter's keys in Redis. */
  name: string;
  points: number;
  durationSec: number;
  /**
   * Once a key is over its budget, refuse it from this process's memory until the window ends,
   * without asking Redis: a flood then costs Redis nothing.
   */
  shedInMemory?: boolean;
}

/** The refusal of every budget: when to try again, and what the budget is. */
export function rateLimited(retryAfterMs: number, limit: number, windowSec: number): AppError {
  return new AppError('rate_limited', 'too many requests, try again later', { retryAfterMs, limit, windowSec });
}

/** A budget per key (an identity, a hashed address): `consume` throws `rate_limited` beyond it. */
export interface Budget {
  consume(key: string, points?: number): Promise<void>;
}

/**
 * Fixed-window limits kept in Redis, so every server process counts the same budget.
 * `consume` throws `rate_limited` with `retryAfterMs` for the client to show.
 */
export class RateLimit implements Budget {
  private readonly limiter: RateLimiterRedis;
  constructor(redis: Redis, prefix: string, readonly spec: LimitSpec) {
    this.limiter = new RateLimiterRedis({
      storeClient: redis,
      keyPrefix: `${prefix}:rl:${spec.name}`,
      points: spec.points,
      duration: spec.durationSec,
      ...(spec.shedInMemory ? { inMemoryBlockOnConsumed: spec.points, inMemoryBlockDuration: spec.durationSec } : {}),
      // Redis down must fail closed for writes rather than let a flood through.
      insuranceLimiter: undefined,
    });
  }

  async consume(key: string, points = 1): Promise<void> {
    try {
      await this.limiter.consume(key, points);
    } catch (e) {
      if (e instanceof RateLimiterRes) {
        throw rateLimited(e.msBeforeNext, this.spec.points, this.spec.durationSec);
      }
      throw e;
    }
  }

  /** Points used in the current window (0 when none). */
  async used(key: string): Promise<number> {
    return (await this.limiter.get(key))?.consumedPoints ?? 0;
  }

  /** Counts points without ever refusing, e.g. a failure that slows later attempts down. */
  async add(key: string, points = 1): Promise<void> {
    await this.limiter.penalty(key, points);
  }

  /** Gives points back, e.g. after a successful login. */
  async reset(key: string): Promise<void> {
    await this.limiter.delete(key);
  }
}

/** A limit per client address; its Redis keys are the address's keyed hash, never the address. */
export class AddressLimit {
  constructor(
    private readonly limit: Budget,
    private readonly ips: IpHasher,
  ) {}

  consume(ip: string, points = 1): Promise<void> {
    return this.limit.consume(this.ips.address(ip), points);
  }
}
