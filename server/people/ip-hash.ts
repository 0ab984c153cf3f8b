import { createHmac } from 'node:crypto';
import ipaddr from 'ipaddr.js';

/**
 * Client addresses as keyed hashes: what Birge keeps (rate-limit keys, vote records) lets it
 * tell addresses apart without storing them. The key is the server's secret, so a leaked
 * table cannot be reversed by hashing the 2³² IPv4 addresses.
 */
export class IpHasher {
  /**
   * Hashes already made, by kind and raw address: a vote asks for three (its rate limit, its
   * address and its network), and a viewer's address repeats with every message it sends.
   */
  private readonly made = new Map<string, string>();

  constructor(private readonly secret: string) {}

  /** One address (an IPv4 address mapped into IPv6 counts as the IPv4 one). */
  address(ip: string): string {
    return this.remembered('a', ip, () => this.hash('a', canonical(ip)?.toString() ?? ip));
  }

  /**
   * The network an address belongs to: its IPv4 /24 or IPv6 /64, the block one subscriber or
   * one small office usually holds, so fresh addresses from one block still group together.
   */
  network(ip: string): string {
    return this.remembered('n', ip, () => {
      const addr = canonical(ip);
      if (!addr) return this.hash('n', ip);
      const bits = addr.kind() === 'ipv4' ? 24 : 64;
      return this.hash('n', `${networkOf(addr, bits)}/${bits}`);
    });
  }

  private remembered(kind: string, ip: string, make: () => string): string {
    const key = `${kind}:${ip}`;
    let h = this.made.get(key);
    if (h === undefined) {
      // A bound, not an LRU: past it the next hashes are made afresh, which is only slower.
      if (this.made.size >= REMEMBER_MAX) this.made.clear();
      this.made.set(key, (h = make()));
    }
    return h;
  }

  private hash(kind: string, value: string): string {
    return createHmac('sha256', this.secret).update(`${kind}:${value}`).digest('base64url').slice(0, 22);
  }
}

const REMEMBER_MAX = 20_000;

function canonical(ip: string): ipaddr.IPv4 | ipaddr.IPv6 | undefined {
  // process() turns an IPv4-mapped IPv6 address back into the IPv4 one.
  return ipaddr.isValid(ip) ? ipaddr.process(ip) : undefined;
}

function networkOf(addr: ipaddr.IPv4 | ipaddr.IPv6, bits: number): string {
  const bytes = addr.toByteArray();
  const keep = bits / 8;
  return bytes.map((b, i) => (i < keep ? b : 0)).join('.');
}
