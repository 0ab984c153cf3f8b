import type { SessionView } from '../../common/agenda.contract';
import { LANGS, type Lang } from '../../common/base';
import { TRANSCRIPT_CONTENT_TYPES, type CaptionBoothView, type CaptionLine, type CaptionLines, type CaptionTracks, type CorrectCaptionInput, type RecentCaptionsInput, type SendCaptionInput, type TranscriptFormat, type TranscriptsView } from '../../common/captions.contract';
import { AppError } from '../../common/errors';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { cuesOf, toTranscript, toWebVtt, type TimedLine } from '../../platform/webvtt';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { RateLimit } from '../rate-limit';
import type { LivePart } from '../realtime/live-frames';
import * as repo from './captions.repo';

/** Lines a viewer gets when turning captions on: enough to fill the overlay and a little history. */
const RECENT_LINES = 20;
const MAX_FILL = 500;

/**
 * Live captions: captioners send short lines, viewers receive them on the session room, and
 * every line is stored with its time for the transcripts (WebVTT and plain text).
 */
export class CaptionsService {
  /** Sends of one session and language run one at a time here, so lines go out in seq order. */
  readonly #lanes = new Map<string, Promise<unknown>>();
  readonly #onLine = new Set<(line: CaptionLine) => void>();

  constructor(
    private readonly deps: { db: Db; agenda: AgendaService; roles: RolesService; audit: AuditService; lines: LivePart<CaptionLine>; sendLimit: RateLimit; log: Logger },
  ) {}

  async tracks(sessionId: string): Promise<CaptionTracks> {
    const session = await this.deps.agenda.session(sessionId);
    return { sessionId, languages: await this.#languages(session) };
  }

  async booth(actor: Actor, sessionId: string): Promise<CaptionBoothView> {
    const session = await this.deps.agenda.session(sessionId);
    const mine = await this.deps.roles.languages({ forumId: session.forumId, sessionId }, 'captioner', actor);
    if (!mine.length) throw new AppError('forbidden', 'this needs the captioner role here');
    return { sessionId, languages: await this.#languages(session), mine };
  }

  async recent(input: RecentCaptionsInput): Promise<CaptionLines> {
    await this.deps.agenda.session(input.sessionId);
    const lines = await repo.recent(this.deps.db, input.sessionId, input.lang, input.after, input.after === undefined ? RECENT_LINES : MAX_FILL);
    return { sessionId: input.sessionId, lang: input.lang, lines };
  }

  /** Stores the line, then sends it with the session room's next live frame. Captioners of the language, live sessions. */
  send(actor: Actor, input: SendCaptionInput): Promise<CaptionLine> {
    // In the lane from the start: lines typed one after another are numbered in that order.
    return this.#lane(`${input.sessionId}:${input.lang}`, async () => {
      const session = await this.deps.agenda.session(input.sessionId);
      await this.deps.roles.require(actor, 'captioner', { forumId: session.forumId, sessionId: input.sessionId, language: input.lang });
      if (session.state !== 'live') throw new AppError('invalid_state', 'captions can be sent while the session is live');
      await this.deps.sendLimit.consume(actor.id);
      const line = await this.#append(input, actor.id);
      this.deps.lines.push(input.sessionId, line);
      for (const fn of this.#onLine) fn(line);
      return line;
    });
  }

  /** Replaces a line's text; captioners of its language. The line keeps its time and seq. */
  async correct(actor: Actor, input: CorrectCaptionInput): Promise<CaptionLine> {
    const line = await repo.find(this.deps.db, input.lineId);
    if (!line || line.sessionId !== input.sessionId) throw new AppError('not_found', 'no such caption line in this session');
    const session = await this.deps.agenda.session(input.sessionId);
    await this.deps.roles.require(actor, 'captioner', { forumId: session.forumId, sessionId: input.sessionId, language: line.lang });
    if (session.state === 'cancelled') throw new AppError('invalid_state', 'the session was cancelled');
    await this.deps.sendLimit.consume(actor.id);
    return this.#lane(`${input.sessionId}:${line.lang}`, async () => {
      const fixed = (await repo.correct(this.deps.db, input.lineId, input.text))!;
      this.deps.lines.push(input.sessionId, fixed);
      return fixed;
    });
  }

  /** What can be downloaded; organizers always, everyone once published. */
  async transcripts(actor: Actor, sessionId: string): Promise<TranscriptsView> {
    const session = await this.deps.agenda.session(sessionId);
    const published = await this.#readable(actor, session);
    return { sessionId, published, languages: await repo.counts(this.deps.db, [sessionId]) };
  }

  /** One language's transcript as WebVTT (times from the session going live) or timed text. */
  async transcript(actor: Actor, sessionId: string, lang: Lang, format: TranscriptFormat): Promise<{ body: string; type: string; filename: string }> {
    const session = await this.deps.agenda.session(sessionId);
    await this.#readable(actor, session);
    const lines = await this.timedLines(session, lang);
    if (!lines.length) throw new AppError('not_found', `no ${lang} captions in this session`);
    const filename = `birge-captions-${sessionId.slice(0, 8)}-${lang}.${format}`;
    if (format === 'vtt') return { body: toWebVtt(cuesOf(lines)), type: TRANSCRIPT_CONTENT_TYPES.vtt, filename };
    const title = session.title[lang] ?? session.title.kk ?? session.title.ru ?? session.title.en;
    return { body: toTranscript(lines, title), type: TRANSCRIPT_CONTENT_TYPES.txt, filename };
  }

  /** A language's lines with their time from the moment the session went live. */
  async timedLines(session: SessionView, lang: Lang): Promise<TimedLine[]> {
    const lines = await repo.all(this.deps.db, session.id, lang);
    const origin = Date.parse(session.startedAt ?? lines[0]?.at ?? session.startsAt);
    return lines.map((l) => ({ atMs: Date.parse(l.at) - origin, text: l.text }));
  }

  /** Organizers publish (or withdraw) a session's transcripts for everyone; audited. */
  async publish(actor: Actor, sessionId: string, published: boolean): Promise<TranscriptsView> {
    const session = await this.deps.agenda.session(sessionId);
    await this.deps.roles.require(actor, 'organizer', { forumId: session.forumId });
    await this.deps.db.tx(async (q) => {
      await repo.setPublished(q, sessionId, published ? actor.id : null);
      await this.deps.audit.record(q, { actor, forumId: session.forumId, sessionId, domain: 'captions', action: published ? 'transcripts.publish' : 'transcripts.unpublish' });
    });
    return this.transcripts(actor, sessionId);
  }

  /** Calls `fn` with every line stored here from now on (e.g. for the program feed's subtitles). */
  onLine(fn: (line: CaptionLine) => void): () => void {
    this.#onLine.add(fn);
    return () => this.#onLine.delete(fn);
  }

  /** The languages sessions were captioned in, for the compiled documents. */
  async captioned(sessionIds: readonly string[]): Promise<Lang[]> {
    return (await repo.counts(this.deps.db, sessionIds)).map((c) => c.lang);
  }

  async #languages(session: SessionView): Promise<Lang[]> {
    const granted = await this.deps.roles.languages({ forumId: session.forumId, sessionId: session.id }, 'captioner');
    const written = (await repo.counts(this.deps.db, [session.id])).map((c) => c.lang);
    const all = new Set([...granted, ...written]);
    return LANGS.filter((l) => all.has(l));
  }

  /** Whether the transcripts are published; throws `forbidden` for others than organizers until they are. */
  async #readable(actor: Actor, session: SessionView): Promise<boolean> {
    const published = await repo.isPublished(this.deps.db, session.id);
    if (!published && !(await this.deps.roles.has(actor, 'organizer', { forumId: session.forumId }))) {
      throw new AppError('forbidden', 'the caption transcripts of this session are not published');
    }
    return published;
  }

  async #append(input: SendCaptionInput, authorId: string): Promise<CaptionLine> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await repo.append(this.deps.db, input.sessionId, input.lang, input.text, authorId);
      } catch (e) {
        // Another process took that seq in the same instant: the next one is ours.
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
  }

  #lane<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const run = (this.#lanes.get(key) ?? Promise.resolve()).then(fn);
    const tail = run.catch(() => undefined);
    this.#lanes.set(key, tail);
    void tail.then(() => this.#lanes.get(key) === tail && this.#lanes.delete(key));
    return run;
  }
}
