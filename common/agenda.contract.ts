import { z } from 'zod/mini';
import { Id, Lang, LocalizedText, PlainLine, Text } from './base';
import type { HttpRoute } from './http-route';

export const SESSION_STATES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export const SessionState = z.enum(SESSION_STATES);
export type SessionState = z.infer<typeof SessionState>;

const TimeZone = z.string().check(z.refine((tz) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, { message: 'not an IANA time zone' }));

/** How a URL names a forum: its id or its slug. */
export const ForumKey = Text.check(z.minLength(1), z.maxLength(80));

export const Slug = z.string().check(z.regex(/^[a-z0-9](?:[a-z0-9-]{1,62}[a-z0-9])$/, 'lowercase letters, digits and dashes'));

export const ForumInput = z.strictObject({
  slug: Slug,
  title: LocalizedText(200),
  description: z.optional(LocalizedText(4000)),
  languages: z.array(Lang).check(z.minLength(1), z.maxLength(3), z.refine((l) => new Set(l).size === l.length, { message: 'languages repeat' })),
  timeZone: TimeZone,
  startsOn: z.iso.date(),
  days: z.int().check(z.gte(1), z.lte(60)),
});
export type ForumInput = z.infer<typeof ForumInput>;
export const ForumPatch = z.partial(ForumInput).check(z.refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' }));
export type ForumPatch = z.infer<typeof ForumPatch>;

export const ForumView = z.object({
  id: Id,
  slug: z.string(),
  title: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()),
  languages: z.array(Lang),
  timeZone: z.string(),
  startsOn: z.string(),
  days: z.number(),
});
export type ForumView = z.infer<typeof ForumView>;

export const PlatformInput = z.strictObject({
  title: LocalizedText(200),
  position: z.optional(z.int().check(z.gte(0), z.lte(1000))),
});
export type PlatformInput = z.infer<typeof PlatformInput>;
export const PlatformView = z.object({ id: Id, forumId: Id, title: z.record(z.string(), z.string()), position: z.number() });
export type PlatformView = z.infer<typeof PlatformView>;

export const Speaker = z.strictObject({
  name: PlainLine(120),
  affiliation: z.optional(LocalizedText(200)),
});
export type Speaker = z.infer<typeof Speaker>;

export const SessionInput = z.strictObject({
  platformId: Id,
  title: LocalizedText(200),
  description: z.optional(LocalizedText(4000)),
  speakers: z._default(z.array(Speaker).check(z.maxLength(50)), []),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
}).check(z.refine((s) => Date.parse(s.endsAt) > Date.parse(s.startsAt), { message: 'endsAt must be after startsAt', path: ['endsAt'] }));
export type SessionInput = z.infer<typeof SessionInput>;

export const SessionPatch = z.partial(z.strictObject({
    platformId: Id,
    title: LocalizedText(200),
    description: LocalizedText(4000),
    speakers: z.array(Speaker).check(z.maxLength(50)),
    startsAt: z.iso.datetime({ offset: true }),
    endsAt: z.iso.datetime({ offset: true }),
  })).check(z.refine((p) => Object.keys(p).length > 0, { message: 'nothing to change' }));
export type SessionPatch = z.infer<typeof SessionPatch>;

export const SessionView = z.object({
  id: Id,
  forumId: Id,
  platformId: Id,
  title: z.record(z.string(), z.string()),
  description: z.record(z.string(), z.string()),
  speakers: z.array(Speaker),
  startsAt: z.string(),
  endsAt: z.string(),
  state: SessionState,
  startedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
});
export type SessionView = z.infer<typeof SessionView>;

export const AgendaView = z.object({ forum: ForumView, platforms: z.array(PlatformView), sessions: z.array(SessionView) });
export type AgendaView = z.infer<typeof AgendaView>;

export const SESSION_ACTIONS = ['start', 'end', 'cancel'] as const;
export const SessionAction = z.enum(SESSION_ACTIONS);
export type SessionAction = z.infer<typeof SessionAction>;

/** Path parameters that name a session, a forum by id, or a forum by id or slug: one schema each for every domain's routes. */
export const SessionPath = z.object({ sessionId: Id });
export const ForumPath = z.object({ forumId: Id });
export const ForumKeyPath = z.object({ forum: ForumKey });

/** The agenda's HTTP routes, declared once for the server and the client (see common/http-route.ts). */
export const AGENDA_ROUTES = {
  forums: { method: 'get', path: '/forums', response: z.array(ForumView) },
  createForum: { method: 'post', path: '/forums', body: ForumInput, response: ForumView },
  agenda: { method: 'get', path: '/forums/:forum', params: ForumKeyPath, response: AgendaView },
  updateForum: { method: 'patch', path: '/forums/:forumId', params: ForumPath, body: ForumPatch, response: ForumView },
  createPlatform: { method: 'post', path: '/forums/:forumId/platforms', params: ForumPath, body: PlatformInput, response: PlatformView },
  updatePlatform: { method: 'patch', path: '/platforms/:platformId', params: z.object({ platformId: Id }), body: z.partial(PlatformInput), response: PlatformView },
  createSession: { method: 'post', path: '/forums/:forumId/sessions', params: ForumPath, body: SessionInput, response: SessionView },
  session: { method: 'get', path: '/sessions/:sessionId', params: SessionPath, response: SessionView },
  updateSession: { method: 'patch', path: '/sessions/:sessionId', params: SessionPath, body: SessionPatch, response: SessionView },
  transition: { method: 'post', path: '/sessions/:sessionId/:action', params: z.object({ sessionId: Id, action: SessionAction }), response: SessionView },
} as const satisfies Record<string, HttpRoute>;
