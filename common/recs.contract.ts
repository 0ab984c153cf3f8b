/**
 * Contract for recommendations: collecting them during a live session, the compiled
 * documents made after it, and the public tracker of what became of each one.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { Id, Lang, Text } from './base';
import { ForumKeyPath, ForumPath, SessionPath } from './agenda.contract';
import { OrgRef } from './organizations.contract';
import type { HttpRoute } from './http-route';

/** Plain user text: no control characters (newlines allowed) and no bidi overrides that could spoof what surrounds it. */
const userText = (max: number) =>
  z.pipe(
    Text.check(
      z.trim(),
      z.minLength(1),
      z.maxLength(max),
      // eslint-disable-next-line no-control-regex -- refusing control characters is the point
      z.refine((s) => !/[\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(s), { message: 'contains control characters' }),
    ),
    z.transform((s) => s.normalize('NFC')),
  );

export const REC_TEXT_MAX = 1000;
export const RecText = userText(REC_TEXT_MAX);
/** The body a recommendation is addressed to, e.g. "Министерство юстиции". */
export const Addressee = userText(200);
const Reason = userText(500);

/**
 * draft: made by a moderator from a question, seen only by moderators until opened;
 * open: visible and endorsable; hidden: removed by a moderator; merged: folded into another item.
 */
export const REC_STATES = ['draft', 'open', 'hidden', 'merged'] as const;
export const RecState = z.enum(REC_STATES);
export type RecState = z.infer<typeof RecState>;

export const RecOrigin = z.enum(['citizen', 'question']);
export type RecOrigin = z.infer<typeof RecOrigin>;

export const RecView = z.object({
  id: Id,
  forumId: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.nullable(z.string()),
  state: RecState,
  origin: RecOrigin,
  /** The question it was promoted from, if any. */
  sourceQuestionId: z.nullable(Id),
  /** What the speaker answered, when promoted with the answer. */
  answer: z.nullable(z.string()),
  /** The author's chosen display name; null when they stayed anonymous. */
  authorName: z.nullable(z.string()),
  endorsements: z.int(),
  mergedInto: z.nullable(Id),
  createdAt: z.string(),
  updatedAt: z.string(),
  /** The organization its author represents (confirmed representatives only). */
  organization: z.nullable(OrgRef),
});
export type RecView = z.infer<typeof RecView>;

// ---- client → server inputs ----

export const RecSubmitInput = z.strictObject({
  sessionId: Id,
  text: RecText,
  lang: Lang,
  addressee: z.nullish(Addressee),
});
export type RecSubmitInput = z.infer<typeof RecSubmitInput>;

export const RecEndorseInput = z.strictObject({
  recommendationId: Id,
  /** false withdraws an earlier endorsement. */
  endorse: z._default(z.boolean(), true),
});
/** What a client sends (`endorse` may be omitted). */
export type RecEndorseInput = z.input<typeof RecEndorseInput>;

export const RecPromoteInput = z.strictObject({
  questionId: Id,
  /** Defaults to the question's text. */
  text: z.optional(RecText),
  /** What the speaker answered (only for answered questions); kept with the draft. */
  answer: z.optional(RecText),
  addressee: z.nullish(Addressee),
  lang: z.optional(Lang),
});
export type RecPromoteInput = z.infer<typeof RecPromoteInput>;

export const RecEditInput = z.strictObject({
  recommendationId: Id,
  text: z.optional(RecText),
  lang: z.optional(Lang),
  addressee: z.optional(z.nullable(Addressee)),
  reason: z.optional(Reason),
}).check(z.refine((e) => e.text !== undefined || e.lang !== undefined || e.addressee !== undefined, { message: 'nothing to change' }));
export type RecEditInput = z.infer<typeof RecEditInput>;

export const RecSetStateInput = z.strictObject({
  recommendationId: Id,
  state: z.enum(['draft', 'open', 'hidden']),
  reason: z.optional(Reason),
});
export type RecSetStateInput = z.infer<typeof RecSetStateInput>;

export const RecMergeInput = z.strictObject({
  targetId: Id,
  sourceIds: z.array(Id).check(z.minLength(1), z.maxLength(50)),
  reason: z.optional(Reason),
}).check(z.refine((m) => !m.sourceIds.includes(m.targetId), { message: 'an item cannot be merged into itself' }), z.refine((m) => new Set(m.sourceIds).size === m.sourceIds.length, { message: 'sourceIds repeat' }));
export type RecMergeInput = z.infer<typeof RecMergeInput>;

export const RecListInput = z.strictObject({ sessionId: Id });
export type RecListInput = z.infer<typeof RecListInput>;

export const RecList = z.object({
  items: z.array(RecView),
  /** Ids of the items the caller has endorsed. */
  endorsed: z.array(Id),
  /** Whether the caller may promote, edit, merge and hide (and sees drafts and hidden items). */
  canModerate: z.boolean(),
});
export type RecList = z.infer<typeof RecList>;

export const WatchCompilesInput = z.strictObject({ forumId: Id });
export type WatchCompilesInput = z.infer<typeof WatchCompilesInput>;

// ---- compilations ----

export const COMPILE_FORMATS = ['pdf', 'docx', 'md', 'csv', 'json'] as const;
export const CompileFormat = z.enum(COMPILE_FORMATS);
export type CompileFormat = z.infer<typeof CompileFormat>;

export const COMPILE_CONTENT_TYPES: Record<CompileFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

export const CompileScope = z.enum(['session', 'forum']);
export type CompileScope = z.infer<typeof CompileScope>;

/** How a forum-wide compilation orders its items (the default is by support). */
export const FORUM_ORDERINGS = ['addressee', 'consensus'] as const;
export const ForumOrdering = z.enum(FORUM_ORDERINGS);
export type ForumOrdering = z.infer<typeof ForumOrdering>;

export const REVISION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const RevisionStatus = z.enum(REVISION_STATUSES);
export type RevisionStatus = z.infer<typeof RevisionStatus>;

export const ArtifactView = z.object({
  format: CompileFormat,
  size: z.int(),
  sha256: z.string(),
  /** Path of the download under the site root. */
  url: z.string(),
});
export type ArtifactView = z.infer<typeof ArtifactView>;

/** One compilation of a session (or of the whole forum): its input is frozen, its artifacts immutable. */
export const CompileRevisionView = z.object({
  scope: CompileScope,
  forumId: Id,
  sessionId: z.nullable(Id),
  revision: z.int().check(z.gte(1)),
  status: RevisionStatus,
  /** Why it was made: the session ended, or an organizer asked again. */
  reason: z.enum(['session.ended', 'recompile', 'forum']),
  inputHash: z.string(),
  createdAt: z.string(),
  startedAt: z.nullable(z.string()),
  completedAt: z.nullable(z.string()),
  publishedAt: z.nullable(z.string()),
  error: z.nullable(z.string()),
  artifacts: z.array(ArtifactView),
});
export type CompileRevisionView = z.infer<typeof CompileRevisionView>;

export const PublishInput = z.strictObject({ published: z.boolean() });

/** Sent to a forum's organizers (room `forum:<id>:org`) while a compile job runs, from the worker. */
export const CompileProgress = z.object({
  scope: CompileScope,
  forumId: Id,
  sessionId: z.nullable(Id),
  revision: z.int(),
  /** 0–100. */
  progress: z.number().check(z.gte(0), z.lte(100)),
  state: z.enum(['queued', 'active', 'completed', 'failed']),
  error: z.optional(z.string()),
});
export type CompileProgress = z.infer<typeof CompileProgress>;

// ---- tracker ----

export const TRACKER_STATUSES = ['new', 'accepted', 'in_progress', 'executed', 'rejected'] as const;
export const TrackerStatus = z.enum(TRACKER_STATUSES);
export type TrackerStatus = z.infer<typeof TrackerStatus>;

export const TrackerPatch = z.strictObject({
  status: z.optional(TrackerStatus),
  responsibleBody: z.optional(z.nullable(Addressee)),
  deadline: z.optional(z.nullable(z.iso.date())),
  /** A progress note, kept in the item's public history. */
  note: z.optional(userText(2000)),
}).check(z.refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' }));
export type TrackerPatch = z.infer<typeof TrackerPatch>;

export const TrackerEntry = z.object({
  at: z.string(),
  status: TrackerStatus,
  responsibleBody: z.nullable(z.string()),
  deadline: z.nullable(z.string()),
  note: z.nullable(z.string()),
});
export type TrackerEntry = z.infer<typeof TrackerEntry>;

/** What a tracked recommendation is, whether seeded by a compile job or shown in the tracker. */
export const TrackerItemCore = z.object({
  number: z.int(),
  text: z.string(),
  lang: Lang,
  addressee: z.nullable(z.string()),
  support: z.int(),
  sessionIds: z.array(Id),
});

/** How far along each status is, for a progress bar (a rejected item is closed, not progressing). */
export const TRACKER_PROGRESS: Record<TrackerStatus, number | null> = { new: 0, accepted: 25, in_progress: 60, executed: 100, rejected: null };

export const TrackerItemView = z.extend(TrackerItemCore, {
  id: Id,
  /** When the item joined the tracker. */
  createdAt: z.string(),
  status: TrackerStatus,
  responsibleBody: z.nullable(z.string()),
  deadline: z.nullable(z.string()),
  updatedAt: z.string(),
  history: z.array(TrackerEntry),
});
export type TrackerItemView = z.infer<typeof TrackerItemView>;

export const TrackerTallies = z.object({
  total: z.int(),
  new: z.int(),
  accepted: z.int(),
  in_progress: z.int(),
  executed: z.int(),
  rejected: z.int(),
});
export type TrackerTallies = z.infer<typeof TrackerTallies>;

/** The tallies as they stood at the end of a month (in the forum's time zone), e.g. "2027-03". */
export const MonthTallies = z.extend(TrackerTallies, { month: z.string() });
export type MonthTallies = z.infer<typeof MonthTallies>;

export const TrackerView = z.object({
  forumId: Id,
  /** The forum-wide compilation the items come from. */
  revision: z.nullable(z.int()),
  tallies: TrackerTallies,
  /** Month by month from the first item to this month, for a stacked bar chart. */
  monthly: z.array(MonthTallies),
  items: z.array(TrackerItemView),
});
export type TrackerView = z.infer<typeof TrackerView>;

// ---- socket events ----

/** Ack of `recs:endorse`. */
export const Endorsed = z.object({ id: Id, endorsements: z.int(), endorsed: z.boolean() });
/** Ack of `recs:watchCompiles`: the forum's compilations as they stand. */
export const WatchedCompiles = z.object({ compilations: z.array(CompileRevisionView) });
/** An item left the public list (hidden or merged). */
export const RecRemoved = z.object({ id: Id, sessionId: Id });
export const RecSupport = z.object({ id: Id, sessionId: Id, endorsements: z.int() });

export const RECS_CLIENT_EVENTS = {
  'recs:submit': { doc: 'Submit a recommendation during a live session (rate-limited).', input: RecSubmitInput, ack: RecView },
  'recs:endorse': { doc: 'Endorse someone else\'s open recommendation, once per identity; `endorse: false` withdraws.', input: RecEndorseInput, ack: Endorsed },
  'recs:list': { doc: 'The session\'s recommendations; also subscribes the connection to their live updates.', input: RecListInput, ack: RecList },
  'recs:promote': { doc: 'Moderators: make a draft from a question (optionally with its answer).', input: RecPromoteInput, ack: RecView },
  'recs:edit': { doc: 'Moderators: change text, language or addressee.', input: RecEditInput, ack: RecView },
  'recs:setState': { doc: 'Moderators: open a draft, hide an item, or bring a hidden one back.', input: RecSetStateInput, ack: RecView },
  'recs:merge': { doc: 'Moderators: fold items into a target; their support counts for the target\'s group.', input: RecMergeInput, ack: RecView },
  'recs:watchCompiles': { doc: 'Organizers: receive `recs:compileProgress` for the forum\'s compile jobs.', input: WatchCompilesInput, ack: WatchedCompiles },
} satisfies ClientCatalog;
export type RecsClientEvents = ClientEventsOf<typeof RECS_CLIENT_EVENTS>;

const LISTENERS = 'connections that called `recs:list` for the session';
export const RECS_SERVER_EVENTS = {
  'recs:created': { doc: 'A recommendation was submitted, or a draft made from a question (drafts go to moderators only).', to: LISTENERS, payload: RecView },
  'recs:updated': { doc: 'A recommendation\'s text, state, support or organization changed.', to: LISTENERS, payload: RecView },
  'recs:removed': { doc: 'An item left the public list (hidden or merged).', to: LISTENERS, payload: RecRemoved },
  'recs:support': { doc: 'An item\'s endorsement count changed.', to: LISTENERS, payload: RecSupport },
  'recs:compileProgress': { doc: 'A compile job of the forum was queued, advanced, completed or failed.', to: 'organizers who called `recs:watchCompiles` for the forum', payload: CompileProgress },
} satisfies ServerCatalog;
export type RecsServerEvents = ServerEventsOf<typeof RECS_SERVER_EVENTS>;

/** A compilation's revision in a download address: its number, or `latest`. */
const Revision = z.union([z.literal('latest'), z.coerce.number().check(z.int(), z.gte(1), z.lte(1_000_000))]);
const Published = z.coerce.number().check(z.int(), z.gte(1));
/** Feeds are written in the reader's language. */
const FeedQuery = z.strictObject({ lang: z.optional(Lang) });

/** The recommendations', compilations' and tracker's HTTP routes (see common/http-route.ts). */
export const RECS_ROUTES = {
  list: { method: 'get', path: '/sessions/:sessionId/recommendations', params: SessionPath, response: RecList },
  sessionCompilations: { method: 'get', path: '/sessions/:sessionId/compilations', params: SessionPath, response: z.array(CompileRevisionView) },
  recompileSession: { method: 'post', path: '/sessions/:sessionId/compilations/recompile', params: SessionPath, response: CompileRevisionView },
  sessionDownload: { method: 'get', path: '/sessions/:sessionId/compilations/:revision/:format', params: z.object({ sessionId: Id, revision: Revision, format: CompileFormat }) },
  publishSession: { method: 'put', path: '/sessions/:sessionId/compilations/:revision/published', params: z.object({ sessionId: Id, revision: Published }), body: PublishInput, response: CompileRevisionView },
  forumCompilations: { method: 'get', path: '/forums/:forumId/compilations', params: ForumPath, response: z.array(CompileRevisionView) },
  compileForum: { method: 'post', path: '/forums/:forumId/compilations', params: ForumPath, body: z.strictObject({ ordering: z.optional(ForumOrdering) }), response: CompileRevisionView },
  overview: { method: 'get', path: '/forums/:forumId/compilations/overview', params: ForumPath, response: z.array(CompileRevisionView) },
  forumDownload: { method: 'get', path: '/forums/:forumId/compilations/:revision/:format', params: z.object({ forumId: Id, revision: Revision, format: CompileFormat }) },
  publishForum: { method: 'put', path: '/forums/:forumId/compilations/:revision/published', params: z.object({ forumId: Id, revision: Published }), body: PublishInput, response: CompileRevisionView },
  tracker: { method: 'get', path: '/forums/:forum/tracker', params: ForumKeyPath, response: TrackerView },
  trackerCsv: { method: 'get', path: '/forums/:forum/tracker.csv', params: ForumKeyPath },
  updateItem: { method: 'patch', path: '/tracker/:itemId', params: z.object({ itemId: Id }), body: TrackerPatch, response: TrackerItemView },
  trackerFeed: { method: 'get', path: '/forums/:forum/tracker.atom', params: ForumKeyPath, query: FeedQuery },
  itemFeed: { method: 'get', path: '/tracker/:itemId/feed.atom', params: z.object({ itemId: Id }), query: FeedQuery },
} as const satisfies Record<string, HttpRoute>;
