import { z } from 'zod/mini';
import { ActorView, Id, isLanguageRole, Lang, PlainLine, Role, Text } from './base';
import { ForumPath } from './agenda.contract';
import type { HttpRoute } from './http-route';

export const LoginInput = z.strictObject({
  email: z.email().check(z.maxLength(254)),
  password: Text.check(z.minLength(1), z.maxLength(200)),
});
export type LoginInput = z.infer<typeof LoginInput>;

// Control characters and bidi overrides would let a name spoof the text around it.
export const DisplayName = PlainLine(60);

export const SetNameInput = z.strictObject({ displayName: z.nullable(DisplayName) });
export type SetNameInput = z.infer<typeof SetNameInput>;

export const CreateInviteInput = z.strictObject({
  role: Role,
  sessionId: z.optional(Id),
  /** The target language of an interpreter or captioner; required for them, refused for others. */
  language: z.optional(Lang),
  label: z.optional(PlainLine(120)),
  ttlHours: z.optional(z.int().check(z.gte(1), z.lte(24 * 90))),
}).check(z.refine((i) => isLanguageRole(i.role) === (i.language !== undefined), {
    message: 'interpreters and captioners need a target language; other roles take none',
    path: ['language'],
  }));
export type CreateInviteInput = z.infer<typeof CreateInviteInput>;

export const InviteCreated = z.object({ id: Id, url: z.string(), token: z.string(), expiresAt: z.string() });
export type InviteCreated = z.infer<typeof InviteCreated>;

export const AcceptInviteInput = z.strictObject({ token: Text.check(z.minLength(20), z.maxLength(200)), displayName: DisplayName });
export type AcceptInviteInput = z.infer<typeof AcceptInviteInput>;

export const Grant = z.object({
  role: Role,
  forumId: Id,
  sessionId: z.nullable(Id),
  /** Present on interpreter and captioner grants: the language they work into. */
  language: z.optional(Lang),
});
export type Grant = z.infer<typeof Grant>;

export const MeView = z.object({ actor: ActorView, grants: z.array(Grant) });
export type MeView = z.infer<typeof MeView>;

/** One role held in a forum, with whom it belongs to (the forum's team, for its organizers). */
export const TeamGrant = z.extend(Grant, { userId: Id, displayName: z.string() });
export type TeamGrant = z.infer<typeof TeamGrant>;

/** Sign-in, invites and the forum team's HTTP routes (see common/http-route.ts). */
export const PEOPLE_ROUTES = {
  login: { method: 'post', path: '/auth/login', body: LoginInput, response: MeView },
  logout: { method: 'post', path: '/auth/logout' },
  me: { method: 'get', path: '/me', response: MeView },
  setName: { method: 'put', path: '/me/name', body: SetNameInput, response: ActorView },
  createInvite: { method: 'post', path: '/forums/:forumId/invites', params: ForumPath, body: CreateInviteInput, response: InviteCreated },
  team: { method: 'get', path: '/forums/:forumId/team', params: ForumPath, response: z.array(TeamGrant) },
  removeRole: { method: 'delete', path: '/forums/:forumId/team/:userId/roles/:role', params: z.object({ forumId: Id, userId: Id, role: Role }) },
  acceptInvite: { method: 'post', path: '/invites/accept', body: AcceptInviteInput, response: MeView },
} as const satisfies Record<string, HttpRoute>;
