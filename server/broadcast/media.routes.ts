/**
 * `GET /media/sessions/:sessionId/:file`: the live feed and the recordings, as files a CDN
 * or the nginx cache in docker-compose can keep. Mounted before the app identifies callers,
 * so a public answer never carries a cookie and every cache may store it.
 *
 * - Live (the session is live): the HLS files. Segments never change once listed, so they
 *   are cacheable for a year; playlists for a second. A live media playlist asked for with
 *   `?_HLS_msn=N` (blocking playlist reload) is answered once segment N is listed, or after
 *   three target durations with what there is.
 * - Ended: the recording's files once it is published; before, only its organizers get
 *   them (`private, no-store`). Cancelled sessions, deleted or disabled recordings: nothing.
 * Shared caches keep segments at most a minute (`s-maxage`), so an unpublished recording
 * stops being served everywhere within a minute without purging anything.
 */
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NextFunction, Request, Response, Router } from 'express';
import { z } from 'zod';
import { AppError } from '../../common/errors';
import { parse as parseCookies } from 'cookie';
import type { Logger } from '../../platform/logger';
import type { MediaStorage } from '../../platform/media/storage';
import type { AgendaService } from '../agenda/agenda.service';
import { SESSION_COOKIE } from '../people/identify';
import type { PeopleService } from '../people/people.service';
import type { RolesService } from '../people/roles.service';
import type { RecordingsService } from './recordings.service';

const ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RENDITION = '(?:main|audio-[a-z][a-z0-9-]{0,15}|subs-[a-z][a-z0-9-]{0,15})';
/** Files a player may ask for, and nothing else (the segment log and track list stay private). */
const PUBLIC_FILE = new RegExp(`^(?:(?:index|vod)\\.m3u8|${RENDITION}(?:\\.rec|\\.vod)?\\.m3u8|${RENDITION}-\\d{5,9}\\.(?:ts|vtt)|recording\\.mp4|poster\\.jpg|chapters\\.vtt)$`);
const LIVE_FILE = new RegExp(`^(?:index\\.m3u8|${RENDITION}(?:\\.rec)?\\.m3u8|${RENDITION}-\\d{5,9}\\.(?:ts|vtt))$`);
/** A live media playlist (the ones that offer blocking reloads); subtitles are cut along `main`. */
const LIVE_MEDIA_PLAYLIST = /^(?:main|audio-([a-z][a-z0-9-]{0,15})|subs-[a-z][a-z0-9-]{0,15})\.m3u8$/;
/**
 * The query a media file takes. `_HLS_msn` is the blocking playlist reload (RFC 8216bis
 * 6.2.5.2); parts are not offered, so `_HLS_part` is not either.
 */
export const MediaQuery = z.object({
  _HLS_msn: z.string().regex(/^\d{1,9}$/).optional().describe('blocking playlist reload: answer once this media sequence number is listed (live media playlists)'),
  download: z.string().optional().describe('recording.mp4 as an attachment'),
});
const ReloadQuery = MediaQuery.pick({ _HLS_msn: true });
/** Content type by file extension; the OpenAPI entry (broadcast.routes.ts) lists the same. */
export const MEDIA_TYPES: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  ts: 'video/mp2t',
  vtt: 'text/vtt; charset=utf-8',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
};
const ACCESS_TTL_MS = 2000;

type Access = 'live' | 'published' | 'organizers' | 'none';

/** What the live programs of this process have listed (BroadcastService). */
export interface LiveListing {
  /** Segments the rendition's live playlist lists, or undefined when no program of the session runs here. */
  listed(sessionId: string, rendition: string): number | undefined;
  /** Whether a live playlist lists the media segment (undefined: no program of the session runs here). */
  isListed(sessionId: string, file: string): boolean | undefined;
  whenListed(sessionId: string, rendition: string, count: number, ms: number): Promise<void>;
  /** How long a blocking reload may be held: three target durations. */
  readonly holdMs: number;
}

export interface MediaRouteDeps {
  live: LiveListing;
  agenda: AgendaService;
  recordings: RecordingsService;
  people: PeopleService;
  roles: RolesService;
  storage: MediaStorage;
  log: Logger;
}

/** Segments kept in memory for the fast path: they never change once written. */
const SEGMENT_CACHE_BYTES = 256 * 1024 * 1024;
const SEGMENT_URL = new RegExp(`^/media/sessions/([0-9a-f-]{36})/(${RENDITION}-\\d{5,9}\\.ts)$`);

interface Decision {
  access: Access;
  forumId: string | undefined;
}

/** The media files: an Express route for everything, and a fast path for public segments. */
export class MediaFiles {
  // Segment requests come by the thousand per second: who may see a session is looked up
  // once every two seconds, not per request.
  readonly #access = new Map<string, { at: number; pending: Promise<Decision>; value?: Decision }>();
  readonly #segments = new Map<string, Buffer>();
  /** Reads under way: a segment every viewer asks for at once is read from disk once. */
  readonly #reading = new Map<string, Promise<Buffer>>();
  #segmentBytes = 0;

  constructor(private readonly d: MediaRouteDeps) {}

  #accessOf(sessionId: string): { pending: Promise<Decision>; value?: Decision } {
    const hit = this.#access.get(sessionId);
    if (hit && Date.now() - hit.at < ACCESS_TTL_MS) return hit;
    const entry: { at: number; pending: Promise<Decision>; value?: Decision } = { at: Date.now(), pending: decide(this.d, sessionId) };
    entry.pending.then((v) => (entry.value = v), () => this.#access.delete(sessionId));
    this.#access.set(sessionId, entry);
    if (this.#access.size > 10_000) this.#access.delete(this.#access.keys().next().value!);
    return entry;
  }

  /**
   * Public segments straight from memory, ahead of Express: no routing, no stat, no stream.
   * Anything else (or an access not yet known) goes the ordinary way.
   */
  fastPath(req: IncomingMessage, res: ServerResponse): boolean {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || req.headers.range || !req.url?.startsWith('/media/')) return false;
    const m = SEGMENT_URL.exec(req.url);
    if (!m) return false;
    const [, sessionId, file] = m as unknown as [string, string, string];
    const known = this.#accessOf(sessionId).value;
    if (!known || (known.access !== 'live' && known.access !== 'published')) return false;
    // A live segment no playlist lists yet may be half written: the ordinary way answers 404.
    if (known.access === 'live' && this.d.live.isListed(sessionId, file) === false) return false;
    const send = (buf: Buffer) => {
      res.writeHead(200, { 'content-type': MEDIA_TYPES.ts!, 'content-length': buf.length, 'cache-control': cacheControl(known.access, 'ts', file) });
      res.end(req.method === 'HEAD' ? undefined : buf);
    };
    const key = `${sessionId}/${file}`;
    const cached = this.#segments.get(key);
    if (cached) {
      // Most recently used last: the oldest go first when the budget is spent.
      this.#segments.delete(key);
      this.#segments.set(key, cached);
      send(cached);
      return true;
    }
    const p = this.d.storage.path(sessionId, file);
    if (!p) return false;
    let reading = this.#reading.get(key);
    if (!reading) {
      const read = readFile(p);
      reading = read;
      this.#reading.set(key, read);
      read.then(
        (buf) => {
          // Not if the session was forgotten meanwhile (its recording deleted).
          if (this.#reading.get(key) !== read) return;
          this.#reading.delete(key);
          this.#remember(key, buf);
        },
        () => this.#reading.get(key) === read && this.#reading.delete(key),
      );
    }
    reading.then(send, () => {
      res.writeHead(404, { 'content-type': 'application/problem+json', 'cache-control': 'no-store' });
      res.end(JSON.stringify({ type: 'https://birge.kz/problems/not_found', title: 'not found', status: 404, code: 'not_found', detail: 'no such media' }));
    });
    return true;
  }

  #remember(key: string, buf: Buffer) {
    if (buf.length > SEGMENT_CACHE_BYTES / 16) return;
    const old = this.#segments.get(key);
    if (old) this.#segmentBytes -= old.length;
    this.#segments.delete(key);
    this.#segments.set(key, buf);
    this.#segmentBytes += buf.length;
    for (const [k, v] of this.#segments) {
      if (this.#segmentBytes <= SEGMENT_CACHE_BYTES) break;
      this.#segments.delete(k);
      this.#segmentBytes -= v.length;
    }
  }

  /** Who may see the session may have changed (it started, ended, was cancelled; its recording changed). */
  invalidate(sessionId: string): void {
    this.#access.delete(sessionId);
  }

  /** Forgets a session's segments (its recording was deleted). */
  forget(sessionId: string): void {
    this.#access.delete(sessionId);
    for (const k of this.#reading.keys()) if (k.startsWith(`${sessionId}/`)) this.#reading.delete(k);
    for (const [k, v] of this.#segments) {
      if (!k.startsWith(`${sessionId}/`)) continue;
      this.#segments.delete(k);
      this.#segmentBytes -= v.length;
    }
  }

  route(router: Router): void {
    router.get('/media/sessions/:sessionId/:file', async (req: Request, res: Response, next: NextFunction) => {
      const { sessionId, file } = req.params as { sessionId: string; file: string };
      // Until a file is sent, what is answered (400, 404) is no cache's to keep: a name missing now may exist soon.
      res.setHeader('Cache-Control', 'no-store');
      if (!ID.test(sessionId) || !PUBLIC_FILE.test(file)) throw new AppError('invalid_input', 'not a media file of a session');
      const ext = file.slice(file.lastIndexOf('.') + 1);
      const decision = await this.#accessOf(sessionId).pending.catch((err: unknown) => {
        this.d.log.error({ err, sessionId }, 'media access check failed');
        return { access: 'none' as const, forumId: undefined };
      });
      const { forumId } = decision;
      let { access } = decision;
      if (access === 'live' && !LIVE_FILE.test(file)) access = 'none';
      if (access === 'organizers') access = forumId && (await isOrganizer(this.d, req, forumId)) ? 'organizers' : 'none';
      if (access === 'none') throw new AppError('not_found', 'no such media');
      const path = this.d.storage.path(sessionId, file);
      if (!path) throw new AppError('invalid_input', 'not a media file of a session');
      // A segment still being written is not there yet for anyone (nor for any cache).
      if (access === 'live' && ext === 'ts' && this.d.live.isListed(sessionId, file) === false) throw new AppError('not_found', 'no such media');
      if (access === 'live') await this.#holdReload(req, sessionId, file);
      res.setHeader('Cache-Control', cacheControl(access, ext, file));
      res.type(MEDIA_TYPES[ext] ?? 'application/octet-stream');
      if (ext === 'mp4' && req.query.download !== undefined) res.attachment(`birge-${sessionId.slice(0, 8)}.mp4`);
      res.sendFile(path, { dotfiles: 'deny', cacheControl: false, lastModified: true, etag: true }, (err?: NodeJS.ErrnoException) => {
        // A viewer that went away (hls.js drops a held playlist request when it seeks) is no error.
        if (!err || res.headersSent || err.code === 'ECONNABORTED') return;
        // The file's own caching (a year, for a segment) must not stick to "not there (yet)".
        res.setHeader('Cache-Control', 'no-store');
        next(err.code === 'ENOENT' ? new AppError('not_found', 'no such media') : err);
      });
    });
  }

  /** `?_HLS_msn=N` on a live media playlist: waits (bounded) until segment N is listed. */
  async #holdReload(req: Request, sessionId: string, file: string): Promise<void> {
    const m = LIVE_MEDIA_PLAYLIST.exec(file);
    if (!m) return;
    const q = ReloadQuery.safeParse(req.query);
    if (!q.success) throw new AppError('invalid_input', '_HLS_msn must be a media sequence number');
    const msn = q.data._HLS_msn === undefined ? undefined : Number(q.data._HLS_msn);
    const rendition = m[1] ?? 'main';
    const listed = this.d.live.listed(sessionId, rendition);
    if (msn === undefined || listed === undefined) return;
    // Further ahead than the segment after next is a client's mistake, not a wait (RFC 8216bis).
    if (msn > listed + 1) throw new AppError('invalid_input', 'that segment is too far in the future', { msn, next: listed });
    await this.d.live.whenListed(sessionId, rendition, msn + 1, this.d.live.holdMs);
  }
}

function cacheControl(access: Access, ext: string, file: string): string {
  if (access === 'organizers') return 'private, no-store';
  if (ext === 'ts' || (ext === 'vtt' && file !== 'chapters.vtt')) return 'public, max-age=31536000, s-maxage=60, immutable';
  if (ext === 'm3u8') return access === 'live' && !file.endsWith('.vod.m3u8') ? 'public, max-age=1, s-maxage=1' : 'public, max-age=30';
  return 'public, max-age=300';
}

async function decide(d: MediaRouteDeps, sessionId: string): Promise<Decision> {
  const s = await d.agenda.session(sessionId).catch(() => undefined);
  if (!s || s.state === 'cancelled' || s.state === 'scheduled') return { access: 'none', forumId: s?.forumId };
  const r = await d.recordings.row(sessionId);
  if (s.state === 'live') return { access: r?.state === 'deleted' ? 'none' : 'live', forumId: s.forumId };
  if (!r || r.state === 'off' || r.state === 'deleted') return { access: 'none', forumId: s.forumId };
  return { access: r.published && r.state === 'ready' ? 'published' : 'organizers', forumId: s.forumId };
}

async function isOrganizer(d: MediaRouteDeps, req: Request, forumId: string): Promise<boolean> {
  const token = req.headers.cookie ? parseCookies(req.headers.cookie)[SESSION_COOKIE] : undefined;
  if (!token) return false;
  const actor = await d.people.accountBySession(token);
  return Boolean(actor && (await d.roles.has(actor, 'organizer', { forumId })));
}
