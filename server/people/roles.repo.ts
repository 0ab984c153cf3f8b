import type { Lang, Role } from '../../common/base';
import type { Queryable } from '../../platform/db';

export interface GrantRow {
  user_id: string;
  display_name: string;
  role: Role;
  forum_id: string;
  session_id: string | null;
  language: Lang | null;
}

/**
 * Whether the user holds one of `roles` here. With `authSession`, the sign-in session it
 * names must also be live: the grant and the session are checked in one reading.
 */
export async function holds(
  q: Queryable,
  g: { userId: string; roles: Role[]; forumId: string; sessionId: string | null; language: Lang | null; authSession: string | null },
): Promise<boolean> {
  const { rows } = await q.query(
    `select 1 from role_grants
      where user_id = $1 and forum_id = $2 and role = any($3::text[])
        and (session_id is null or session_id = $4)
        and ($5::text is null or language = $5)
        and ($6::text is null or exists (select 1 from auth_sessions where token_hash = $6 and expires_at > now()))
      limit 1`,
    [g.userId, g.forumId, g.roles, g.sessionId, g.language, g.authSession],
  );
  return rows.length > 0;
}

export async function insertGrant(q: Queryable, g: { userId: string; role: Role; forumId: string; sessionId: string | null; language: Lang | null }): Promise<void> {
  await q.query(
    `insert into role_grants(user_id, role, forum_id, session_id, language) values ($1, $2, $3, $4, $5)
     on conflict do nothing`,
    [g.userId, g.role, g.forumId, g.sessionId, g.language],
  );
}

/** Removes every grant of `role` the user holds in the forum; returns how many. */
export async function deleteGrants(q: Queryable, userId: string, forumId: string, role: Role): Promise<number> {
  const r = await q.query('delete from role_grants where user_id = $1 and forum_id = $2 and role = $3', [userId, forumId, role]);
  return r.rowCount ?? 0;
}

/** Organizers of the forum, locked so two removals cannot both leave it without one. */
export async function lockOrganizers(q: Queryable, forumId: string): Promise<string[]> {
  const { rows } = await q.query<{ user_id: string }>(
    `select user_id from role_grants where forum_id = $1 and role = 'organizer' for update`,
    [forumId],
  );
  return rows.map((r) => r.user_id);
}

export async function languages(q: Queryable, s: { forumId: string; role: Role; sessionId: string | null; userId: string | null }): Promise<Lang[]> {
  const { rows } = await q.query<{ language: Lang }>(
    `select distinct language from role_grants
      where forum_id = $1 and role = $2 and language is not null
        and (session_id is null or session_id = $3) and ($4::uuid is null or user_id = $4)
      order by language`,
    [s.forumId, s.role, s.sessionId, s.userId],
  );
  return rows.map((r) => r.language);
}

export async function holders(q: Queryable, s: { forumId: string; role: Role; sessionId: string | null }): Promise<{ id: string; display_name: string }[]> {
  const { rows } = await q.query<{ id: string; display_name: string }>(
    `select distinct u.id, u.display_name from role_grants g join users u on u.id = g.user_id
      where g.forum_id = $1 and g.role = $2 and (g.session_id is null or g.session_id = $3)
      order by u.display_name, u.id`,
    [s.forumId, s.role, s.sessionId],
  );
  return rows;
}

export async function grantsOf(q: Queryable, userId: string): Promise<Omit<GrantRow, 'user_id' | 'display_name'>[]> {
  const { rows } = await q.query<Omit<GrantRow, 'user_id' | 'display_name'>>(
    'select role, forum_id, session_id, language from role_grants where user_id = $1 order by created_at, language',
    [userId],
  );
  return rows;
}

/** Everyone holding a role in the forum, by name. */
export async function grantsIn(q: Queryable, forumId: string): Promise<GrantRow[]> {
  const { rows } = await q.query<GrantRow>(
    `select g.user_id, u.display_name, g.role, g.forum_id, g.session_id, g.language
       from role_grants g join users u on u.id = g.user_id
      where g.forum_id = $1 order by u.display_name, u.id, g.role, g.session_id nulls first, g.language`,
    [forumId],
  );
  return rows;
}
