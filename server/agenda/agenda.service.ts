import {
  ForumInput,
  PlatformInput,
  SessionInput,
  type AgendaView,
  type ForumPatch,
  type ForumView,
  type PlatformView,
  type SessionAction,
  type SessionPatch,
  type SessionView,
} from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { AuditService } from '../audit/audit.service';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { DomainEvents } from '../domain-events';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import { parse } from '../../common/validate';
import * as repo from './agenda.repo';
import { nextState } from './session-state';

/** A whole agenda at once; sessions name their platform by its index in `platforms`. */
export interface ForumImport {
  forum: ForumInput;
  platforms: PlatformInput[];
  sessions: (Omit<SessionInput, 'platformId'> & { platform: number })[];
}

/** Forums, their dialogue platforms and sessions, and the session lifecycle. */
export class AgendaService {
  constructor(
    private readonly db: Db,
    private readonly roles: RolesService,
    private readonly events: DomainEvents,
    private readonly audit: AuditService,
    private readonly log: Logger,
  ) {}

  listForums(): Promise<ForumView[]> {
    return repo.listForums(this.db);
  }

  /** A forum by id or slug; `not_found` otherwise. */
  async forum(idOrSlug: string): Promise<ForumView> {
    const f = await repo.findForum(this.db, idOrSlug);
    if (!f) throw new AppError('not_found', 'no such forum');
    return f;
  }

  /** The whole agenda of a forum: platforms and sessions in time order. */
  async agenda(idOrSlug: string): Promise<AgendaView> {
    const forum = await this.forum(idOrSlug);
    const [platforms, sessions] = await Promise.all([repo.listPlatforms(this.db, forum.id), repo.listSessions(this.db, forum.id)]);
    return { forum, platforms, sessions };
  }

  /** A session by id; `not_found` otherwise. Other domains use this to learn a session's forum and state. */
  async session(id: string): Promise<SessionView> {
    const s = await repo.findSession(this.db, id);
    if (!s) throw new AppError('not_found', 'no such session');
    return s;
  }

  /** Creates a forum; its creator becomes its organizer. Needs an account allowed to create forums. */
  async createForum(actor: Actor, input: ForumInput): Promise<ForumView> {
    this.requireForumCreator(actor);
    try {
      return await this.db.tx(async (q) => {
        const forum = await repo.insertForum(q, { ...input, description: input.description ?? {}, createdBy: actor.id });
        await this.roles.grant(q, actor.id, 'organizer', { forumId: forum.id });
        this.log.info({ forumId: forum.id, slug: forum.slug }, 'forum created');
        return forum;
      });
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'a forum with this slug exists');
      throw e;
    }
  }

  /**
   * Creates a forum with its platforms and sessions in one transaction, so nobody ever sees
   * half an agenda and of two imports racing for one slug exactly one wins (the other gets
   * `conflict`). Every part is checked with the schemas the HTTP routes use. Used by the demo.
   */
  async importForum(actor: Actor, input: ForumImport): Promise<AgendaView> {
    this.requireForumCreator(actor);
    const forumInput = parse(ForumInput, input.forum);
    const platformInputs = input.platforms.map((p) => parse(PlatformInput, p));
    try {
      const forumId = await this.db.tx(async (q) => {
        const forum = await repo.insertForum(q, { ...forumInput, description: forumInput.description ?? {}, createdBy: actor.id });
        await this.roles.grant(q, actor.id, 'organizer', { forumId: forum.id });
        const platforms: PlatformView[] = [];
        for (const [i, p] of platformInputs.entries()) platforms.push(await repo.insertPlatform(q, forum.id, p.title, p.position ?? i));
        for (const { platform, ...rest } of input.sessions) {
          const platformId = platforms[platform]?.id;
          if (!platformId) throw new AppError('invalid_input', `session "${Object.values(rest.title)[0]}" names platform ${platform}, which does not exist`);
          const s = parse(SessionInput, { ...rest, platformId });
          await repo.insertSession(q, { ...s, forumId: forum.id, description: s.description ?? {} });
        }
        return forum.id;
      });
      this.log.info({ forumId, slug: forumInput.slug, sessions: input.sessions.length }, 'forum imported');
      return await this.agenda(forumId);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'a forum with this slug exists');
      throw e;
    }
  }

  // Citizens are identified (pseudonymous cookie), so a missing right is forbidden, as in RolesService.
  private requireForumCreator(actor: Actor): void {
    if (actor.kind !== 'account' || !actor.canCreateForums) throw new AppError('forbidden', 'only organizer accounts may create forums');
  }

  async updateForum(actor: Actor, forumId: string, patch: ForumPatch): Promise<ForumView> {
    const forum = await this.forum(forumId);
    await this.roles.require(actor, 'organizer', { forumId: forum.id });
    try {
      return await repo.updateForum(this.db, forum.id, patch);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'a forum with this slug exists');
      throw e;
    }
  }

  async createPlatform(actor: Actor, forumId: string, input: PlatformInput): Promise<PlatformView> {
    const forum = await this.forum(forumId);
    await this.roles.require(actor, 'organizer', { forumId: forum.id });
    const position = input.position ?? (await repo.listPlatforms(this.db, forum.id)).length;
    return repo.insertPlatform(this.db, forum.id, input.title, position);
  }

  async updatePlatform(actor: Actor, platformId: string, input: Partial<PlatformInput>): Promise<PlatformView> {
    const p = await repo.findPlatform(this.db, platformId);
    if (!p) throw new AppError('not_found', 'no such platform');
    await this.roles.require(actor, 'organizer', { forumId: p.forumId });
    return repo.updatePlatform(this.db, p.id, input.title, input.position);
  }

  private async platformOf(forumId: string, platformId: string): Promise<PlatformView> {
    const p = await repo.findPlatform(this.db, platformId);
    if (!p || p.forumId !== forumId) {
      const message = 'the platform does not belong to this forum';
      throw new AppError('invalid_input', message, { issues: [{ path: 'platformId', message }] });
    }
    return p;
  }

  async createSession(actor: Actor, forumId: string, input: SessionInput): Promise<SessionView> {
    const forum = await this.forum(forumId);
    await this.roles.require(actor, 'organizer', { forumId: forum.id });
    await this.platformOf(forum.id, input.platformId);
    const s = await repo.insertSession(this.db, {
      forumId: forum.id,
      platformId: input.platformId,
      title: input.title,
      description: input.description ?? {},
      speakers: input.speakers,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
    });
    this.log.info({ sessionId: s.id, forumId: forum.id }, 'session created');
    return s;
  }

  async updateSession(actor: Actor, sessionId: string, patch: SessionPatch): Promise<SessionView> {
    const s = await this.session(sessionId);
    await this.roles.require(actor, 'organizer', { forumId: s.forumId });
    if (s.state === 'ended' || s.state === 'cancelled') throw new AppError('invalid_state', `a ${s.state} session cannot be edited`);
    if (patch.platformId) await this.platformOf(s.forumId, patch.platformId);
    const startsAt = patch.startsAt ?? s.startsAt;
    const endsAt = patch.endsAt ?? s.endsAt;
    if (Date.parse(endsAt) <= Date.parse(startsAt)) {
      throw new AppError('invalid_input', 'endsAt must be after startsAt', { issues: [{ path: 'endsAt', message: 'endsAt must be after startsAt' }] });
    }
    return repo.updateSession(this.db, s.id, patch);
  }

  /**
   * Moves a session along its lifecycle (organizers only). The row is locked so two
   * organizers pressing "end" at once produce one transition and one event.
   */
  async transition(actor: Actor, sessionId: string, action: SessionAction): Promise<SessionView> {
    const current = await this.session(sessionId);
    await this.roles.require(actor, 'organizer', { forumId: current.forumId });
    const updated = await this.db.tx(async (q) => {
      const s = (await repo.findSession(q, sessionId, true))!;
      const to = nextState(s.state, action);
      if (!to) throw new AppError('invalid_state', `cannot ${action} a session that is ${s.state}`, { state: s.state, action });
      const next = await repo.setSessionState(q, s.id, to);
      await this.events.publishTx('session.transition', { q, sessionId: s.id, forumId: s.forumId, from: s.state, to });
      await this.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'agenda', action: `session.${action}`, targetId: s.id, details: { from: s.state, to } });
      return next;
    });
    this.log.info({ sessionId, action, state: updated.state }, 'session transition');
    const at = new Date();
    const ev = { sessionId: updated.id, forumId: updated.forumId, at };
    if (updated.state === 'live') await this.events.publish('session.started', ev);
    if (updated.state === 'ended') await this.events.publish('session.ended', ev);
    if (updated.state === 'cancelled') await this.events.publish('session.cancelled', ev);
    return updated;
  }
}
