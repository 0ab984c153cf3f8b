import { Store } from '../state/store';

/**
 * How far behind real time the viewer's picture is (ms): 0 on WebRTC, several seconds on the
 * standard stream. What the page shows beside the video (the spotlighted question) follows it.
 */
export const playbackDelay = new Store(0);

/** A value that changes over time, shown as it was `delay` ms ago. */
export class Delayed<T> {
  readonly #history: { at: number; value: T }[] = [];

  constructor(initial: T) {
    this.#history.push({ at: 0, value: initial });
  }

  push(value: T, at = Date.now()): void {
    if (Object.is(this.#history.at(-1)!.value, value)) return;
    this.#history.push({ at, value });
    // A minute of history is far more than any stream lags.
    while (this.#history.length > 2 && this.#history[1]!.at < at - 60_000) this.#history.shift();
  }

  at(delayMs: number, now = Date.now()): T {
    const t = now - delayMs;
    let v = this.#history[0]!.value;
    for (const h of this.#history) if (h.at <= t) v = h.value;
    return v;
  }
}
