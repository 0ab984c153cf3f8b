import type { Queryable } from '../db';
import { one } from '../db';

export interface UserRow {
  id: string;
  email: string | null;
  password_hash: string | null;
  display_name: string;
  can_create_forums: boolean;
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
