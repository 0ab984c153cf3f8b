/**
 * One continuous RTP stream made from several sources taking turns: what a language channel
 * sends to its listeners while interpreters hand over. Packets of the source on air are
 * rewritten onto the channel's SSRC with sequence numbers and timestamps that carry on from
 * where the previous source stopped, so a listener's jitter buffer sees one unbroken stream
 * and never restarts.
 */

const NTP_EPOCH_OFFSET_S = 2_208_988_800;

/** A source that was asked to take over but whose first packet has not come yet. */
interface Pending {
  source: string;
  /** Switch anyway at this time (ms), silence rather than the previous voice. */
  deadline: number;
}

export class RtpSwitch {
  readonly ssrc: number;
  readonly #ticksPerMs: number;
  readonly #maxWaitMs: number;
  readonly #onSwitch: (from: string | undefined, to: string) => void;
  #active: string | undefined;
  #pending: Pending | undefined;
  /** The offsets that map the active source's numbering onto ours; set by its first packet. */
  #seqOffset = 0;
  #tsOffset = 0;
  #synced = false;
  #lastSeq = -1;
  #lastTs = 0;
  #lastAt = 0;
  #packets = 0;
  #octets = 0;

  /** `onSwitch` runs when a source's packets start going out (the previous one's stop). */
  constructor(opts: { ssrc: number; clockRate: number; maxWaitMs: number; onSwitch?: (from: string | undefined, to: string) => void }) {
    this.ssrc = opts.ssrc;
    this.#ticksPerMs = opts.clockRate / 1000;
    this.#maxWaitMs = opts.maxWaitMs;
    this.#onSwitch = opts.onSwitch ?? (() => undefined);
  }

  /** The source whose packets go out now (the one on air, or the previous one until the next speaks). */
  get active(): string | undefined {
    return this.#active;
  }

  get packets(): number {
    return this.#packets;
  }

  /**
   * Hands the stream to `source`. The previous source keeps flowing until the new one's first
   * packet arrives (at most `maxWaitMs`), so a handover leaves no gap.
   */
  select(source: string | undefined, now: number): void {
    if (source === undefined) {
      this.#active = undefined;
      this.#pending = undefined;
      return;
    }
    if (source === this.#active) {
      this.#pending = undefined;
      return;
    }
    if (this.#active === undefined) return this.#switchTo(source);
    this.#pending = { source, deadline: now + this.#maxWaitMs };
  }

  /**
   * Rewrites one packet of `source` in place and returns it, or undefined when the packet is
   * not to be sent (another source has the stream, or it is not RTP).
   */
  rewrite(source: string, packet: Buffer, now: number): Buffer | undefined {
    if (packet.length < 12 || packet[0]! >> 6 !== 2) return undefined;
    if (this.#pending) {
      if (source === this.#pending.source || now >= this.#pending.deadline) this.#switchTo(this.#pending.source);
    }
    if (source !== this.#active) return undefined;
    const seq = packet.readUInt16BE(2);
    const ts = packet.readUInt32BE(4);
    if (!this.#synced) {
      // Continue our numbering: next sequence number, and the time that passed since our last packet.
      const elapsed = this.#lastSeq < 0 ? 0 : Math.max(1, Math.round((now - this.#lastAt) * this.#ticksPerMs));
      this.#seqOffset = (this.#lastSeq + 1 - seq) & 0xffff;
      this.#tsOffset = (this.#lastTs + elapsed - ts) >>> 0;
      this.#synced = true;
      packet[1] = packet[1]! | 0x80; // marker: a new talkspurt starts
    }
    const outSeq = (seq + this.#seqOffset) & 0xffff;
    const outTs = (ts + this.#tsOffset) >>> 0;
    packet.writeUInt16BE(outSeq, 2);
    packet.writeUInt32BE(outTs, 4);
    packet.writeUInt32BE(this.ssrc, 8);
    if (this.#lastSeq < 0 || isNewer(outSeq, this.#lastSeq)) {
      this.#lastSeq = outSeq;
      this.#lastTs = outTs;
      this.#lastAt = now;
    }
    this.#packets++;
    this.#octets += payloadLength(packet);
    return packet;
  }

  /**
   * An RTCP sender report for the channel (RFC 3550 §6.4.1), so receivers (and the program
   * feed) can place its audio on the wall clock like any producer's. Undefined before the
   * first packet.
   */
  senderReport(nowEpochMs: number, nowMonotonic: number): Buffer | undefined {
    if (this.#lastSeq < 0) return undefined;
    const sr = Buffer.alloc(28);
    sr[0] = 0x80;
    sr[1] = 200;
    sr.writeUInt16BE(6, 2);
    sr.writeUInt32BE(this.ssrc, 4);
    const seconds = Math.floor(nowEpochMs / 1000);
    const fraction = Math.floor(((nowEpochMs % 1000) / 1000) * 2 ** 32);
    sr.writeUInt32BE((seconds + NTP_EPOCH_OFFSET_S) >>> 0, 8);
    sr.writeUInt32BE(fraction >>> 0, 12);
    sr.writeUInt32BE((this.#lastTs + Math.round((nowMonotonic - this.#lastAt) * this.#ticksPerMs)) >>> 0, 16);
    sr.writeUInt32BE(this.#packets >>> 0, 20);
    sr.writeUInt32BE(this.#octets >>> 0, 24);
    return sr;
  }

  #switchTo(source: string) {
    const from = this.#active;
    this.#active = source;
    this.#pending = undefined;
    this.#synced = false;
    this.#onSwitch(from, source);
  }
}

/** Whether sequence number a comes after b, modulo 2^16. */
function isNewer(a: number, b: number): boolean {
  const d = (a - b) & 0xffff;
  return d !== 0 && d < 0x8000;
}

function payloadLength(packet: Buffer): number {
  const csrcs = packet[0]! & 0x0f;
  let header = 12 + 4 * csrcs;
  if (packet[0]! & 0x10 && packet.length >= header + 4) header += 4 + 4 * packet.readUInt16BE(header + 2);
  return Math.max(0, packet.length - header);
}
