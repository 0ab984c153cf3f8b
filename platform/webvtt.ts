/**
 * Caption lines as WebVTT cues (https://www.w3.org/TR/webvtt1/) and as a plain timed
 * transcript; the WebVTT text itself is written by the program feed's writer (media/hls.ts).
 */
import { vttTime, webvtt, type Cue } from './media/hls';

export interface TimedLine {
  /** Milliseconds from the start of the media (the session going live). */
  atMs: number;
  text: string;
}

export type { Cue };

/** A caption stays on screen until the next line, but no longer than this. */
export const MAX_CUE_MS = 7000;
/** ...and at least this long, unless the next line comes sooner. */
const MIN_CUE_MS = 1500;

/** Lines of one language (in order) as cues: each shows until the next one starts. */
export function cuesOf(lines: readonly TimedLine[]): Cue[] {
  return lines.map((l, i) => {
    const next = lines[i + 1]?.atMs;
    const startMs = Math.max(0, l.atMs);
    const endMs = next !== undefined ? Math.min(Math.max(next, startMs + 1), startMs + MAX_CUE_MS) : startMs + Math.max(MIN_CUE_MS, Math.min(MAX_CUE_MS, readingMs(l.text)));
    return { startMs, endMs, text: l.text };
  });
}

/** A WebVTT file of the cues (the program feed's writer: one for captions everywhere). */
export function toWebVtt(cues: readonly Cue[]): string {
  return webvtt(cues);
}

/** `[hh:mm:ss] text` per line: a transcript to read or quote. */
export function toTranscript(lines: readonly TimedLine[], title?: string): string {
  const out = lines.map((l) => `[${vttTime(l.atMs).slice(0, 8)}] ${l.text}`);
  return (title ? [title, '', ...out] : out).join('\n') + '\n';
}

/** About 15 characters a second, a comfortable caption reading speed. */
function readingMs(text: string): number {
  return (text.length / 15) * 1000;
}
