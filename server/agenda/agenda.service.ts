import type {
  AgendaView,
  ForumInput,
  ForumPatch,
  ForumView,
  PlatformInput,
  PlatformView,
  SessionAction,
  SessionInput,
  SessionPatch,
  SessionView,
} from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../db';
import type { DomainEvents } from '../domain-events';
import type { Logger } from '../logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import * as repo from './agenda.repo';
import { nextState } from './session-state';

function isUniqueViolation(e: unknown): boolean {
  return (e as { code?: string } | null)?.code === '23505';
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
    if (actor.kind !== 'account') throw new AppError('unauthorized', 'sign in to create a forum');
    if (!actor.canCreateForums) throw new AppError('forbidden', 'this account may not create forums');
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
    if (!p || p.forumId !== forumId) throw new AppError('invalid_input', 'the platform does not belong to this forum');
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
    if (Date.parse(endsAt) <= Date.parse(startsAt)) throw new AppError('invalid_input', 'endsAt must be after startsAt');
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
