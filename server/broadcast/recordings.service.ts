import type { Job } from 'bullmq';
import type { Lang } from '../../common/base';
import {
  FinalizeResult,
  mediaUrl,
  type FinalizeJobData,
  type ForumBroadcastSettings,
  type RecordingPatch,
  type RecordingView,
} from '../../common/broadcast.contract';
import { AppError } from '../../common/errors';
import type { Config } from '../../platform/config';
import type { Db, Queryable } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import { SEGMENT_LOG } from '../../platform/media/hls-files';
import type { MediaStorage } from '../../platform/media/storage';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { TxEventMap } from '../domain-events';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { QaService } from '../qa/qa.service';
import type { Outbox } from '../outbox/outbox';
import type { RecordingQueue } from './recording.queue';
import * as repo from './recordings.repo';

export interface RecordingsDeps {
  db: Db;
  config: Config;
  agenda: AgendaService;
  qa: Pick<QaService, 'getQuestion'>;
  roles: RolesService;
  audit: AuditService;
  storage: MediaStorage;
  queue: RecordingQueue;
  /** Where the finalizations a change asks for are recorded, in the change's transaction. */
  outbox: Outbox;
  /** Names this deployment's queue (the Redis prefix). */
  queueName: string;
  /** Called after each enqueue (starts the in-process worker). */
  onEnqueued: () => void;
  log: Logger;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const LABELS: Record<'start' | 'end', Record<Lang, string>> = {
  start: { kk: 'Сессияның басталуы', ru: 'Начало сессии', en: 'Session start' },
  end: { kk: 'Сессияның соңы', ru: 'Конец сессии', en: 'End of the session' },
};
const FLOOR_NAME: Record<Lang, string> = { kk: 'Түпнұсқа', ru: 'Оригинал', en: 'Original' };

/**
 * Recordings: one per session, made by the program feed while the session is live and
 * finalized by a worker when it ends. Ending the session and asking for the finalization
 * commit together (see onTransition); the reconciler enqueues every revision not yet done.
 */
export class RecordingsService {
  /**
   * Told when who may see a recording changed (published, unpublished, finished, failed) or its
   * files were removed: the media route drops what it decided and kept in memory.
   */
  onChanged: (sessionId: string, change: { removed: boolean }) => void = () => undefined;

  constructor(private readonly d: RecordingsDeps) {}

  /** Inside the session's transition transaction: the recording follows the session's state. */
  async onTransition(e: TxEventMap['session.transition']): Promise<void> {
    await repo.ensure(e.q, e.sessionId, e.forumId);
    if (e.to === 'live') await repo.markLive(e.q, e.sessionId);
    else if (e.to === 'ended') {
      const { publishAtEnd } = await repo.forumSettings(e.q, e.forumId);
      await repo.requestFinalize(e.q, e.sessionId, publishAtEnd, this.d.queueName);
      await this.d.outbox.add(e.q, 'recording.finalize', { sessionId: e.sessionId });
    } else if (e.to === 'cancelled') await repo.markCancelled(e.q, e.sessionId);
  }

  /**
   * The outbox's work once a session's program has stopped: enqueues the finalization it asked
   * for (a no-op when its job exists, or nothing is pending).
   */
  async handOn(sessionId: string): Promise<void> {
    const r = await repo.find(this.d.db, sessionId);
    if (r && isPending(r, this.d.queueName) && (await this.#settle(r)) === 'enqueued') this.d.onEnqueued();
  }

  /**
   * For what no one heard: commits jobs that finished while no server listened, and enqueues
   * again a pending revision whose job is gone (Redis lost it). Returns how many it enqueued.
   */
  async reconcile(): Promise<number> {
    let enqueued = 0;
    for (const r of await repo.listPending(this.d.db, this.d.queueName)) if ((await this.#settle(r)) === 'enqueued') enqueued++;
    if (enqueued) this.d.onEnqueued();
    return enqueued;
  }

  /** Brings one pending revision forward: its result committed if its job ended, else its job enqueued if missing. */
  async #settle(r: repo.RecordingRow): Promise<'enqueued' | 'queued' | 'settled'> {
    const job = await this.d.queue.job({ sessionId: r.session_id, revision: r.finalize_revision });
    const state = job && (await job.getState());
    if (job && state === 'completed') await this.onCompleted(job);
    else if (job && state === 'failed' && job.attemptsMade >= (job.opts.attempts ?? 1)) await this.onFailed(r.session_id, r.finalize_revision, job.failedReason);
    else if (job) return 'queued';
    else if (await this.d.storage.size(r.session_id, SEGMENT_LOG)) {
      await this.d.queue.add(await this.#jobData(r));
      return 'enqueued';
    } else await this.#nothingRecorded(r);
    return 'settled';
  }

  /** The program wrote no segment (media off, or no program): there is no recording, so no job either. */
  async #nothingRecorded(r: repo.RecordingRow): Promise<void> {
    if (!(await repo.markNothingRecorded(this.d.db, r.session_id, r.finalize_revision))) return;
    this.onChanged(r.session_id, { removed: false });
    this.d.log.info({ sessionId: r.session_id, revision: r.finalize_revision }, 'nothing was recorded: no finalization');
  }

  /** A worker finished a job: its result goes in the row (a late older revision changes nothing). */
  async onCompleted(job: Job): Promise<void> {
    const data = job.data as FinalizeJobData;
    const res = FinalizeResult.safeParse(job.returnvalue);
    if (!res.success) return this.onFailed(data.sessionId, data.revision, 'the worker returned no readable result');
    if (await repo.complete(this.d.db, data.sessionId, data.revision, res.data)) {
      this.onChanged(data.sessionId, { removed: false });
      this.d.log.info({ sessionId: data.sessionId, revision: data.revision, durationS: res.data.durationS }, 'recording ready');
    }
  }

  async onFailed(sessionId: string, revision: number, reason: string): Promise<void> {
    await repo.fail(this.d.db, sessionId, revision, reason);
    this.onChanged(sessionId, { removed: false });
    this.d.log.error({ sessionId, revision, reason }, 'recording finalization failed');
  }

  /** Organizers see every recording; others a published, finished one only. */
  async view(actor: Actor, sessionId: string): Promise<RecordingView> {
    const s = await this.d.agenda.session(sessionId);
    const r = await repo.find(this.d.db, s.id);
    const organizer = await this.d.roles.has(actor, 'organizer', { forumId: s.forumId });
    if (!r || (!organizer && !(r.state === 'ready' && r.published))) throw new AppError('not_found', 'this session has no recording to watch');
    return toView(r);
  }

  /** Organizers: recording on/off (before start), publish, trim. Audited. */
  async patch(actor: Actor, sessionId: string, patch: RecordingPatch): Promise<RecordingView> {
    const s = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'organizer', { forumId: s.forumId });
    const row = await this.d.db.tx(async (q) => {
      const r = await repo.ensure(q, s.id, s.forumId);
      if (r.state === 'deleted') throw new AppError('invalid_state', 'this recording was deleted');
      if (patch.enabled !== undefined && s.state !== 'scheduled') throw new AppError('invalid_state', 'recording can be turned on or off before the session starts', { state: s.state });
      const trims = patch.trimStartS !== undefined || patch.trimEndS !== undefined;
      if (trims && !['ready', 'failed', 'processing'].includes(r.state)) throw new AppError('invalid_state', 'only a recorded session can be trimmed', { state: r.state });
      if (patch.published !== undefined && !['processing', 'ready', 'failed'].includes(r.state)) throw new AppError('invalid_state', 'only a recorded session can be published', { state: r.state });
      const next = await repo.update(q, s.id, {
        ...(patch.enabled !== undefined ? { enabled: patch.enabled, state: patch.enabled ? 'scheduled' : 'off' } : {}),
        ...(patch.published !== undefined ? { published: patch.published } : {}),
        ...(patch.trimStartS !== undefined ? { trim_start_s: patch.trimStartS } : {}),
        ...(patch.trimEndS !== undefined ? { trim_end_s: patch.trimEndS } : {}),
        refinalize: trims,
      });
      // Trimming makes the files again: a new revision, handed on like the end's.
      if (trims) await this.d.outbox.add(q, 'recording.finalize', { sessionId: s.id });
      await this.d.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'broadcast', action: 'recording.update', targetId: s.id, details: patch });
      return next;
    });
    this.onChanged(s.id, { removed: false });
    if (patch.trimStartS !== undefined || patch.trimEndS !== undefined) this.d.outbox.kick();
    return toView(row);
  }

  /** Organizers delete a recording: its files go, the row stays as `deleted` (audited). */
  async remove(actor: Actor, sessionId: string): Promise<void> {
    const s = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'organizer', { forumId: s.forumId });
    await this.d.db.tx(async (q) => {
      const r = await repo.ensure(q, s.id, s.forumId);
      if (r.state === 'live') throw new AppError('invalid_state', 'a live recording cannot be deleted; end the session first');
      await repo.update(q, s.id, { state: 'deleted', published: false });
      await this.d.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'broadcast', action: 'recording.delete', targetId: s.id });
    });
    await this.d.storage.remove(s.id);
    this.onChanged(s.id, { removed: true });
  }

  async forumSettings(forumId: string): Promise<ForumBroadcastSettings> {
    const f = await this.d.agenda.forum(forumId);
    return repo.forumSettings(this.d.db, f.id);
  }

  async setForumSettings(actor: Actor, forumId: string, s: ForumBroadcastSettings): Promise<ForumBroadcastSettings> {
    const f = await this.d.agenda.forum(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: f.id });
    await this.d.db.tx(async (q) => {
      await repo.setForumSettings(q, f.id, s.publishAtEnd);
      await this.d.audit.record(q, { actor, forumId: f.id, domain: 'broadcast', action: 'forum.settings', details: s });
    });
    return s;
  }

  /** Published, finished recordings of a forum (the forum home marks them). */
  async replays(forumId: string): Promise<{ sessionId: string; durationS: number | null; poster: string }[]> {
    const f = await this.d.agenda.forum(forumId);
    return (await repo.listPublished(this.d.db, f.id)).map((r) => ({ sessionId: r.session_id, durationS: r.duration_s, poster: mediaUrl(r.session_id, 'poster.jpg') }));
  }

  async forumRecordings(actor: Actor, forumId: string): Promise<RecordingView[]> {
    const f = await this.d.agenda.forum(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: f.id });
    return (await repo.listForum(this.d.db, f.id)).map(toView);
  }

  /** The recording row as the media route needs it (no access check: the caller decides). */
  row(sessionId: string, q: Queryable = this.d.db): Promise<repo.RecordingRow | undefined> {
    return repo.find(q, sessionId);
  }

  liveSessions(): Promise<repo.RecordingRow[]> {
    return repo.listLive(this.d.db);
  }

  async #jobData(r: repo.RecordingRow): Promise<FinalizeJobData> {
    const forum = await this.d.agenda.forum(r.forum_id);
    const lang = forum.languages[0] ?? 'ru';
    const marks: FinalizeJobData['marks'] = [];
    if (r.started_at) marks.push({ atMs: Date.parse(iso(r.started_at)!), kind: 'start', title: LABELS.start[lang], questionId: null });
    const trail = await this.d.audit.list({ forumId: r.forum_id, sessionId: r.session_id, domain: 'qa' });
    const texts = new Map<string, string>();
    for (const a of trail) {
      const kind = a.action === 'question.spotlight' ? 'spotlight' : a.action === 'question.answered' ? 'answered' : undefined;
      if (!kind || !a.targetId) continue;
      let text = texts.get(a.targetId);
      if (text === undefined) {
        text = await this.d.qa.getQuestion(a.targetId).then((x) => x.text, () => '');
        texts.set(a.targetId, text);
      }
      if (text) marks.push({ atMs: Date.parse(a.at), kind, title: text.length > 140 ? `${text.slice(0, 139)}…` : text, questionId: a.targetId });
    }
    if (r.ended_at) marks.push({ atMs: Date.parse(iso(r.ended_at)!), kind: 'end', title: LABELS.end[lang], questionId: null });
    const b = this.d.config.broadcast;
    return {
      sessionId: r.session_id,
      forumId: r.forum_id,
      revision: r.finalize_revision,
      trimStartS: r.trim_start_s,
      trimEndS: r.trim_end_s,
      marks,
      variant: { width: b.width, height: b.height, videoKbps: b.videoKbps, audioKbps: b.audioKbps, floorName: FLOOR_NAME[lang] },
      segmentSeconds: b.segmentSeconds,
    };
  }
}

export function toView(r: repo.RecordingRow): RecordingView {
  const playable = r.state === 'ready';
  return {
    sessionId: r.session_id,
    forumId: r.forum_id,
    state: r.state,
    enabled: r.enabled,
    published: r.published,
    trimStartS: r.trim_start_s,
    trimEndS: r.trim_end_s,
    startedAt: iso(r.started_at),
    endedAt: iso(r.ended_at),
    durationS: r.duration_s,
    mp4Bytes: r.mp4_bytes === null ? null : Number(r.mp4_bytes),
    chapters: r.chapters,
    error: r.error,
    urls: playable
      ? { hls: mediaUrl(r.session_id, 'vod.m3u8'), mp4: mediaUrl(r.session_id, 'recording.mp4'), poster: mediaUrl(r.session_id, 'poster.jpg'), chapters: mediaUrl(r.session_id, 'chapters.vtt') }
      : null,
  };
}

/** A finalization asked for and not finished, on this deployment's queue (as `repo.listPending` selects). */
function isPending(r: repo.RecordingRow, queue: string): boolean {
  return r.state === 'processing' && r.finalize_revision > r.finalized_revision && (r.queue ?? queue) === queue;
}
