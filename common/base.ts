import { z } from 'zod';

/** The forum languages: Kazakh, Russian, English. */
export const LANGS = ['kk', 'ru', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/**
 * Text given per language. At least one language must be present; the client
 * falls back through the forum's languages when the reader's is missing.
 */
export const LocalizedText = (max: number) =>
  z
    .strictObject({
      kk: z.string().trim().min(1).max(max).optional(),
      ru: z.string().trim().min(1).max(max).optional(),
      en: z.string().trim().min(1).max(max).optional(),
    })
    .refine((t) => Boolean(t.kk ?? t.ru ?? t.en), { message: 'at least one language is required' });
export type LocalizedText = { kk?: string; ru?: string; en?: string };

/** Roles a person can hold. Organizers hold theirs per forum; moderators and speakers per session or forum. */
export const ROLES = ['organizer', 'moderator', 'speaker'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Who is calling, as the server resolved it from the cookies. */
export const ActorView = z.object({
  kind: z.enum(['account', 'citizen']),
  id: Id,
  displayName: z.string().nullable(),
  canCreateForums: z.boolean(),
});
export type ActorView = z.infer<typeof ActorView>;
