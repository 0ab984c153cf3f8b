import { z } from 'zod';
import { ActorView, Id, Role } from './base';

export const LoginInput = z.strictObject({
  email: z.email().max(254),
  password: z.string().min(1).max(200),
});
export type LoginInput = z.infer<typeof LoginInput>;

export const DisplayName = z
  .string()
  .trim()
  .min(1)
  .max(60)
  // Control characters and bidi overrides would let a name spoof the text around it.
  .refine((s) => !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(s), { message: 'contains control characters' });

export const SetNameInput = z.strictObject({ displayName: DisplayName.nullable() });
export type SetNameInput = z.infer<typeof SetNameInput>;

export const CreateInviteInput = z.strictObject({
  role: Role,
  sessionId: Id.optional(),
  label: z.string().trim().min(1).max(120).optional(),
  ttlHours: z.number().int().min(1).max(24 * 90).optional(),
});
export type CreateInviteInput = z.infer<typeof CreateInviteInput>;

export const InviteCreated = z.object({ id: Id, url: z.string(), token: z.string(), expiresAt: z.string() });
export type InviteCreated = z.infer<typeof InviteCreated>;

export const AcceptInviteInput = z.strictObject({ token: z.string().min(20).max(200), displayName: DisplayName });
export type AcceptInviteInput = z.infer<typeof AcceptInviteInput>;

export const Grant = z.object({ role: Role, forumId: Id, sessionId: Id.nullable() });
export type Grant = z.infer<typeof Grant>;

export const MeView = z.object({ actor: ActorView, grants: z.array(Grant) });
export type MeView = z.infer<typeof MeView>;
