/**
 * The compiled document: what a compilation of a session or a forum holds (the JSON artifact;
 * Markdown, CSV, PDF and DOCX render the same model). Made by the compile workers, served as
 * the JSON download; the live pages never need it.
 */
import { z } from 'zod/mini';
import { Id, Lang } from './base';
import { OrgKind, Region } from './organizations.contract';
import { CompiledPoll } from './polls.contract';
import { CompileScope, FORUM_ORDERINGS, RecOrigin } from './recs.contract';

export const CompiledOrganization = z.object({
  id: Id,
  /** In the document's language. */
  name: z.string(),
  kind: OrgKind,
  region: Region,
});
export type CompiledOrganization = z.infer<typeof CompiledOrganization>;

export const RatingTally = z.object({ agree: z.int(), disagree: z.int(), pass: z.int() });
export type RatingTally = z.infer<typeof RatingTally>;

/**
 * How participants rated an item: counts overall and per opinion group (an organization's
 * representatives count once), the group-aware consensus score (product over groups of
 * the smoothed agree rate) and a mark for broad consensus or a divisive item.
 */
export const ItemConsensus = z.extend(RatingTally, {
  agreeShare: z.nullable(z.number()),
  groups: z.array(z.extend(RatingTally, { agreeShare: z.nullable(z.number()) })),
  score: z.number(),
  divisiveness: z.number(),
  mark: z.nullable(z.enum(['consensus', 'divisive'])),
});
export type ItemConsensus = z.infer<typeof ItemConsensus>;

/** The opinion groups of a session: who was placed where on the plane of the first two components. */
export const OpinionMap = z.object({
  /** Participants who rated (organizations counted once). */
  participants: z.int(),
  /** Those with enough ratings to be placed in a group. */
  clustered: z.int(),
  silhouette: z.nullable(z.number()),
  groups: z.array(z.object({ label: z.string(), size: z.int(), centroid: z.tuple([z.number(), z.number()]) })),
  /** x, y, group index. */
  points: z.array(z.tuple([z.number(), z.number(), z.int()])),
});
export type OpinionMap = z.infer<typeof OpinionMap>;

/** Who took part, for every document's header. */
export const Participation = z.object({
  organizations: z.int(),
  byKind: z.record(z.string(), z.int()),
  byRegion: z.record(z.string(), z.int()),
  speakers: z.int(),
  platforms: z.int(),
  sessions: z.int(),
  viewersPeak: z.int(),
  viewersTotal: z.int(),
  raters: z.int(),
});
export type Participation = z.infer<typeof Participation>;

export const CompiledSource = z.object({
  /** The recommendation's id: every grouped item stays traceable to what was submitted. */
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.nullable(z.string()),
  origin: RecOrigin,
  authorName: z.nullable(z.string()),
  endorsements: z.int(),
  questionId: z.nullable(Id),
  questionVotes: z.int(),
  answer: z.nullable(z.string()),
  createdAt: z.string(),
  organizationId: z._default(z.nullable(Id), null),
});
export type CompiledSource = z.infer<typeof CompiledSource>;

export const Support = z.object({ total: z.int(), endorsements: z.int(), questionVotes: z.int() });
export type Support = z.infer<typeof Support>;

export const CompiledRecommendation = z.object({
  number: z.int().check(z.gte(1)),
  /** Stable across revisions while the group's earliest item stays in it; the tracker follows items by it. */
  key: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.nullable(z.string()),
  support: Support,
  sources: z.array(CompiledSource),
  /** Organizations behind it (put it forward, endorsed it or agreed), by name. */
  organizations: z._default(z.array(Id), []),
  /** Null when nobody rated it. */
  consensus: z._default(z.nullable(ItemConsensus), null),
});
export type CompiledRecommendation = z.infer<typeof CompiledRecommendation>;

export const CompiledQuestion = z.object({
  rank: z.int(),
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  votes: z.int(),
  authorName: z.nullable(z.string()),
  organizationId: z._default(z.nullable(Id), null),
});

export const CompiledSession = z.object({
  id: Id,
  title: z.string(),
  platform: z.string(),
  startsAt: z.string(),
  endsAt: z.string(),
  startedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  speakers: z.array(z.string()),
  moderators: z.array(z.string()),
  /** Languages of the interpretation channels used, and of the live captions (older compilations: none). */
  interpreted: z._default(z.array(Lang), []),
  captioned: z._default(z.array(Lang), []),
  /** Citizens who took the floor, in the order they spoke (older compilations: none). */
  floor: z._default(z.array(
      z.object({
        speaker: z.string(),
        topic: z.string(),
        organization: z.nullable(z.string()).check(z.describe('The organization as the speaker named it.')),
        organizationId: z.nullable(Id).check(z.describe("A confirmed representative's organization (see `organizations`).")),
        startedAt: z.string(),
        seconds: z.nullable(z.int()).check(z.describe('How long the turn lasted.')),
      }),
    ), []),
  /** The session compilation this forum set was built from (forum scope only). */
  revision: z.nullable(z.int()),
});
export type CompiledSession = z.infer<typeof CompiledSession>;

/**
 * The figures in a compilation's header. A forum-wide set adds up its sessions' figures,
 * except `viewersPeak` (the highest session's) and `recommendationsGrouped` (its own items).
 */
export const Figures = z.object({
  viewersPeak: z.int().check(z.describe('Most viewers watching the session at one moment (forum-wide set: the highest of its sessions).')),
  viewersTotal: z.number().check(z.int(), z.describe('Distinct viewers who joined the session: one per account or citizen cookie (forum-wide set: the sum over sessions, so a person who watched two sessions counts twice).')),
  questionsAsked: z.int().check(z.describe('Every question asked in the session, whatever became of it (pending, approved, answered, rejected or merged).')),
  questionsApproved: z.number().check(z.int(), z.describe('Questions the public saw when the session was compiled: approved or answered ones (rejected, merged and still pending ones are not counted).')),
  questionsAnswered: z.int().check(z.describe('Questions marked answered by a moderator or speaker.')),
  recommendationsSubmitted: z.number().check(z.int(), z.describe('Recommendations taken into the compilation: open and merged ones, whether submitted by citizens or made from questions (drafts and hidden ones stay out).')),
  recommendationsGrouped: z.number().check(z.int(), z.describe('Numbered items in the document, after near-duplicates were grouped (COMPILE_SIMILARITY_THRESHOLD) and merged items joined their target.')),
});
export type Figures = z.infer<typeof Figures>;

export const Compilation = z.object({
  format: z.literal('birge.compilation'),
  version: z.literal(1),
  scope: CompileScope,
  revision: z.int(),
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
  /** Every organization that took part, by name. */
  organizations: z._default(z.array(CompiledOrganization), []),
  participation: z._default(z.nullable(Participation), null),
  /** Session scope only; null without enough ratings. */
  opinionGroups: z._default(z.nullable(OpinionMap), null),
  /** Session scope only: the live polls and their results, in poll order. */
  polls: z._default(z.array(CompiledPoll), []),
  /** How the items are numbered: by support (session), by addressee or by consensus (forum-wide set). */
  ordering: z._default(z.enum(['support', ...FORUM_ORDERINGS]), 'support'),
});
export type Compilation = z.infer<typeof Compilation>;
