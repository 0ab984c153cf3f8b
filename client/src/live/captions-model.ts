import type { Lang } from '../../../common/base';
import { CaptionLines, CaptionTracks, type CaptionLine } from '../../../common/captions.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { onFramePart } from './frames';
import { Store } from '../state/store';

export interface CaptionsState {
  /** Languages the session has captions in. */
  tracks: readonly Lang[];
  /** The language shown (null: captions off). */
  lang: Lang | null;
  /** The latest lines of that language, oldest first. */
  lines: readonly CaptionLine[];
}

/** Lines kept in memory: the overlay shows two, the captioner's list a screenful. */
const KEEP = 50;

/**
 * Live captions of one session in one language, kept in step with the server: the last lines on
 * turning on (and after every re-join), then the lines of each live frame placed by their seq; a
 * correction replaces its line; a gap in seq is filled by asking for what came after.
 */
export class CaptionsModel {
  readonly state = new Store<CaptionsState>({ tracks: [], lang: null, lines: [] });
  #detach: (() => void) | undefined;
  #filling = false;

  constructor(readonly sessionId: string) {}

  attach(): void {
    this.#detach = onFramePart('captions', this.sessionId, (part) => {
      for (const line of part.lines) this.#receive(line);
    });
  }

  detach(): void {
    this.#detach?.();
    this.#detach = undefined;
  }

  /** After joining the session room: the tracks, and the shown language's latest lines. */
  async resync(): Promise<void> {
    const s = getSocket();
    const tracks = await ack(s.timeout(ACK_TIMEOUT_MS).emitWithAck('caption:tracks', { sessionId: this.sessionId }), CaptionTracks);
    this.state.update((st) => ({ ...st, tracks: tracks.languages }));
    const lang = this.state.get().lang;
    if (lang) await this.#load(lang);
  }

  /** Shows captions in `lang`, or turns them off. */
  async show(lang: Lang | null): Promise<void> {
    this.state.update((st) => ({ ...st, lang, lines: [] }));
    if (lang) await this.#load(lang);
  }

  async #load(lang: Lang, after?: number) {
    const s = getSocket();
    const got = await ack(s.timeout(ACK_TIMEOUT_MS).emitWithAck('caption:recent', { sessionId: this.sessionId, lang, ...(after !== undefined ? { after } : {}) }), CaptionLines);
    if (this.state.get().lang !== lang) return;
    for (const l of got.lines) this.#place(l);
  }

  #receive(line: CaptionLine) {
    const st = this.state.get();
    if (!st.tracks.includes(line.lang)) this.state.set({ ...st, tracks: [...st.tracks, line.lang].sort() });
    if (line.lang !== this.state.get().lang) return;
    const last = this.state.get().lines.at(-1)?.seq ?? 0;
    this.#place(line);
    // A line is missing in between (a push lost on a reconnect): ask for what came after the last we had.
    if (last > 0 && line.seq > last + 1 && !this.#filling) {
      this.#filling = true;
      void this.#load(line.lang, last)
        .catch(() => undefined)
        .finally(() => (this.#filling = false));
    }
  }

  /** Puts a line where its seq says, replacing an older revision of it. */
  #place(line: CaptionLine) {
    this.state.update((st) => {
      const i = st.lines.findIndex((l) => l.seq === line.seq);
      if (i >= 0 && st.lines[i]!.revision >= line.revision) return st;
      const lines = i >= 0 ? st.lines.map((l, k) => (k === i ? line : l)) : [...st.lines, line].sort((a, b) => a.seq - b.seq);
      return { ...st, lines: lines.slice(-KEEP) };
    });
  }
}
