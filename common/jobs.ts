/**
 * Background jobs: what the API enqueues, what the worker reads back, and the store
 * port through which a worker loads a compile input and commits its artifacts.
 * Everything that crosses a process boundary is parsed with these schemas.
 */
import { z } from 'zod/mini';
import { Id, Lang } from './base';
import { OrgRef } from './organizations.contract';
import { InputPoll } from './polls.contract';
import { CompileFormat, ForumOrdering, RecOrigin, TrackerItemCore } from './recs.contract';
import { Compilation } from './compilation.contract';

/** The BullMQ queue that compiles recommendations (keys live under `<REDIS_PREFIX>:bull`). */
export const COMPILE_QUEUE = 'recs-compile';
export const bullPrefix = (redisPrefix: string) => `${redisPrefix}:bull`;

/** Job data is only a pointer: the frozen input lives in the database (`compile_revisions`). */
export const CompileJobData = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('session'), forumId: Id, sessionId: Id, revision: z.int().check(z.gte(1)), inputId: Id }),
  z.strictObject({ kind: z.literal('forum'), forumId: Id, revision: z.int().check(z.gte(1)), inputId: Id }),
]);
export type CompileJobData = z.infer<typeof CompileJobData>;

/** Re-adding the same revision is a no-op in BullMQ (custom ids may not contain ':'). */
export function compileJobId(d: CompileJobData): string {
  return d.kind === 'session' ? `session-${d.sessionId}-r${d.revision}` : `forum-${d.forumId}-r${d.revision}`;
}

// ---- the frozen input of one compilation ----

export const InputQuestion = z.object({
  id: Id,
  text: z.string(),
  lang: Lang,
  authorName: z.nullable(z.string()),
  votes: z.int(),
  status: z.enum(['pending', 'approved', 'rejected', 'answered', 'merged']),
  createdAt: z.string(),
  answeredAt: z.nullable(z.string()),
  /** The organization a confirmed representative asked for (never for an anonymous question). */
  organizationId: z.optional(z.nullable(Id)),
});
export type InputQuestion = z.infer<typeof InputQuestion>;

export const InputRecommendation = z.object({
  id: Id,
  text: z.string(),
  lang: Lang,
  addressee: z.nullable(z.string()),
  state: z.enum(['open', 'merged']),
  origin: RecOrigin,
  sourceQuestionId: z.nullable(Id),
  answer: z.nullable(z.string()),
  authorName: z.nullable(z.string()),
  endorsements: z.int(),
  mergedInto: z.nullable(Id),
  createdAt: z.string(),
  /** The author's organization, when they are its confirmed representative. */
  organizationId: z.optional(z.nullable(Id)),
  /** Organizations whose representatives endorsed it; `endorsements` already counts each of them once. */
  endorsingOrganizationIds: z.optional(z.array(Id)),
});
export type InputRecommendation = z.infer<typeof InputRecommendation>;

const InputForum = z.object({
  id: Id,
  slug: z.string(),
  title: z.record(z.string(), z.string()),
  languages: z.array(Lang).check(z.minLength(1)),
  timeZone: z.string(),
});

/** A citizen's turn on stage (issue 12): who took the floor, on what, for how long. */
export const InputFloorTurn = z.object({
  speaker: z.string(),
  topic: z.string(),
  /** The organization as they named it. */
  organization: z.nullable(z.string()),
  /** A confirmed representative's organization (in the input's `organizations`). */
  organizationId: z.nullable(Id),
  startedAt: z.string(),
  seconds: z.nullable(z.int()),
});
export type InputFloorTurn = z.infer<typeof InputFloorTurn>;

export const InputSession = z.object({
  id: Id,
  title: z.record(z.string(), z.string()),
  platform: z.record(z.string(), z.string()),
  startsAt: z.string(),
  endsAt: z.string(),
  startedAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  speakers: z.array(z.string()),
  moderators: z.array(z.string()),
  /** Languages the session was interpreted into and captioned in (inputs stored before these existed have none). */
  interpreted: z._default(z.array(Lang), []),
  captioned: z._default(z.array(Lang), []),
  /** Citizens who took the floor, in order (inputs stored before the floor existed have none). */
  floor: z._default(z.array(InputFloorTurn), []),
});
export type InputSession = z.infer<typeof InputSession>;

/**
 * The session's ratings, one entry per rater (their identity left out): `votes` is a run of
 * `<index><a|d|p>` pairs, the index into `recommendations`, e.g. "0a3d12p". Representatives
 * carry their organization, whose ratings count once per item.
 */
export const InputRatings = z.object({
  raters: z.array(z.object({ organizationId: z.nullable(Id), votes: z.string().check(z.regex(/^(\d+[adp])*$/)) })),
});
export type InputRatings = z.infer<typeof InputRatings>;

export const SessionCompileInput = z.object({
  kind: z.literal('session'),
  revision: z.int().check(z.gte(1)),
  /** sha256 of the input without its revision number: equal hashes mean equal documents. */
  inputHash: z.string(),
  similarityThreshold: z.number().check(z.gte(0), z.lte(1)),
  forum: InputForum,
  session: InputSession,
  attendance: z.object({ peak: z.int(), uniqueViewers: z.int() }),
  questionCounts: z.object({ asked: z.int(), approved: z.int(), answered: z.int() }),
  questions: z.array(InputQuestion),
  recommendations: z.array(InputRecommendation),
  /** Organizations that took part (asked, put forward, endorsed or rated), by id. */
  organizations: z.optional(z.array(OrgRef)),
  ratings: z.optional(InputRatings),
  /** The session's polls that were opened, with their final counts (inputs stored before polls existed have none). */
  polls: z._default(z.array(InputPoll), []),
});
export type SessionCompileInput = z.infer<typeof SessionCompileInput>;

export const ForumCompileInput = z.object({
  kind: z.literal('forum'),
  revision: z.int().check(z.gte(1)),
  inputHash: z.string(),
  similarityThreshold: z.number().check(z.gte(0), z.lte(1)),
  forum: InputForum,
  /** How the set is numbered: by addressee (the default), or by consensus. */
  ordering: z.optional(ForumOrdering),
  /** The latest finished compilation of every ended session, in agenda order. */
  sessions: z.array(Compilation),
});
export type ForumCompileInput = z.infer<typeof ForumCompileInput>;

export const CompileInput = z.discriminatedUnion('kind', [SessionCompileInput, ForumCompileInput]);
export type CompileInput = z.infer<typeof CompileInput>;

// ---- what a worker hands back ----

export interface Artifact {
  format: CompileFormat;
  contentType: string;
  sha256: string;
  bytes: Uint8Array;
}

/** One item of a forum-wide set, as the tracker follows it. */
export const TrackerSeed = z.extend(TrackerItemCore, { key: Id });
export type TrackerSeed = z.infer<typeof TrackerSeed>;

export const ClaimedInput = z.object({
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** The input as stored: canonical JSON text. */
  input: z.string(),
});
export type ClaimedInput = z.infer<typeof ClaimedInput>;

/**
 * Where a worker reads inputs and commits results. PostgreSQL directly in a standalone
 * worker; over IPC to the API process when the database is the embedded, single-process one.
 */
export interface CompileStore {
  /** Marks the revision running and returns its input; undefined when it does not exist. */
  claim(inputId: string): Promise<ClaimedInput | undefined>;
  /** Stores every artifact and marks the revision done in one transaction (forum sets also refresh the tracker). */
  complete(inputId: string, artifacts: Artifact[], tracker: TrackerSeed[] | null): Promise<void>;
  /** Marks the revision failed for good. */
  fail(inputId: string, reason: string): Promise<void>;
  close(): Promise<void>;
}

// ---- the store over IPC (a worker child of the API process on the embedded store) ----

const Bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes' });
const IpcArtifact = z.object({ format: CompileFormat, contentType: z.string(), sha256: z.string(), bytes: Bytes });

/** Worker → API process. */
export const IpcRequest = z.discriminatedUnion('op', [
  z.object({ id: z.int(), op: z.literal('claim'), inputId: Id }),
  z.object({ id: z.int(), op: z.literal('complete'), inputId: Id, artifacts: z.array(IpcArtifact), tracker: z.nullable(z.array(TrackerSeed)) }),
  z.object({ id: z.int(), op: z.literal('fail'), inputId: Id, reason: z.string() }),
]);
export type IpcRequest = z.infer<typeof IpcRequest>;

/** API process → worker. */
export const IpcReply = z.object({
  id: z.int(),
  ok: z.boolean(),
  claimed: z.optional(z.nullable(ClaimedInput)),
  error: z.optional(z.string()),
});
export type IpcReply = z.infer<typeof IpcReply>;
