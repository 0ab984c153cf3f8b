/** A minimal typed event emitter (the media module runs in browsers, without node:events). */
export class Emitter<Events extends Record<string, unknown[]>> {
  #listeners: { [K in keyof Events]?: Set<(...args: Events[K]) => void> } = {};

  /** Subscribes; returns the unsubscribe function. */
  on<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): () => void {
    (this.#listeners[event] ??= new Set()).add(fn);
    return () => this.off(event, fn);
  }

  off<K extends keyof Events>(event: K, fn: (...args: Events[K]) => void): void {
    this.#listeners[event]?.delete(fn);
  }

  protected emit<K extends keyof Events>(event: K, ...args: Events[K]): void {
    for (const fn of [...(this.#listeners[event] ?? [])]) {
      try {
        fn(...args);
      } catch (e) {
        // A listener's bug must not break media handling.
        console.error(e);
      }
    }
  }

  protected removeAllListeners(): void {
    this.#listeners = {};
  }
}
