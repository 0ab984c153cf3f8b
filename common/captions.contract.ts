/**
 * Contract for live captions, typed by people (captioners, one language each) and shown over
 * the video. Captions reach viewers on the session room, the same real-time path as Q&A.
 *
 * Viewer flow: `session:join`, then `caption:tracks` (which languages have captions); when a
 * language is turned on, `caption:recent` for the last lines, then follow the `captions` part of
 * `live:frame` (sent with the room's next frame, without waiting). Lines carry a `seq` per
 * language without gaps: a viewer who sees a jump asks `caption:recent` with `after` to fill it.
 * A correction comes again as a line with the same seq and a higher `revision`.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf } from './catalog';
import { Id, Lang, PlainLine } from './base';
import { SessionRef } from './sessions.contract';
import { SessionPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

/** One caption line: short (the booth splits long text), one language. */
// Control characters would break a WebVTT cue (a blank line ends it) or spoof the text around it.
export const CaptionText = PlainLine(300);

export const CaptionLine = z.object({
  id: Id,
  sessionId: Id,
  lang: Lang,
  /** 1, 2, 3, … per session and language. */
  seq: z.int().check(z.positive()),
  text: z.string(),
  /** When the line was sent (ISO 8601); its time in the transcript. */
  at: z.string(),
  /** 1 when sent, +1 for each correction. */
  revision: z.int().check(z.positive()),
});
export type CaptionLine = z.infer<typeof CaptionLine>;

/**
 * The captions part of a live frame: new and corrected lines, in the order this server process
 * stored them. Apply each by seq, keeping the highest revision (frames from two processes are
 * not ordered relative to each other; a repeated frame changes nothing).
 */
export const CaptionsFramePart = z.object({ lines: z.array(CaptionLine).check(z.minLength(1)) });
export type CaptionsFramePart = z.infer<typeof CaptionsFramePart>;

export const SendCaptionInput = z.strictObject({ sessionId: Id, lang: Lang, text: CaptionText });
export type SendCaptionInput = z.infer<typeof SendCaptionInput>;

export const CorrectCaptionInput = z.strictObject({ sessionId: Id, lineId: Id, text: CaptionText });
export type CorrectCaptionInput = z.infer<typeof CorrectCaptionInput>;

export const RecentCaptionsInput = z.strictObject({
  sessionId: Id,
  lang: Lang,
  /** Lines after this seq (to fill a gap); without it, the last few lines. */
  after: z.optional(z.int().check(z.gte(0))),
});
export type RecentCaptionsInput = z.infer<typeof RecentCaptionsInput>;

export const CaptionLines = z.object({ sessionId: Id, lang: Lang, lines: z.array(CaptionLine) });
export type CaptionLines = z.infer<typeof CaptionLines>;

/** The languages a session has captions in (captioners invited, or lines written). */
export const CaptionTracks = z.object({ sessionId: Id, languages: z.array(Lang) });
export type CaptionTracks = z.infer<typeof CaptionTracks>;

/** The captioner's booth: their languages here and the tracks. */
export const CaptionBoothView = z.extend(CaptionTracks, { mine: z.array(Lang) });
export type CaptionBoothView = z.infer<typeof CaptionBoothView>;

/** Transcripts of a session for download: per language, how many lines; and whether everyone may read them. */
export const TranscriptsView = z.object({
  sessionId: Id,
  published: z.boolean(),
  languages: z.array(z.object({ lang: Lang, lines: z.int().check(z.gte(0)) })),
});
export type TranscriptsView = z.infer<typeof TranscriptsView>;

export const TranscriptFormat = z.enum(['vtt', 'txt']);
export type TranscriptFormat = z.infer<typeof TranscriptFormat>;
export const TRANSCRIPT_CONTENT_TYPES: Record<TranscriptFormat, string> = { vtt: 'text/vtt; charset=utf-8', txt: 'text/plain; charset=utf-8' };

export const PublishTranscriptsInput = z.strictObject({ published: z.boolean() });

export const CAPTION_CLIENT_EVENTS = {
  'caption:tracks': { doc: 'Which languages have captions; anyone.', input: SessionRef, ack: CaptionTracks },
  'caption:booth': { doc: 'The captioner\'s booth; captioners of the session only (`forbidden` otherwise).', input: SessionRef, ack: CaptionBoothView },
  'caption:recent': { doc: 'The last lines of a language (or those after `after`), oldest first.', input: RecentCaptionsInput, ack: CaptionLines },
  'caption:send': { doc: 'Send a line; captioners of that language while the session is live. Stored before the ack.', input: SendCaptionInput, ack: CaptionLine },
  'caption:correct': { doc: 'Replace a line\'s text (captioners of its language); its time stays.', input: CorrectCaptionInput, ack: CaptionLine },
} satisfies ClientCatalog;
export type CaptionClientEvents = ClientEventsOf<typeof CAPTION_CLIENT_EVENTS>;

/** The captions' HTTP routes (see common/http-route.ts). */
export const CAPTIONS_ROUTES = {
  transcripts: { method: 'get', path: '/sessions/:sessionId/captions', params: SessionPath, response: TranscriptsView },
  transcript: { method: 'get', path: '/sessions/:sessionId/captions/:lang/:format', params: z.object({ sessionId: Id, lang: Lang, format: TranscriptFormat }) },
  publish: { method: 'put', path: '/sessions/:sessionId/captions/published', params: SessionPath, body: PublishTranscriptsInput, response: TranscriptsView },
} as const satisfies Record<string, HttpRoute>;
