import type { SessionState, SessionView } from '../../common/agenda.contract';
import type { AttendanceView, Capabilities, SessionJoined, ViewersFramePart } from '../../common/sessions.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Db } from '../../platform/db';
import { within } from '../../platform/deadline';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import { rooms } from '../../common/rooms';
import type { LivePart } from '../realtime/live-frames';
import { type AppServer, type AppSocket } from '../realtime/socket';
import * as repo from './sessions.repo';
import type { TickResult, ViewerCounter } from './viewer-counter';

/** How long a process trusts what it read about a session (its state changes rarely, and other processes only learn of it by reading). */
const INFO_TTL_MS = 1000;
const SESSION_ROOM = /^session:([0-9a-f-]{36})$/;
/** A state change (whose answer waits for its reactions) waits at most this long for the viewer count. */
const VIEWER_COUNT_DEADLINE_MS = 500;

/**
 * Live session rooms: who is in which room, how many watch, and attendance afterwards.
 * Other domains ask it for a session's current facts (`info`) on their hot paths.
 */
export class SessionsService {
  private readonly infos = new Map<string, { view: SessionView; until: number }>();
  /** Actors already recorded as unique viewers, per live session, by this process. */
  private readonly recorded = new Map<string, Set<string>>();

  constructor(
    private readonly db: Db,
    private readonly agenda: AgendaService,
    private readonly roles: RolesService,
    private readonly io: AppServer,
    readonly viewers: ViewerCounter,
    private readonly viewerPart: LivePart<ViewersFramePart>,
    private readonly log: Logger,
  ) {}

  /** The session, read at most once a second per process. Throws not_found. */
  async info(sessionId: string): Promise<SessionView> {
    const hit = this.infos.get(sessionId);
    if (hit && hit.until > Date.now()) return hit.view;
    const view = await this.agenda.session(sessionId);
    if (this.infos.size > 10_000) this.infos.clear();
    this.infos.set(sessionId, { view, until: Date.now() + INFO_TTL_MS });
    return view;
  }

  async isLive(sessionId: string): Promise<boolean> {
    return (await this.info(sessionId)).state === 'live';
  }

  async capabilities(actor: Actor, session: SessionView): Promise<Capabilities> {
    if (actor.kind !== 'account') return { isModerator: false, isSpeaker: false, isOrganizer: false };
    const scope = { forumId: session.forumId, sessionId: session.id };
    const [isModerator, isSpeaker, isOrganizer] = await Promise.all([
      this.roles.has(actor, 'moderator', scope),
      this.roles.has(actor, 'speaker', scope),
      this.roles.has(actor, 'organizer', { forumId: session.forumId }),
    ]);
    return { isModerator, isSpeaker, isOrganizer };
  }

  /**
   * Puts the socket in the session's room (and the moderators' or speakers' room when the
   * caller holds that role) and counts the caller as a viewer. Joining twice is harmless.
   */
  async join(socket: AppSocket, sessionId: string): Promise<SessionJoined> {
    const actor = socket.data.actor;
    const session = await this.info(sessionId);
    const capabilities = await this.capabilities(actor, session);
    const fresh = !socket.rooms.has(rooms.session(sessionId));
    const join = [rooms.session(sessionId)];
    if (capabilities.isModerator) join.push(rooms.moderators(sessionId));
    if (capabilities.isSpeaker) join.push(rooms.speakers(sessionId));
    await socket.join(join);
    if (fresh) this.viewers.add(sessionId, actor.id);
    return { session, viewers: await this.viewers.total(sessionId), capabilities };
  }

  async leave(socket: AppSocket, sessionId: string): Promise<{ sessionId: string }> {
    if (socket.rooms.has(rooms.session(sessionId))) {
      this.viewers.remove(sessionId, socket.data.actor.id);
      for (const r of [rooms.session(sessionId), rooms.moderators(sessionId), rooms.speakers(sessionId)]) await socket.leave(r);
    }
    return { sessionId };
  }

  /** Session ids of the rooms a socket is in. */
  joinedSessions(socket: AppSocket): string[] {
    const ids: string[] = [];
    for (const r of socket.rooms) {
      const m = SESSION_ROOM.exec(r);
      if (m?.[1]) ids.push(m[1]);
    }
    return ids;
  }

  /** Attendance for the organizer dashboard (organizers of the forum only). */
  async attendanceFor(actor: Actor, sessionId: string): Promise<AttendanceView> {
    const s = await this.agenda.session(sessionId);
    await this.roles.require(actor, 'organizer', { forumId: s.forumId });
    return this.attendance(s.id);
  }

  /** Peak, unique viewers and the sampled series of a session (for reports; no access check). */
  async attendance(sessionId: string): Promise<AttendanceView> {
    const [series, uniqueViewers, peak] = await Promise.all([
      repo.series(this.db, sessionId),
      repo.uniqueViewers(this.db, sessionId),
      repo.peak(this.db, sessionId),
    ]);
    return { sessionId, peak: Math.max(peak, ...series.map((s) => s.viewers)), uniqueViewers, series };
  }

  /** The session changed state: tell its room, and bracket the attendance series while live. */
  async onStateChanged(sessionId: string, state: SessionState, at: Date): Promise<void> {
    this.infos.delete(sessionId);
    this.io.to(rooms.session(sessionId)).emit('session:state', { sessionId, state, at: at.toISOString() });
    if (state === 'live' || state === 'ended') {
      // The count lives in Redis; without it this one sample is skipped (the ticks carry on once it is back).
      const total = await within(this.viewers.total(sessionId), VIEWER_COUNT_DEADLINE_MS, 'the viewer count').catch((err: unknown) => {
        this.log.warn({ err, sessionId }, 'no viewer count for the state change sample');
        return undefined;
      });
      if (total !== undefined) {
        await repo.insertSample(this.db, sessionId, total);
        if (state === 'live') await repo.raisePeak(this.db, sessionId, total);
      }
    }
    if (state !== 'live') this.recorded.delete(sessionId);
  }

  /** Viewer-count tick of a session this process leads: broadcast, sample, peak. */
  async onLead(r: TickResult): Promise<void> {
    if (r.changedSeq !== undefined) this.viewerPart.push(r.sessionId, { count: r.total, seq: r.changedSeq });
    if (r.sampleDue) await repo.insertSample(this.db, r.sessionId, r.total);
    if (r.peakRaised) await repo.raisePeak(this.db, r.sessionId, r.total);
  }

  /** Records this process's viewers of a live session as having watched, in one batch per tick. */
  async onLocal(sessionId: string, live: boolean, actors: string[]): Promise<void> {
    if (!live) return;
    let done = this.recorded.get(sessionId);
    if (!done) this.recorded.set(sessionId, (done = new Set()));
    const fresh = actors.filter((a) => !done.has(a));
    if (!fresh.length) return;
    await repo.recordViewers(this.db, sessionId, fresh);
    for (const a of fresh) done.add(a);
    this.log.debug({ sessionId, count: fresh.length }, 'viewers recorded');
  }
}
