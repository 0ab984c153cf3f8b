/**
 * Applies versioned broadcasts in order (the Q&A contract numbers them per session).
 * Older or repeated versions are dropped; a gap is held for `gapMs` (two server processes
 * may deliver a few ms out of order) and, if still open, `onGap` asks for a fresh snapshot.
 * Before the first snapshot everything is held, then replayed above the snapshot's version.
 */
export class Sequencer {
  private version: number | undefined;
  private held = new Map<number, () => void>();
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly onGap: () => void,
    private readonly gapMs = 1000,
  ) {}

  get current(): number | undefined {
    return this.version;
  }

  /** A snapshot at `version` was applied: replay what was held beyond it. */
  reset(version: number): void {
    this.version = version;
    for (const v of [...this.held.keys()]) if (v <= version) this.held.delete(v);
    this.drain();
  }

  /** Forget everything (e.g. leaving the page); later pushes wait for a new snapshot. */
  clear(): void {
    this.version = undefined;
    this.held.clear();
    this.disarm();
  }

  push(version: number, apply: () => void): void {
    if (this.version !== undefined && version <= this.version) return;
    this.held.set(version, apply);
    this.drain();
  }

  private drain(): void {
    if (this.version === undefined) return;
    for (;;) {
      const next = this.held.get(this.version + 1);
      if (!next) break;
      this.held.delete(this.version + 1);
      this.version++;
      next();
    }
    if (this.held.size === 0) this.disarm();
    else if (!this.timer) this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.held.size) this.onGap();
    }, this.gapMs);
  }

  private disarm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
