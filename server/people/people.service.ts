import { AppError } from '../../common/errors';
import type { Role } from '../../common/base';
import { isUniqueViolation, type Db } from '../db';
import type { Logger } from '../logger';
import type { RateLimit } from '../rate-limit';
import type { Actor } from './actor';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import * as repo from './people.repo';
import type { RolesService } from './roles.service';
import { hashToken, newToken } from './tokens';

export const SESSION_TTL_MS = 14 * 24 * 3600 * 1000;
export const INVITE_TTL_MS_DEFAULT = 7 * 24 * 3600 * 1000;

export interface InviteInput {
  role: Role;
  forumId: string;
  sessionId?: string | undefined;
  label?: string | undefined;
  ttlHours?: number | undefined;
}

export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly roles: RolesService,
    private readonly loginLimits: { perAccount: RateLimit; perIp: RateLimit },
    private readonly log: Logger,
  ) {}

  /** Resolves the account behind a session cookie, if it is valid. */
  async accountBySession(token: string): Promise<Actor | undefined> {
    const u = await repo.findUserBySessionToken(this.db, hashToken(token));
    return u && { kind: 'account', id: u.id, displayName: u.display_name, canCreateForums: u.can_create_forums };
  }

  async citizen(id: string): Promise<Actor> {
    const c = await repo.findCitizen(this.db, id);
    return { kind: 'citizen', id, displayName: c?.display_name ?? null };
  }

  async setCitizenName(actor: Actor, displayName: string | null): Promise<Actor> {
    if (actor.kind !== 'citizen') throw new AppError('invalid_state', 'accounts change their name elsewhere');
    await repo.upsertCitizenName(this.db, actor.id, displayName);
    return { ...actor, displayName };
  }

  /**
   * Checks email and password; limited per IP and per email in Redis so neither a
   * single guesser nor a distributed one against one account gets far.
   */
  async login(email: string, password: string, ip: string): Promise<{ token: string; actor: Actor }> {
    const emailKey = `email:${email.toLowerCase()}`;
    await this.loginLimits.perIp.consume(ip);
    await this.loginLimits.perAccount.consume(emailKey);
    const u = await repo.findUserByEmail(this.db, email);
    const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    if (!u || !u.password_hash || !ok) {
      this.log.info({ ip }, 'login refused');
      throw new AppError('unauthorized', 'wrong email or password');
    }
    await this.loginLimits.perAccount.reset(emailKey);
    const token = await this.openSession(u.id);
    return { token, actor: { kind: 'account', id: u.id, displayName: u.display_name, canCreateForums: u.can_create_forums } };
  }

  async logout(token: string): Promise<void> {
    await repo.deleteAuthSession(this.db, hashToken(token));
  }

  private async openSession(userId: string): Promise<string> {
    const token = newToken();
    await repo.insertAuthSession(this.db, hashToken(token), userId, new Date(Date.now() + SESSION_TTL_MS));
    return token;
  }

  /** Creates (or re-passwords) an organizer who may create forums. Used by `npm run organizer`. */
  async ensureOrganizer(email: string, password: string, displayName: string): Promise<{ id: string; created: boolean }> {
    const hash = await hashPassword(password);
    const once = () =>
      this.db.tx(async (q) => {
        const existing = await repo.findUserByEmail(q, email);
        if (existing) {
          await repo.updateUserPassword(q, existing.id, hash, true);
          return { id: existing.id, created: false };
        }
        const u = await repo.insertUser(q, { email, passwordHash: hash, displayName, canCreateForums: true });
        return { id: u.id, created: true };
      });
    try {
      return await once();
    } catch (e) {
      // Two processes starting together (say two demo servers) both miss the row; the loser updates it.
      if (isUniqueViolation(e)) return once();
      throw e;
    }
  }

  /** An organizer creates a single-use link; only the token's hash is stored. */
  async createInvite(actor: Actor, input: InviteInput): Promise<{ id: string; token: string; expiresAt: Date }> {
    await this.roles.require(actor, 'organizer', { forumId: input.forumId });
    if (input.role === 'organizer' && input.sessionId) {
      throw new AppError('invalid_input', 'organizer invites are forum-wide');
    }
    if (input.sessionId) {
      const s = await this.db.query('select 1 from sessions where id = $1 and forum_id = $2', [
        input.sessionId,
        input.forumId,
      ]);
      if (!s.rows.length) throw new AppError('not_found', 'no such session in this forum');
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + (input.ttlHours ? input.ttlHours * 3600_000 : INVITE_TTL_MS_DEFAULT));
    const { rows } = await this.db.query<{ id: string }>(
      `insert into invites(token_hash, role, forum_id, session_id, label, created_by, expires_at)
       values ($1, $2, $3, $4, $5, $6, $7) returning id`,
      [hashToken(token), input.role, input.forumId, input.sessionId ?? null, input.label ?? null, actor.id, expiresAt],
    );
    this.log.info({ inviteId: rows[0]!.id, role: input.role, forumId: input.forumId }, 'invite created');
    return { id: rows[0]!.id, token, expiresAt };
  }

  /**
   * Redeems an invite: marks it used (atomically, so two tabs can't both use it),
   * grants the role, and signs the person in. A signed-in account keeps its identity
   * and gains the role; otherwise a new account is made with the given name.
   */
  async acceptInvite(
    token: string,
    current: Actor,
    displayName: string,
  ): Promise<{ token: string | null; actor: Actor; role: Role; forumId: string; sessionId: string | null }> {
    return this.db.tx(async (q) => {
      const inv = (
        await q.query<{ id: string; role: Role; forum_id: string; session_id: string | null; expires_at: Date; used_at: Date | null }>(
          'select id, role, forum_id, session_id, expires_at, used_at from invites where token_hash = $1 for update',
          [hashToken(token)],
        )
      ).rows[0];
      if (!inv) throw new AppError('not_found', 'this invite link is not valid');
      if (inv.used_at) throw new AppError('conflict', 'this invite link has already been used');
      if (new Date(inv.expires_at).getTime() <= Date.now()) throw new AppError('invalid_state', 'this invite link has expired');
      let actor = current;
      let sessionToken: string | null = null;
      if (actor.kind !== 'account') {
        const u = await repo.insertUser(q, { email: null, passwordHash: null, displayName, canCreateForums: false });
        actor = { kind: 'account', id: u.id, displayName: u.display_name, canCreateForums: false };
        sessionToken = newToken();
        await repo.insertAuthSession(q, hashToken(sessionToken), u.id, new Date(Date.now() + SESSION_TTL_MS));
      }
      await q.query('update invites set used_at = now(), used_by = $2 where id = $1', [inv.id, actor.id]);
      await this.roles.grant(q, actor.id, inv.role, { forumId: inv.forum_id, sessionId: inv.session_id ?? undefined });
      this.log.info({ inviteId: inv.id, userId: actor.id, role: inv.role }, 'invite accepted');
      return { token: sessionToken, actor, role: inv.role, forumId: inv.forum_id, sessionId: inv.session_id };
    });
  }
}
