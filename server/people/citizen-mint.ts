import type { Redis } from 'ioredis';
import { isAppError } from '../../common/errors';
import { RateLimit } from '../rate-limit';
import type { IpHasher } from './ip-hash';

/**
 * How many new pseudonymous identities one address may be given per hour. A citizen is one
 * cookie, so one vote per person only holds if cookies cannot be had by the hundred: a browser
 * needs one for as long as it keeps it; a script that throws its cookies away runs out here.
 */
export class CitizenMint {
  private readonly limit: RateLimit;

  constructor(redis: Redis, prefix: string, perHour: number, private readonly ips: IpHasher) {
    this.limit = new RateLimit(redis, prefix, { name: 'mint', points: perHour, durationSec: 3600, shedInMemory: true });
  }

  /**
   * Spends one of the address's identities for this hour; throws `rate_limited` beyond them.
   * Without Redis it lets the identity be made: watching must not depend on it, and every
   * write an identity could make has its own limit, which fails closed.
   */
  async take(ip: string): Promise<void> {
    try {
      await this.limit.consume(this.ips.address(ip));
    } catch (e) {
      if (isAppError(e)) throw e;
    }
  }
}
