import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { RateLimit } from '../rate-limit';
import type { IpHasher } from './ip-hash';

export interface LoginLimits {
  /** Attempts on one account from one address per 15 minutes (a success resets it). */
  pairPer15Min: number;
  /** Attempts from one address per 15 minutes, across accounts. */
  ipPer15Min: number;
  /** The longest an attempt on a much-attacked account waits before its password is checked. */
  slowdownMaxMs: number;
}

const WINDOW_SEC = 15 * 60;
const FIRST_DELAY_MS = 250;

/**
 * Password guessing made hard without letting anyone lock the owner out (OWASP's advice):
 * one address gets a few tries per account and a budget across accounts, refused beyond
 * them; failures on an account from everywhere together never refuse, they slow every
 * further attempt on it down (250 ms, doubling per failure, up to `slowdownMaxMs`), so the
 * owner signing in from a new address waits a few seconds at worst and gets in.
 */
export class LoginGuard {
  private readonly pair: RateLimit;
  private readonly ip: RateLimit;
  private readonly failures: RateLimit;

  constructor(redis: Redis, prefix: string, private readonly limits: LoginLimits, private readonly ips: IpHasher) {
    this.pair = new RateLimit(redis, prefix, { name: 'login', points: limits.pairPer15Min, durationSec: WINDOW_SEC });
    this.ip = new RateLimit(redis, prefix, { name: 'login-ip', points: limits.ipPer15Min, durationSec: WINDOW_SEC });
    // Its points are only counted (never consumed), so the number is what the slowdown starts after.
    this.failures = new RateLimit(redis, prefix, { name: 'login-fail', points: limits.pairPer15Min, durationSec: WINDOW_SEC });
  }

  /** Before the password is checked: refuses an address over its budgets, then waits out the account's slowdown. */
  async before(email: string, ip: string): Promise<void> {
    const addr = this.ips.address(ip);
    await this.ip.consume(addr);
    await this.pair.consume(pairKey(email, addr));
    const delay = this.delayAfter(await this.failures.used(accountKey(email)));
    if (delay > 0) await sleep(delay);
  }

  async failed(email: string): Promise<void> {
    await this.failures.add(accountKey(email));
  }

  /** The pair's budget comes back; the account's failures stay counted, so guessing does not get faster. */
  async succeeded(email: string, ip: string): Promise<void> {
    await this.pair.reset(pairKey(email, this.ips.address(ip)));
  }

  private delayAfter(failures: number): number {
    const over = failures - this.limits.pairPer15Min;
    if (over < 0) return 0;
    return Math.min(this.limits.slowdownMaxMs, FIRST_DELAY_MS * 2 ** Math.min(over, 20));
  }
}

const accountKey = (email: string) => `email:${email.toLowerCase()}`;
const pairKey = (email: string, addr: string) => `${accountKey(email)}:${addr}`;
