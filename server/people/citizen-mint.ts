import type { Redis } from 'ioredis';
import type { Logger } from '../../platform/logger';
import { AddressLimit } from '../rate-limit';
import { TalliedLimit } from '../tallied-limit';
import type { IpHasher } from './ip-hash';

/**
 * How many new pseudonymous identities one address may be given per hour. A citizen is one
 * cookie, so one vote per person only holds if cookies cannot be had by the hundred: a browser
 * needs one for as long as it keeps it; a script that throws its cookies away runs out here.
 *
 * Counted in the process and added to Redis every 100 ms (a {@link TalliedLimit}):
 * a national audience opening the link at once mints thousands of identities in a minute, and a
 * Redis round trip for each was a tenth of the API's CPU under cookie-less traffic. Without Redis
 * the process goes on counting alone: watching must not depend on it, and every write an identity
 * could make has its own limit, which fails closed.
 */
export class CitizenMint {
  private readonly limit: AddressLimit;

  constructor(redis: Redis, prefix: string, perHour: number, ips: IpHasher, log: Logger) {
    this.limit = new AddressLimit(new TalliedLimit(redis, prefix, { name: 'mint', points: perHour, durationSec: 3600, whenRedisIsAway: 'count-here' }, log), ips);
  }

  /** Spends one of the address's identities for this hour; rejects with `rate_limited` beyond them. */
  take(ip: string): Promise<void> {
    return this.limit.consume(ip);
  }
}
