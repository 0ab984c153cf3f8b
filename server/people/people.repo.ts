import type { Lang, Role } from '../../common/base';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export interface UserRow {
  id: string;
  email: string | null;
  password_hash: string | null;
  display_name: string;
  can_create_forums: boolean;
  platform_admin: boolean;
}

export function findUserByEmail(q: Queryable, email: string) {
  return one<UserRow>(q, 'select * from users where lower(email) = lower($1)', [email]);
}

export function findUserBySessionToken(q: Queryable, tokenHash: string) {
  return one<UserRow>(
    q,
    `select u.* from auth_sessions s join users u on u.id = s.user_id
      where s.token_hash = $1 and s.expires_at > now()`,
    [tokenHash],
  );
}

export async function insertUser(
  q: Queryable,
  u: { email: string | null; passwordHash: string | null; displayName: string; canCreateForums: boolean },
): Promise<UserRow> {
  const row = await one<UserRow>(
    q,
    `insert into users(email, password_hash, display_name, can_create_forums)
     values ($1, $2, $3, $4) returning *`,
    [u.email, u.passwordHash, u.displayName, u.canCreateForums],
  );
  return row!;
}

export async function updateUserPassword(q: Queryable, id: string, passwordHash: string, canCreateForums: boolean) {
  await q.query('update users set password_hash = $2, can_create_forums = can_create_forums or $3 where id = $1', [
    id,
    passwordHash,
    canCreateForums,
  ]);
}

export async function makePlatformAdmin(q: Queryable, id: string) {
  await q.query('update users set platform_admin = true where id = $1', [id]);
}

export async function insertAuthSession(q: Queryable, tokenHash: string, userId: string, expiresAt: Date) {
  await q.query('insert into auth_sessions(token_hash, user_id, expires_at) values ($1, $2, $3)', [
    tokenHash,
    userId,
    expiresAt,
  ]);
}

export async function deleteAuthSession(q: Queryable, tokenHash: string) {
  await q.query('delete from auth_sessions where token_hash = $1', [tokenHash]);
}

export function findCitizen(q: Queryable, id: string) {
  return one<{ id: string; display_name: string | null }>(q, 'select id, display_name from citizens where id = $1', [id]);
}

export async function upsertCitizenName(q: Queryable, id: string, displayName: string | null) {
  await q.query(
    `insert into citizens(id, display_name) values ($1, $2)
     on conflict (id) do update set display_name = excluded.display_name`,
    [id, displayName],
  );
}

/** Whether the session belongs to the forum (an invite's scope). */
export async function sessionInForum(q: Queryable, sessionId: string, forumId: string): Promise<boolean> {
  const { rows } = await q.query('select 1 from sessions where id = $1 and forum_id = $2', [sessionId, forumId]);
  return rows.length > 0;
}

export interface InviteRow {
  id: string;
  role: Role;
  forum_id: string;
  session_id: string | null;
  language: Lang | null;
  expires_at: Date;
  used_at: Date | null;
}

export async function insertInvite(
  q: Queryable,
  i: { tokenHash: string; role: Role; forumId: string; sessionId: string | null; language: Lang | null; label: string | null; createdBy: string; expiresAt: Date },
): Promise<string> {
  const { rows } = await q.query<{ id: string }>(
    `insert into invites(token_hash, role, forum_id, session_id, language, label, created_by, expires_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
    [i.tokenHash, i.role, i.forumId, i.sessionId, i.language, i.label, i.createdBy, i.expiresAt],
  );
  return rows[0]!.id;
}

/** The invite with this token, locked for the redeeming transaction (two tabs cannot both use it). */
export async function findInviteForUpdate(q: Queryable, tokenHash: string): Promise<InviteRow | undefined> {
  const { rows } = await q.query<InviteRow>('select id, role, forum_id, session_id, language, expires_at, used_at from invites where token_hash = $1 for update', [tokenHash]);
  return rows[0];
}

export async function markInviteUsed(q: Queryable, id: string, usedBy: string): Promise<void> {
  await q.query('update invites set used_at = now(), used_by = $2 where id = $1', [id, usedBy]);
}
