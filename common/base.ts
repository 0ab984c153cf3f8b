import { z } from 'zod/mini';

/** The forum languages: Kazakh, Russian, English. */
export const LANGS = ['kk', 'ru', 'en'] as const;
export const Lang = z.enum(LANGS);
export type Lang = z.infer<typeof Lang>;

/** Each language's name in itself: what a picker, a caption track or an HLS rendition is called. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { kk: 'Қазақша', ru: 'Русский', en: 'English' };

export const Id = z.uuid();

/**
 * Every text field a client sends starts from this: PostgreSQL cannot store a NUL character,
 * so it is refused here, once for all fields, as `invalid_input` instead of failing in SQL.
 */
export const Text = z.string().check(z.refine((s) => !s.includes('\u0000'), { message: 'contains a NUL character' }));

/** One line of user text: no control characters, no bidi overrides that could spoof the text around it. */
export const PlainLine = (max: number) =>
  Text.check(z.trim(), z.minLength(1), z.maxLength(max), z.refine((s) => !/[\p{Cc}\u202A-\u202E\u2066-\u2069]/u.test(s), { message: 'contains control characters' }));
export type Id = z.infer<typeof Id>;

/**
 * Text given per language. At least one language must be present; the client
 * falls back through the forum's languages when the reader's is missing.
 */
export const LocalizedText = (max: number) =>
  z.strictObject({
    kk: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(max))),
    ru: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(max))),
    en: z.optional(Text.check(z.trim(), z.minLength(1), z.maxLength(max))),
  }).check(z.refine((t) => Boolean(t.kk ?? t.ru ?? t.en), { message: 'at least one language is required' }));
export type LocalizedText = { kk?: string; ru?: string; en?: string };

/**
 * Roles a person can hold. Organizers hold theirs per forum; the others per session or forum.
 * Interpreters and captioners hold theirs for one target language each (see {@link LANGUAGE_ROLES}).
 */
export const ROLES = ['organizer', 'moderator', 'speaker', 'interpreter', 'captioner'] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

/** Roles granted for a target language: an interpreter's channel, a captioner's captions. */
export const LANGUAGE_ROLES = ['interpreter', 'captioner'] as const satisfies readonly Role[];
export type LanguageRole = (typeof LANGUAGE_ROLES)[number];
export const isLanguageRole = (r: Role): r is LanguageRole => (LANGUAGE_ROLES as readonly Role[]).includes(r);

/** Who is calling, as the server resolved it from the cookies. */
export const ActorView = z.object({
  kind: z.enum(['account', 'citizen']),
  id: Id,
  displayName: z.nullable(z.string()),
  canCreateForums: z.boolean(),
  /** A platform administrator: runs the job queues (`/api/admin/queues`) and reads `/healthz` details. */
  isAdmin: z.boolean(),
});
export type ActorView = z.infer<typeof ActorView>;
