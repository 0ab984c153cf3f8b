import { AppError } from '../../common/errors';
import type { Role } from '../../common/base';
import type { Db, Queryable } from '../db';
import type { Actor } from './actor';

export interface RoleScope {
  forumId: string;
  /** Omit for forum-wide actions. */
  sessionId?: string | undefined;
}

/**
 * The one place that answers "may this actor act as ROLE here?".
 * Organizers of a forum may do everything a moderator may do in it;
 * a session-less grant covers every session of the forum.
 */
export class RolesService {
  constructor(private readonly db: Db) {}

  async has(actor: Actor, role: Role, scope: RoleScope, q: Queryable = this.db): Promise<boolean> {
    if (actor.kind !== 'account') return false;
    const roles = role === 'moderator' ? ['moderator', 'organizer'] : [role];
    const { rows } = await q.query(
      `select 1 from role_grants
        where user_id = $1 and forum_id = $2 and role = any($3::text[])
          and (session_id is null or session_id = $4)
        limit 1`,
      [actor.id, scope.forumId, roles, scope.sessionId ?? null],
    );
    return rows.length > 0;
  }

  /**
   * Throws `forbidden` unless the actor holds the role. Citizens are identified too
   * (by their pseudonymous cookie), so for them this is forbidden, not unauthorized.
   */
  async require(actor: Actor, role: Role, scope: RoleScope, q?: Queryable): Promise<void> {
    if (await this.has(actor, role, scope, q)) return;
    throw new AppError('forbidden', `this needs the ${role} role here`);
  }

  async grant(q: Queryable, userId: string, role: Role, scope: RoleScope): Promise<void> {
    await q.query(
      `insert into role_grants(user_id, role, forum_id, session_id) values ($1, $2, $3, $4)
       on conflict do nothing`,
      [userId, role, scope.forumId, role === 'organizer' ? null : (scope.sessionId ?? null)],
    );
  }

  /**
   * Who holds ROLE for a session (its own grants and forum-wide ones) or, without a
   * sessionId, forum-wide; by name. Used to print moderators in compiled documents.
   */
  async holders(scope: RoleScope, role: Role): Promise<{ userId: string; displayName: string }[]> {
    const { rows } = await this.db.query<{ id: string; display_name: string }>(
      `select distinct u.id, u.display_name from role_grants g join users u on u.id = g.user_id
        where g.forum_id = $1 and g.role = $2 and (g.session_id is null or g.session_id = $3)
        order by u.display_name, u.id`,
      [scope.forumId, role, scope.sessionId ?? null],
    );
    return rows.map((r) => ({ userId: r.id, displayName: r.display_name }));
  }

  /** Every grant the actor holds, for the client to show the right pages. */
  async list(actor: Actor): Promise<{ role: Role; forumId: string; sessionId: string | null }[]> {
    if (actor.kind !== 'account') return [];
    const { rows } = await this.db.query<{ role: Role; forum_id: string; session_id: string | null }>(
      'select role, forum_id, session_id from role_grants where user_id = $1 order by created_at',
      [actor.id],
    );
    return rows.map((r) => ({ role: r.role, forumId: r.forum_id, sessionId: r.session_id }));
  }
}
