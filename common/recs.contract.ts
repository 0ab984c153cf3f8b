/**
 * Contract for recommendations: collecting them during a live session, the compiled
 * documents made after it, and the public tracker of what became of each one.
 */
import { z } from 'zod';
import type { AckCallback } from './ack';
import { Id, Lang } from './base';

/** Plain user text: no control characters (newlines allowed) and no bidi overrides that could spoof what surrounds it. */
const userText = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .refine((s) => !/[\u0000-\u0009\u000B-\u001F\u007F\u202A-\u202E\u2066-\u2069]/.test(s), { message: 'contains control characters' })
    .transform((s) => s.normalize('NFC'));

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
  addressee: z.string().nullable(),
  state: RecState,
  origin: RecOrigin,
  /** The question it was promoted from, if any. */
  sourceQuestionId: Id.nullable(),
  /** What the speaker answered, when promoted with the answer. */
  answer: z.string().nullable(),
  /** The author's chosen display name; null when they stayed anonymous. */
  authorName: z.string().nullable(),
  endorsements: z.number().int(),
  mergedInto: Id.nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type RecView = z.infer<typeof RecView>;

// ---- client → server inputs ----

export const RecSubmitInput = z.strictObject({
  sessionId: Id,
  text: RecText,
  lang: Lang,
  addressee: Addressee.nullish(),
});
export type RecSubmitInput = z.infer<typeof RecSubmitInput>;

export const RecEndorseInput = z.strictObject({
  recommendationId: Id,
  /** false withdraws an earlier endorsement. */
  endorse: z.boolean().default(true),
});
/** What a client sends (`endorse` may be omitted). */
export type RecEndorseInput = z.input<typeof RecEndorseInput>;

export const RecPromoteInput = z.strictObject({
  questionId: Id,
  /** Defaults to the question's text. */
  text: RecText.optional(),
  /** What the speaker answered (only for answered questions); kept with the draft. */
  answer: RecText.optional(),
  addressee: Addressee.nullish(),
  lang: Lang.optional(),
});
export type RecPromoteInput = z.infer<typeof RecPromoteInput>;

export const RecEditInput = z
  .strictObject({
    recommendationId: Id,
    text: RecText.optional(),
    lang: Lang.optional(),
    addressee: Addressee.nullable().optional(),
    reason: Reason.optional(),
  })
  .refine((e) => e.text !== undefined || e.lang !== undefined || e.addressee !== undefined, { message: 'nothing to change' });
export type RecEditInput = z.infer<typeof RecEditInput>;

export const RecSetStateInput = z.strictObject({
  recommendationId: Id,
  state: z.enum(['draft', 'open', 'hidden']),
  reason: Reason.optional(),
});
export type RecSetStateInput = z.infer<typeof RecSetStateInput>;

export const RecMergeInput = z
  .strictObject({
    targetId: Id,
    sourceIds: z.array(Id).min(1).max(50),
    reason: Reason.optional(),
  })
  .refine((m) => !m.sourceIds.includes(m.targetId), { message: 'an item cannot be merged into itself' })
  .refine((m) => new Set(m.sourceIds).size === m.sourceIds.length, { message: 'sourceIds repeat' });
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

export const REVISION_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export const RevisionStatus = z.enum(REVISION_STATUSES);
export type RevisionStatus = z.infer<typeof RevisionStatus>;

export const ArtifactView = z.object({
  format: CompileFormat,
  size: z.number().int(),
  sha256: z.string(),
  /** Path of the download under the site root. */
  url: z.string(),
});
export type ArtifactView = z.infer<typeof ArtifactView>;

/** One compilation of a session (or of the whole forum): its input is frozen, its artifacts immutable. */
export const CompileRevisionView = z.object({
  scope: CompileScope,
  forumId: Id,
  sessionId: Id.nullable(),
  revision: z.number().int().min(1),
  status: RevisionStatus,
  /** Why it was made: the session ended, or an organizer asked again. */
  reason: z.enum(['session.ended', 'recompile', 'forum']),
  inputHash: z.string(),
  createdAt: z.string(),
  startedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  publishedAt: z.string().nullable(),
  error: z.string().nullable(),
  artifacts: z.array(ArtifactView),
});
export type CompileRevisionView = z.infer<typeof CompileRevisionView>;

export const PublishInput = z.strictObject({ published: z.boolean() });

/** Sent to a forum's organizers (room `forum:<id>:org`) while a compile job runs, from the worker. */
export const CompileProgress = z.object({
  scope: CompileScope,
  forumId: Id,
  sessionId: Id.nullable(),
  revision: z.number().int(),
  /** 0–100. */
  progress: z.number().min(0).max(100),
  state: z.enum(['queued', 'active', 'completed', 'failed']),
  error: z.string().optional(),
});
export type CompileProgress = z.infer<typeof CompileProgress>;

// ---- the compiled document (the JSON artifact; Markdown, CSV, PDF and DOCX render the same model) ----

export const CompiledSource = z.object({
  /** The recommendation's id: every grouped item stays traceable to what was submitted. */
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.string().nullable(),
  origin: RecOrigin,
  authorName: z.string().nullable(),
  endorsements: z.number().int(),
  questionId: Id.nullable(),
  questionVotes: z.number().int(),
  answer: z.string().nullable(),
  createdAt: z.string(),
});
export type CompiledSource = z.infer<typeof CompiledSource>;

export const Support = z.object({ total: z.number().int(), endorsements: z.number().int(), questionVotes: z.number().int() });
export type Support = z.infer<typeof Support>;

export const CompiledRecommendation = z.object({
  number: z.number().int().min(1),
  /** Stable across revisions while the group's earliest item stays in it; the tracker follows items by it. */
  key: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.string().nullable(),
  support: Support,
  sources: z.array(CompiledSource),
});
export type CompiledRecommendation = z.infer<typeof CompiledRecommendation>;

export const CompiledQuestion = z.object({
  rank: z.number().int(),
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  votes: z.number().int(),
  authorName: z.string().nullable(),
});

export const CompiledSession = z.object({
  id: Id,
  title: z.string(),
  platform: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  startedAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  speakers: z.array(z.string()),
  moderators: z.array(z.string()),
  /** The session compilation this forum set was built from (forum scope only). */
  revision: z.number().int().nullable(),
});
export type CompiledSession = z.infer<typeof CompiledSession>;

export const Figures = z.object({
  viewersPeak: z.number().int(),
  viewersTotal: z.number().int(),
  questionsAsked: z.number().int(),
  questionsApproved: z.number().int(),
  questionsAnswered: z.number().int(),
  recommendationsSubmitted: z.number().int(),
  recommendationsGrouped: z.number().int(),
});
export type Figures = z.infer<typeof Figures>;

export const Compilation = z.object({
  format: z.literal('birge.compilation'),
  version: z.literal(1),
  scope: CompileScope,
  revision: z.number().int(),
  inputHash: z.string(),
  /** Language of the document's headings; item texts keep their own. */
  language: Lang,
  similarityThreshold: z.number(),
  forum: z.object({ id: Id, slug: z.string(), title: z.string(), timeZone: z.string() }),
  /** The session (session scope) or every session included (forum scope). */
  sessions: z.array(CompiledSession),
  figures: Figures,
  recommendations: z.array(CompiledRecommendation),
  topQuestions: z.array(CompiledQuestion),
});
export type Compilation = z.infer<typeof Compilation>;

// ---- tracker ----

export const TRACKER_STATUSES = ['new', 'accepted', 'in_progress', 'executed', 'rejected'] as const;
export const TrackerStatus = z.enum(TRACKER_STATUSES);
export type TrackerStatus = z.infer<typeof TrackerStatus>;

export const TrackerPatch = z
  .strictObject({
    status: TrackerStatus.optional(),
    responsibleBody: Addressee.nullable().optional(),
    deadline: z.iso.date().nullable().optional(),
    /** A progress note, kept in the item's public history. */
    note: userText(2000).optional(),
  })
  .refine((p) => Object.values(p).some((v) => v !== undefined), { message: 'nothing to change' });
export type TrackerPatch = z.infer<typeof TrackerPatch>;

export const TrackerEntry = z.object({
  at: z.string(),
  status: TrackerStatus,
  responsibleBody: z.string().nullable(),
  deadline: z.string().nullable(),
  note: z.string().nullable(),
});
export type TrackerEntry = z.infer<typeof TrackerEntry>;

/** What a tracked recommendation is, whether seeded by a compile job or shown in the tracker. */
export const TrackerItemCore = z.object({
  number: z.number().int(),
  text: z.string(),
  lang: Lang,
  addressee: z.string().nullable(),
  support: z.number().int(),
  sessionIds: z.array(Id),
});

export const TrackerItemView = TrackerItemCore.extend({
  id: Id,
  status: TrackerStatus,
  responsibleBody: z.string().nullable(),
  deadline: z.string().nullable(),
  updatedAt: z.string(),
  history: z.array(TrackerEntry),
});
export type TrackerItemView = z.infer<typeof TrackerItemView>;

export const TrackerTallies = z.object({
  total: z.number().int(),
  new: z.number().int(),
  accepted: z.number().int(),
  in_progress: z.number().int(),
  executed: z.number().int(),
  rejected: z.number().int(),
});
export type TrackerTallies = z.infer<typeof TrackerTallies>;

export const TrackerView = z.object({
  forumId: Id,
  /** The forum-wide compilation the items come from. */
  revision: z.number().int().nullable(),
  tallies: TrackerTallies,
  items: z.array(TrackerItemView),
});
export type TrackerView = z.infer<typeof TrackerView>;

// ---- socket events ----

export interface RecsClientEvents {
  /** Submit a recommendation during a live session (rate-limited). */
  'recs:submit': (input: RecSubmitInput, ack: AckCallback<RecView>) => void;
  /** Endorse someone else's open recommendation, once per identity; `endorse: false` withdraws. */
  'recs:endorse': (input: RecEndorseInput, ack: AckCallback<{ id: string; endorsements: number; endorsed: boolean }>) => void;
  /** The session's recommendations; also subscribes the socket to their live updates. */
  'recs:list': (input: RecListInput, ack: AckCallback<RecList>) => void;
  /** Moderators: make a draft from a question (optionally with its answer). */
  'recs:promote': (input: RecPromoteInput, ack: AckCallback<RecView>) => void;
  /** Moderators: change text, language or addressee. */
  'recs:edit': (input: RecEditInput, ack: AckCallback<RecView>) => void;
  /** Moderators: open a draft, hide an item, or bring a hidden one back. */
  'recs:setState': (input: RecSetStateInput, ack: AckCallback<RecView>) => void;
  /** Moderators: fold items into a target; their support counts for the target's group. */
  'recs:merge': (input: RecMergeInput, ack: AckCallback<RecView>) => void;
  /** Organizers: receive `recs:compileProgress` for the forum's compile jobs. */
  'recs:watchCompiles': (input: WatchCompilesInput, ack: AckCallback<{ compilations: CompileRevisionView[] }>) => void;
}

export interface RecsServerEvents {
  'recs:created': (r: RecView) => void;
  'recs:updated': (r: RecView) => void;
  /** An item left the public list (hidden or merged). */
  'recs:removed': (r: { id: string; sessionId: string }) => void;
  'recs:support': (r: { id: string; sessionId: string; endorsements: number }) => void;
  'recs:compileProgress': (p: CompileProgress) => void;
}
