/**
 * A session's HLS files on the media store, kept in step with the mixer's segments:
 *
 * - `segments.jsonl`: every finished segment, one JSON line each (appended; the source of truth);
 * - `<r>.m3u8`: the live playlist of rendition r (`main`, `audio-kk`, `subs-kk`), rewritten whole;
 * - `<r>.rec.m3u8`: the recording so far, an append-only EVENT playlist, closed with ENDLIST at the end;
 * - `<r>.vod.m3u8` and `vod.m3u8`: the finished (possibly trimmed) recording;
 * - `index.m3u8`: the live multivariant playlist.
 *
 * Everything a player may fetch is written after the file it points to is complete, so a
 * server killed at any moment leaves a playable recording of everything so far.
 */
import { z } from 'zod';
import type { MediaStorage } from './storage';
import {
  EVENT_END,
  eventHeader,
  eventLines,
  livePlaylist,
  multivariant,
  vodPlaylist,
  webvtt,
  type AudioRendition,
  type Cue,
  type Segment,
  type SubtitleTrack,
  type VariantInfo,
} from './hls';

const SegmentLine = z.object({
  rendition: z.string(),
  file: z.string(),
  index: z.number().int(),
  durationS: z.number(),
  startedAtMs: z.number(),
  discontinuity: z.boolean(),
  runningS: z.number().default(0),
});
type StoredSegment = Segment & { runningS: number };

const Tracks = z.object({
  audio: z.array(z.object({ id: z.string(), language: z.string(), name: z.string() })),
  subtitles: z.array(z.object({ id: z.string(), language: z.string(), name: z.string() })),
});

const prefix = (rendition: string) => (rendition === 'main' ? 'main' : `audio-${rendition}`);
/** mpegtsmux starts its timestamps 3600 s after running time 0. */
const TS_OFFSET_S = 3600;

/** The segment log's name (see above): a session without it has recorded nothing. */
export const SEGMENT_LOG = 'segments.jsonl';

export class SessionHls {
  readonly #segments: StoredSegment[] = [];
  readonly #pendingDiscontinuity = new Set<string>();
  readonly #cues = new Map<string, Cue[]>();
  /** How many segments each rendition's live playlist on the store lists (subtitles follow `main`). */
  readonly #listed = new Map<string, number>();
  /** The media segments a live playlist on the store lists (a file not among them may still be being written). */
  readonly #listedFiles = new Set<string>();
  /** Blocking playlist reloads waiting for a segment to be listed. */
  readonly #waiters = new Set<{ rendition: string; count: number; done: () => void }>();
  #ended = false;
  #tracks: z.infer<typeof Tracks> = { audio: [], subtitles: [] };
  /** Appends run one after another, so lines never interleave. */
  #queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly storage: MediaStorage,
    readonly sessionId: string,
    private readonly variant: VariantInfo,
    private readonly nominalS: number,
  ) {}

  /** Opens a session's files, picking up segments written before (a restarted server). */
  static async open(storage: MediaStorage, sessionId: string, variant: VariantInfo, nominalS: number): Promise<SessionHls> {
    const h = new SessionHls(storage, sessionId, variant, nominalS);
    const log = (await storage.read(sessionId, SEGMENT_LOG))?.toString('utf8') ?? '';
    for (const line of log.split('\n')) {
      if (!line.trim()) continue;
      // A line cut short by a crash is simply not there.
      try {
        const s = SegmentLine.safeParse(JSON.parse(line));
        if (s.success) h.#segments.push(s.data);
      } catch {
        /* torn last line */
      }
    }
    const tracks = await storage.read(sessionId, 'tracks.json');
    if (tracks) h.#tracks = Tracks.parse(JSON.parse(tracks.toString('utf8')));
    if (h.#segments.length) for (const r of h.renditions()) h.#pendingDiscontinuity.add(r);
    for (const s of h.#segments) {
      h.#listed.set(s.rendition, (h.#listed.get(s.rendition) ?? 0) + 1);
      h.#listedFiles.add(s.file);
    }
    await h.#writeIndex();
    return h;
  }

  renditions(): string[] {
    return ['main', ...this.#tracks.audio.map((a) => a.id)];
  }

  get audioRenditions(): readonly AudioRendition[] {
    return this.#tracks.audio;
  }

  get subtitleTracks(): readonly SubtitleTrack[] {
    return this.#tracks.subtitles;
  }

  segments(rendition = 'main'): Segment[] {
    return this.#segments.filter((s) => s.rendition === rendition);
  }

  /**
   * Whether a player may start on the rendition's live playlist: it is on the store and lists a
   * segment. A segment is counted in {@link segments} as soon as it is logged (so its index is
   * never reused), which is before the playlist that lists it has been written.
   */
  playable(rendition = 'main'): boolean {
    return this.listed(rendition) > 0;
  }

  /** Whether a live playlist on the store lists this media segment (so the file is complete). */
  isListed(file: string): boolean {
    return this.#listedFiles.has(file);
  }

  /** Segments the rendition's live playlist on the store lists (the next one's media sequence number). */
  listed(rendition = 'main'): number {
    return this.#listed.get(rendition) ?? 0;
  }

  /**
   * Resolves once the rendition's live playlist on the store lists `count` segments, once the
   * live feed has ended, or after `ms`, whichever comes first: a blocking playlist reload
   * (`_HLS_msn`) answers as soon as the segment it asks for is there.
   */
  whenListed(rendition: string, count: number, ms: number): Promise<void> {
    if (this.#ended || this.listed(rendition) >= count) return Promise.resolve();
    return new Promise((resolve) => {
      const w = {
        rendition,
        count,
        done: () => {
          clearTimeout(timer);
          this.#waiters.delete(w);
          resolve();
        },
      };
      const timer = setTimeout(w.done, ms);
      this.#waiters.add(w);
    });
  }

  #setListed(rendition: string, count: number) {
    this.#listed.set(rendition, count);
    for (const w of this.#waiters) if (w.rendition === rendition && w.count <= count) w.done();
  }

  /** The file index the next segment of a rendition must use (names are never reused). */
  nextIndex(rendition = 'main'): number {
    return Math.max(0, ...this.segments(rendition).map((s) => s.index)) + 1;
  }

  /** The mixer restarted: every rendition's next segment starts a new timeline. */
  markDiscontinuity(): void {
    for (const r of this.renditions()) this.#pendingDiscontinuity.add(r);
  }

  /** Records a finished segment and updates the playlists that list it. */
  add(seg: Omit<StoredSegment, 'discontinuity'>): Promise<void> {
    return this.#serial(async () => {
      const mine = this.segments(seg.rendition);
      // Nothing listed before it, nothing to break from (a mixer that died while starting).
      const s: StoredSegment = { ...seg, discontinuity: this.#pendingDiscontinuity.delete(seg.rendition) && mine.length > 0 };
      this.#segments.push(s);
      await this.storage.append(this.sessionId, SEGMENT_LOG, JSON.stringify(s) + '\n');
      const p = prefix(s.rendition);
      await this.storage.append(this.sessionId, `${p}.rec.m3u8`, (mine.length ? '' : eventHeader(this.nominalS)) + eventLines(s, mine.length === 0));
      await this.storage.write(this.sessionId, `${p}.m3u8`, livePlaylist([...mine, s], this.nominalS));
      this.#listedFiles.add(s.file);
      if (s.rendition === 'main') for (const t of this.#tracks.subtitles) await this.#subtitleSegment(t, s);
      // Counted once every playlist listing the segment (subtitles follow main) is on the store.
      this.#setListed(s.rendition, mine.length + 1);
    });
  }

  /** An extra audio language (issue 11's interpretation channels) appears in the live playlist. */
  addAudioRendition(r: AudioRendition): Promise<void> {
    return this.#serial(async () => {
      if (this.#tracks.audio.some((a) => a.id === r.id)) return;
      this.#tracks.audio.push(r);
      await this.#saveTracks();
    });
  }

  /** A caption language: WebVTT segments cut along the main segments, and a playlist of them. */
  addSubtitleTrack(t: SubtitleTrack): Promise<void> {
    return this.#serial(async () => {
      if (this.#tracks.subtitles.some((x) => x.id === t.id)) return;
      this.#tracks.subtitles.push(t);
      await this.#saveTracks();
    });
  }

  /** A caption line (wall-clock times); it lands in the subtitle segment(s) it overlaps. */
  addCue(trackId: string, cue: Cue): void {
    const list = this.#cues.get(trackId) ?? [];
    list.push(cue);
    this.#cues.set(trackId, list);
  }

  /**
   * The recording is over: the EVENT playlists get their end, and VOD playlists keep the
   * segments inside [startMs, endMs] (wall clock), so trimming never rewrites media.
   */
  finish(trim: { startMs?: number; endMs?: number } = {}): Promise<{ durationS: number; segments: number }> {
    return this.#serial(async () => {
      for (const r of this.renditions()) {
        const p = prefix(r);
        const rec = await this.storage.read(this.sessionId, `${p}.rec.m3u8`);
        if (rec && !rec.toString('utf8').trimEnd().endsWith('#EXT-X-ENDLIST')) await this.storage.append(this.sessionId, `${p}.rec.m3u8`, EVENT_END);
      }
      return this.#writeVod(trim);
    });
  }

  /** The live session is over: live playlists say so, so players stop asking for more. */
  endLive(): Promise<void> {
    return this.#serial(async () => {
      for (const r of this.renditions()) {
        const list = this.segments(r);
        if (list.length) await this.storage.write(this.sessionId, `${prefix(r)}.m3u8`, livePlaylist(list, this.nominalS) + EVENT_END);
      }
      this.#ended = true;
      for (const w of this.#waiters) w.done();
    });
  }

  /** Rewrites the VOD playlists for a new trim (the segments stay as they are). */
  retrim(trim: { startMs?: number; endMs?: number }): Promise<{ durationS: number; segments: number }> {
    return this.#serial(() => this.#writeVod(trim));
  }

  async #writeVod(trim: { startMs?: number; endMs?: number }) {
    const keep = (s: Segment) => (trim.startMs === undefined || s.startedAtMs + s.durationS * 1000 > trim.startMs) && (trim.endMs === undefined || s.startedAtMs < trim.endMs);
    let main: Segment[] = [];
    for (const r of this.renditions()) {
      const list = this.segments(r).filter(keep);
      if (r === 'main') main = list;
      await this.storage.write(this.sessionId, `${prefix(r)}.vod.m3u8`, vodPlaylist(list, this.nominalS));
    }
    for (const t of this.#tracks.subtitles) {
      const files = main.map((s) => ({ ...s, file: subsFile(t.id, s.index) }));
      await this.storage.write(this.sessionId, `subs-${t.id}.vod.m3u8`, vodPlaylist(files, this.nominalS));
    }
    await this.storage.write(this.sessionId, 'vod.m3u8', multivariant(this.variant, this.#tracks.audio, this.#tracks.subtitles, '.vod'));
    return { durationS: main.reduce((a, s) => a + s.durationS, 0), segments: main.length };
  }

  async #subtitleSegment(t: SubtitleTrack, main: StoredSegment) {
    const from = main.startedAtMs;
    const to = from + main.durationS * 1000;
    const cues = (this.#cues.get(t.id) ?? []).filter((c) => c.endMs > from && c.startMs < to).map((c) => ({ ...c, startMs: c.startMs - from, endMs: c.endMs - from }));
    const mpegts = Math.round((TS_OFFSET_S + main.runningS) * 90_000);
    await this.storage.write(this.sessionId, subsFile(t.id, main.index), webvtt(cues, `X-TIMESTAMP-MAP=MPEGTS:${mpegts},LOCAL:00:00:00.000`));
    const list = this.segments('main').map((s) => ({ ...s, file: subsFile(t.id, s.index) }));
    await this.storage.write(this.sessionId, `subs-${t.id}.m3u8`, livePlaylist(list, this.nominalS));
  }

  async #saveTracks() {
    await this.storage.write(this.sessionId, 'tracks.json', JSON.stringify(this.#tracks));
    await this.#writeIndex();
  }

  #writeIndex() {
    return this.storage.write(this.sessionId, 'index.m3u8', multivariant(this.variant, this.#tracks.audio, this.#tracks.subtitles, ''));
  }

  #serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch(() => undefined);
    return run;
  }
}

export function subsFile(track: string, index: number): string {
  return `subs-${track}-${String(index).padStart(5, '0')}.vtt`;
}
