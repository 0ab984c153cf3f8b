import { AppError } from '../../common/errors';
import { isLanguageRole, type Lang, type Role } from '../../common/base';
import type { Db, Queryable } from '../../platform/db';
import type { Actor } from './actor';
import type { LiveAccounts } from './live-accounts';
import * as repo from './roles.repo';

export interface RoleScope {
  forumId: string;
  /** Omit for forum-wide actions. */
  sessionId?: string | undefined;
  /** Interpreters and captioners: the language they act in (omit for "any language"). */
  language?: Lang | undefined;
}

/** One grant as the client sees it; `language` only on interpreter and captioner grants. */
export interface GrantView {
  role: Role;
  forumId: string;
  sessionId: string | null;
  language?: Lang;
}

/** A grant in a forum's team list, with whom it belongs to. */
export interface TeamGrant extends GrantView {
  userId: string;
  displayName: string;
}

/**
 * The one place that answers "may this actor act as ROLE here?".
 * Organizers of a forum may do everything a moderator may do in it;
 * a session-less grant covers every session of the forum.
 */
export class RolesService {
  constructor(
    private readonly db: Db,
    private readonly live?: LiveAccounts,
  ) {}

  /**
   * Read from the database at every call, never from the socket's state: a role removed, or a
   * sign-in ended, while a socket is open stops that socket's next action.
   */
  async has(actor: Actor, role: Role, scope: RoleScope, q: Queryable = this.db): Promise<boolean> {
    if (actor.kind !== 'account') return false;
    return repo.holds(q, {
      userId: actor.id,
      roles: role === 'moderator' ? ['moderator', 'organizer'] : [role],
      forumId: scope.forumId,
      sessionId: scope.sessionId ?? null,
      language: scope.language ?? null,
      authSession: actor.authSession ?? null,
    });
  }

  /**
   * Throws `forbidden` unless the actor holds the role. Citizens are identified too
   * (by their pseudonymous cookie), so for them this is forbidden, not unauthorized.
   */
  async require(actor: Actor, role: Role, scope: RoleScope, q?: Queryable): Promise<void> {
    if (await this.has(actor, role, scope, q)) return;
    throw new AppError('forbidden', scope.language ? `this needs the ${role} role for ${scope.language} here` : `this needs the ${role} role here`);
  }

  async grant(q: Queryable, userId: string, role: Role, scope: RoleScope): Promise<void> {
    const language = isLanguageRole(role) ? scope.language : undefined;
    if (isLanguageRole(role) && !language) throw new AppError('invalid_input', `a ${role} needs a target language`);
    await repo.insertGrant(q, { userId, role, forumId: scope.forumId, sessionId: role === 'organizer' ? null : (scope.sessionId ?? null), language: language ?? null });
  }

  /**
   * An organizer removes every grant of ROLE a person holds in the forum (all its sessions and
   * languages). The person's open sockets, in every process, are closed at once: they come back
   * with the roles they still hold. A forum keeps at least one organizer.
   */
  async revoke(actor: Actor, forumId: string, userId: string, role: Role): Promise<void> {
    await this.require(actor, 'organizer', { forumId });
    const removed = await this.db.tx(async (q) => {
      if (role === 'organizer') {
        const organizers = await repo.lockOrganizers(q, forumId);
        if (organizers.length === 1 && organizers[0] === userId) throw new AppError('invalid_state', 'a forum keeps at least one organizer');
      }
      return repo.deleteGrants(q, userId, forumId, role);
    });
    if (!removed) throw new AppError('not_found', `this person holds no ${role} role in this forum`);
    this.live?.rolesChanged(userId);
  }

  /** Who holds which role in the forum (organizers of the forum only). */
  async team(actor: Actor, forumId: string): Promise<TeamGrant[]> {
    await this.require(actor, 'organizer', { forumId });
    return (await repo.grantsIn(this.db, forumId)).map((r) => ({ userId: r.user_id, displayName: r.display_name, ...view(r) }));
  }

  /**
   * The languages in which someone holds ROLE for a session (its own grants and forum-wide
   * ones), e.g. the language channels a session has interpreters for.
   */
  async languages(scope: RoleScope, role: Role, actor?: Actor): Promise<Lang[]> {
    if (actor && actor.kind !== 'account') return [];
    return repo.languages(this.db, { forumId: scope.forumId, role, sessionId: scope.sessionId ?? null, userId: actor?.id ?? null });
  }

  /**
   * Who holds ROLE for a session (its own grants and forum-wide ones) or, without a
   * sessionId, forum-wide; by name. Used to print moderators in compiled documents.
   */
  async holders(scope: RoleScope, role: Role): Promise<{ userId: string; displayName: string }[]> {
    const rows = await repo.holders(this.db, { forumId: scope.forumId, role, sessionId: scope.sessionId ?? null });
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name }));
  }

  /** Every grant the actor holds, for the client to show the right pages. */
  async list(actor: Actor): Promise<GrantView[]> {
    if (actor.kind !== 'account') return [];
    return (await repo.grantsOf(this.db, actor.id)).map(view);
  }
}

function view(r: { role: Role; forum_id: string; session_id: string | null; language: Lang | null }): GrantView {
  return { role: r.role, forumId: r.forum_id, sessionId: r.session_id, ...(r.language ? { language: r.language } : {}) };
}
