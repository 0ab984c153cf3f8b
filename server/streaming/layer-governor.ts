/**
 * Decides the highest simulcast layer each video consumer of one viewer's transport may get,
 * from the transport's estimated outgoing bitrate. Pure: the peer feeds it bandwidth
 * estimates and applies the caps it returns with `consumer.setPreferredLayers()`.
 *
 * mediasoup already moves layers with its estimate; what this adds:
 * - the viewer's own choice (`low`/`medium`/`high`) is a ceiling;
 * - screen share is served before cameras when they compete;
 * - hysteresis with exponential back-off: a link that cannot hold a layer is not offered it
 *   again for a while, doubling each time it fails. Every up-switch needs a keyframe, which
 *   the speaker's encoder sends to all viewers of that layer, so one flapping viewer would
 *   otherwise cost the whole audience.
 */

export interface GovernedConsumer {
  id: string;
  /** Screens first, then cameras. */
  priority: number;
  /** The viewer's ceiling, as a spatial layer index (0 = lowest). */
  wanted: number;
  /** Expected bitrate of each layer, lowest first. */
  layerBitrates: readonly number[];
}

export interface GovernorOptions {
  /** Share of the estimate we plan to use; the rest absorbs audio bursts and retransmissions. */
  headroom: number;
  /** Bitrate kept for audio, subtracted before videos share the rest. */
  audioBitrate: number;
  /** Wait after a step down before trying a step up. */
  holdMs: number;
  maxHoldMs: number;
  /** How long estimates must stay too low before stepping down (a dip is noise). */
  lowMs: number;
  /**
   * A new consumer starts at the viewer's choice and is left to mediasoup this long: the
   * estimate starts low and ramps up in the first seconds of a connection.
   */
  warmupMs: number;
}

export const DEFAULT_GOVERNOR: GovernorOptions = { headroom: 0.85, audioBitrate: 64_000, holdMs: 8_000, maxHoldMs: 120_000, lowMs: 2_000, warmupMs: 5_000 };

interface CapState {
  cap: number;
  wanted: number;
  /** Since when estimates have been below what the cap needs. */
  lowSince: number | undefined;
  hold: number;
  changedAt: number;
  bornAt: number;
}

export class LayerGovernor {
  readonly #state = new Map<string, CapState>();

  constructor(private readonly opts: GovernorOptions = DEFAULT_GOVERNOR) {}

  /** Whether estimates have reached this consumer yet (it is then governed). */
  has(id: string): boolean {
    return this.#state.has(id);
  }

  /** Forgets a consumer that closed. */
  remove(id: string): void {
    this.#state.delete(id);
  }

  /**
   * The caps after a new estimate; only consumers whose cap changed are returned.
   * `audioConsumers` is how many audio streams share the link.
   */
  update(now: number, availableBitrate: number, consumers: readonly GovernedConsumer[], audioConsumers: number): Map<string, number> {
    const fit = this.#fit(availableBitrate, consumers, audioConsumers);
    const changes = new Map<string, number>();
    for (const c of consumers) {
      const top = Math.max(0, Math.min(c.wanted, c.layerBitrates.length - 1));
      const target = Math.min(fit.get(c.id) ?? 0, top);
      let s = this.#state.get(c.id);
      if (!s) {
        s = { cap: top, wanted: c.wanted, lowSince: undefined, hold: this.opts.holdMs, changedAt: now, bornAt: now };
        this.#state.set(c.id, s);
        continue;
      }
      const before = s.cap;
      const raisedChoice = c.wanted > s.wanted;
      s.wanted = c.wanted;
      if (s.cap > top) {
        // The viewer lowered their choice: follow at once.
        s.cap = top;
      } else if (raisedChoice) {
        // The viewer asked for more: give what the link shows room for now, with a fresh hold.
        s.cap = Math.max(s.cap, target);
        s.hold = this.opts.holdMs;
      } else if (target < s.cap) {
        s.lowSince ??= now;
        if (now - s.bornAt >= this.opts.warmupMs && now - s.lowSince >= this.opts.lowMs) {
          s.cap = target;
          s.hold = Math.min(s.hold * 2, this.opts.maxHoldMs);
        }
      } else {
        s.lowSince = undefined;
        const since = now - s.changedAt;
        if (s.cap < top && since >= s.hold) {
          // Either the estimate shows room, or (it rarely grows past what is being sent) this
          // is a probe: if the link cannot carry it, estimates step back down and the hold doubles.
          s.cap++;
        } else if (s.cap === top && since >= 2 * s.hold && s.hold > this.opts.holdMs) {
          // A long stable stretch at the top earns back a shorter hold.
          s.hold = Math.max(this.opts.holdMs, s.hold / 2);
          s.changedAt = now;
        }
      }
      if (s.cap !== before) {
        s.changedAt = now;
        s.lowSince = undefined;
        changes.set(c.id, s.cap);
      }
    }
    return changes;
  }

  /** Shares the budget: every video gets its lowest layer, then upgrades go by priority. */
  #fit(availableBitrate: number, consumers: readonly GovernedConsumer[], audioConsumers: number): Map<string, number> {
    let budget = availableBitrate * this.opts.headroom - audioConsumers * this.opts.audioBitrate;
    const caps = new Map<string, number>();
    for (const c of consumers) {
      caps.set(c.id, 0);
      budget -= c.layerBitrates[0] ?? 0;
    }
    const order = [...consumers].sort((a, b) => b.priority - a.priority);
    for (const c of order) {
      const top = Math.min(c.wanted, c.layerBitrates.length - 1);
      let layer = 0;
      while (layer < top) {
        const extra = (c.layerBitrates[layer + 1] ?? Infinity) - (c.layerBitrates[layer] ?? 0);
        if (extra > budget) break;
        budget -= extra;
        layer++;
      }
      caps.set(c.id, layer);
    }
    return caps;
  }
}
