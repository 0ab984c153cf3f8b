import { AppError } from '../../common/errors';
import { isLanguageRole, type Lang, type Role } from '../../common/base';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { LoginGuard } from './login-guard';
import type { Actor } from './actor';
import type { LiveAccounts } from './live-accounts';
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
  /** Interpreters and captioners: their target language. */
  language?: Lang | undefined;
  label?: string | undefined;
  ttlHours?: number | undefined;
}

export class PeopleService {
  constructor(
    private readonly db: Db,
    private readonly roles: RolesService,
    private readonly loginGuard: LoginGuard,
    private readonly log: Logger,
    private readonly live?: LiveAccounts,
  ) {}

  /** Resolves the account behind a session cookie, if it is valid. */
  async accountBySession(token: string): Promise<Actor | undefined> {
    const authSession = hashToken(token);
    const u = await repo.findUserBySessionToken(this.db, authSession);
    return u && account(u, authSession);
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
   * Checks email and password, guarded in Redis (see {@link LoginGuard}): a guesser is refused
   * per address, a distributed one is slowed down, and the owner is never locked out.
   */
  async login(email: string, password: string, ip: string): Promise<{ token: string; actor: Actor }> {
    await this.loginGuard.before(email, ip);
    const u = await repo.findUserByEmail(this.db, email);
    const ok = await verifyPassword(password, u?.password_hash ?? DUMMY_HASH);
    if (!u || !u.password_hash || !ok) {
      await this.loginGuard.failed(email);
      this.log.info('login refused');
      throw new AppError('unauthorized', 'wrong email or password');
    }
    await this.loginGuard.succeeded(email, ip);
    const token = await this.openSession(u.id);
    return { token, actor: account(u, hashToken(token)) };
  }

  /** Ends the sign-in session; sockets opened with it, in every process, are closed at once. */
  async logout(token: string): Promise<void> {
    const authSession = hashToken(token);
    await repo.deleteAuthSession(this.db, authSession);
    this.live?.signedOut(authSession);
  }

  private async openSession(userId: string): Promise<string> {
    const token = newToken();
    await repo.insertAuthSession(this.db, hashToken(token), userId, new Date(Date.now() + SESSION_TTL_MS));
    return token;
  }

  /**
   * Creates (or re-passwords) an organizer who may create forums; with `admin`, also a platform
   * administrator (an existing administrator stays one without it). Used by `npm run organizer`.
   */
  async ensureOrganizer(email: string, password: string, displayName: string, opts: { admin?: boolean } = {}): Promise<{ id: string; created: boolean }> {
    return this.ensureOrganizerHashed(email, await hashPassword(password), displayName, opts);
  }

  /** {@link ensureOrganizer} with the password hashed beforehand (the demo hashes while the server starts). */
  async ensureOrganizerHashed(email: string, hash: string, displayName: string, opts: { admin?: boolean } = {}): Promise<{ id: string; created: boolean }> {
    const once = () =>
      this.db.tx(async (q) => {
        const existing = await repo.findUserByEmail(q, email);
        const id = existing ? existing.id : (await repo.insertUser(q, { email, passwordHash: hash, displayName, canCreateForums: true })).id;
        if (existing) await repo.updateUserPassword(q, id, hash, true);
        if (opts.admin) await repo.makePlatformAdmin(q, id);
        return { id, created: !existing };
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
    if (isLanguageRole(input.role) !== (input.language !== undefined)) {
      throw new AppError('invalid_input', 'interpreters and captioners need a target language; other roles take none');
    }
    if (input.sessionId) {
      if (!(await repo.sessionInForum(this.db, input.sessionId, input.forumId))) throw new AppError('not_found', 'no such session in this forum');
    }
    const token = newToken();
    const expiresAt = new Date(Date.now() + (input.ttlHours ? input.ttlHours * 3600_000 : INVITE_TTL_MS_DEFAULT));
    const id = await repo.insertInvite(this.db, {
      tokenHash: hashToken(token),
      role: input.role,
      forumId: input.forumId,
      sessionId: input.sessionId ?? null,
      language: input.language ?? null,
      label: input.label ?? null,
      createdBy: actor.id,
      expiresAt,
    });
    this.log.info({ inviteId: id, role: input.role, forumId: input.forumId, language: input.language }, 'invite created');
    return { id, token, expiresAt };
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
      const inv = await repo.findInviteForUpdate(q, hashToken(token));
      if (!inv) throw new AppError('not_found', 'this invite link is not valid');
      if (inv.used_at) throw new AppError('conflict', 'this invite link has already been used');
      if (new Date(inv.expires_at).getTime() <= Date.now()) throw new AppError('invalid_state', 'this invite link has expired');
      let actor = current;
      let sessionToken: string | null = null;
      if (actor.kind !== 'account') {
        const u = await repo.insertUser(q, { email: null, passwordHash: null, displayName, canCreateForums: false });
        sessionToken = newToken();
        await repo.insertAuthSession(q, hashToken(sessionToken), u.id, new Date(Date.now() + SESSION_TTL_MS));
        actor = account(u, hashToken(sessionToken));
      }
      await repo.markInviteUsed(q, inv.id, actor.id);
      await this.roles.grant(q, actor.id, inv.role, { forumId: inv.forum_id, sessionId: inv.session_id ?? undefined, language: inv.language ?? undefined });
      this.log.info({ inviteId: inv.id, userId: actor.id, role: inv.role }, 'invite accepted');
      return { token: sessionToken, actor, role: inv.role, forumId: inv.forum_id, sessionId: inv.session_id };
    });
  }
}

function account(u: repo.UserRow, authSession: string): Actor {
  return { kind: 'account', id: u.id, displayName: u.display_name, canCreateForums: u.can_create_forums, isAdmin: u.platform_admin, authSession };
}
