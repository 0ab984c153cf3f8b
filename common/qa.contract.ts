/**
 * Contract for live questions and answers.
 *
 * Reading the stream:
 * - `qa:snapshot` returns the public state at `version`. Public changes reach viewers in the
 *   `qa` part of the session's `live:frame` (common/live.contract.ts): `changes`, each carrying
 *   the next `version` of the session, and `rankings`. Drop changes with `version <= yours`;
 *   apply `version === yours + 1`; on a gap, wait briefly (two server processes may deliver a
 *   few ms out of order) and, if it is not filled within ~1 s, call `qa:snapshot` again.
 *   Apply changes as upserts by id.
 * - A question's vote count is replaced only by a newer reading: a change counts as of its
 *   `version`, a ranking reading as of (`asOf`, `seq`), the snapshot as of its `version`.
 *   Readings compare by `asOf` first, then `seq` (a change or snapshot sorts before a ranking
 *   reading of the same version). Rankings carry absolute counts of the questions whose
 *   count changed, at most one reading per RANKING_INTERVAL_MS per session.
 * - The moderators' queue works like the public changes with `queueVersion` (`qa:queue`,
 *   `qa:queue*`, sent to moderators directly).
 * - `qa:mine` tells an author about their own question (pending → approved, rejected with
 *   a reason, merged, answered, edited); the snapshot's `mine` covers reconnects.
 *
 * Text is plain text everywhere: render it as text (textContent / JSX children), never as
 * HTML. The server keeps `<`, `>` and `&` as typed.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { Id, Lang, Text } from './base';
import { OrgRef } from './organizations.contract';

export const QUESTION_MAX_CHARS = 500;

export const QUESTION_STATUSES = ['pending', 'approved', 'rejected', 'answered', 'merged'] as const;
export const QuestionStatus = z.enum(QUESTION_STATUSES);
export type QuestionStatus = z.infer<typeof QuestionStatus>;

/** Why a moderator rejected a question; shown to its author. */
export const REJECT_REASONS = ['off_topic', 'duplicate', 'abusive', 'other'] as const;
export const RejectReason = z.enum(REJECT_REASONS);
export type RejectReason = z.infer<typeof RejectReason>;

/** Why a question waits for a moderator even when pre-moderation is off. */
export const FLAGS = ['blocklist', 'duplicate'] as const;
export const Flag = z.enum(FLAGS);
export type Flag = z.infer<typeof Flag>;

/**
 * Cleans question text identically on client and server: Unicode NFC, no control
 * characters or bidi overrides (they could disguise the text around them), tabs and runs
 * of spaces become one space, at most one blank line, trimmed. Nothing else is altered.
 */
export function cleanQuestionText(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // eslint-disable-next-line no-control-regex -- removing control characters is the point
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\t \u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Length as people count it: code points, so "қ" or an emoji is one. */
export const charCount = (s: string) => [...s].length;

/** Question text: cleaned, then 1–500 characters. */
export const QuestionText = z.pipe(z.pipe(Text.check(z.maxLength(QUESTION_MAX_CHARS * 8)), z.transform(cleanQuestionText)), z.string().check(z.minLength(1, 'the question is empty'), z.refine((s) => charCount(s) <= QUESTION_MAX_CHARS, { message: `at most ${QUESTION_MAX_CHARS} characters` })));

// ─── Client → server payloads (the server parses each with these) ────────────────

export const SessionScoped = z.strictObject({ sessionId: Id });
export type SessionScoped = z.input<typeof SessionScoped>;

export const AskInput = z.strictObject({
  sessionId: Id,
  text: QuestionText,
  lang: Lang,
  /** Hide the author's name from other viewers (moderators see a pseudonym). */
  anonymous: z._default(z.boolean(), false),
});
/** What a client sends to `qa:ask` (`anonymous` may be omitted). */
export type AskInput = z.input<typeof AskInput>;

export const QuestionRef = z.strictObject({ questionId: Id });
export type QuestionRef = z.input<typeof QuestionRef>;

export const RejectInput = z.strictObject({
  questionId: Id,
  reason: RejectReason,
  /** For the audit log only; the author sees the reason code. */
  note: z.optional(Text.check(z.trim(), z.maxLength(500))),
});
export type RejectInput = z.input<typeof RejectInput>;

export const EditInput = z.strictObject({ questionId: Id, text: QuestionText });
export type EditInput = z.input<typeof EditInput>;

/** `questionId: null` clears the spotlight. */
export const SpotlightInput = z.strictObject({ sessionId: Id, questionId: z.nullable(Id) });
export type SpotlightInput = z.input<typeof SpotlightInput>;

export const MergeInput = z.strictObject({ sourceIds: z.array(Id).check(z.minLength(1), z.maxLength(50)), targetId: Id }).check(z.refine((m) => !m.sourceIds.includes(m.targetId), { message: 'a question cannot be merged into itself', path: ['sourceIds'] }), z.refine((m) => new Set(m.sourceIds).size === m.sourceIds.length, { message: 'sourceIds repeat', path: ['sourceIds'] }));
export type MergeInput = z.input<typeof MergeInput>;

export const PremoderationInput = z.strictObject({ sessionId: Id, enabled: z.boolean() });
export type PremoderationInput = z.input<typeof PremoderationInput>;

// ─── Views (server → client) ─────────────────────────────────────────────────────

/** A question as every viewer sees it (approved or answered only). */
export const QuestionView = z.object({
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  /** null when the author asked anonymously or has not given a name. */
  authorName: z.nullable(z.string()),
  status: z.enum(['approved', 'answered']),
  votes: z.int().check(z.gte(0)),
  /** A moderator changed the wording (the original is kept for moderators and the report). */
  edited: z.boolean(),
  createdAt: z.string(),
  answeredAt: z.nullable(z.string()),
  /**
   * The organization the author speaks for (a confirmed representative of a confirmed
   * organization); null when they speak for none or asked anonymously. Read when the question
   * is, not stamped when it was asked: the same rule as recommendations (`RecView.organization`)
   * and the compiled documents, so the live list and the document name the same organization.
   * A confirmation reaches a question already shown with its next change or the next snapshot.
   */
  organization: z.nullable(OrgRef),
});
export type QuestionView = z.infer<typeof QuestionView>;

/** A question as moderators see it, in any status. */
export const ModQuestionView = z.extend(QuestionView, {
  status: QuestionStatus,
  anonymous: z.boolean(),
  /** Stable per person, never the name: lets moderators spot one person's many questions. */
  pseudonym: z.string(),
  originalText: z.nullable(z.string()),
  flagged: z.boolean(),
  flags: z.array(Flag),
  /** Blocklist entries the text matched. */
  matchedWords: z.array(z.string()),
  /** An earlier question by someone else with the same text, when flagged `duplicate`. */
  duplicateOf: z.nullable(Id),
  rejectReason: z.nullable(RejectReason),
  rejectNote: z.nullable(z.string()),
  mergedInto: z.nullable(Id),
});
export type ModQuestionView = z.infer<typeof ModQuestionView>;

/** The author's own question, with its status. */
export const MyQuestionView = z.object({
  id: Id,
  sessionId: Id,
  text: z.string(),
  lang: Lang,
  anonymous: z.boolean(),
  status: QuestionStatus,
  rejectReason: z.nullable(RejectReason),
  mergedInto: z.nullable(Id),
  votes: z.int().check(z.gte(0)),
  createdAt: z.string(),
  answeredAt: z.nullable(z.string()),
});
export type MyQuestionView = z.infer<typeof MyQuestionView>;

export const QaSnapshot = z.object({
  sessionId: Id,
  version: z.int().check(z.gte(0)),
  premoderation: z.boolean(),
  /** Status approved, most votes first, then oldest first. */
  approved: z.array(QuestionView),
  /** Status answered, most recently answered first. */
  answered: z.array(QuestionView),
  spotlight: z.nullable(QuestionView),
  /** The caller's own questions in this session, any status, oldest first. */
  mine: z.array(MyQuestionView),
  /** Ids of questions the caller has voted for. */
  myVotes: z.array(Id),
});
export type QaSnapshot = z.infer<typeof QaSnapshot>;

export const MODERATION_ACTIONS = ['approve', 'reject', 'edit', 'answered', 'spotlight', 'merge', 'premoderation'] as const;
export const ModerationAction = z.enum(MODERATION_ACTIONS);
export type ModerationAction = z.infer<typeof ModerationAction>;

/** What `qa:undo` would revert for this moderator now. */
export const UndoableAction = z.object({ action: ModerationAction, questionIds: z.array(Id), at: z.string() });
export type UndoableAction = z.infer<typeof UndoableAction>;

export const QueueSnapshot = z.object({
  sessionId: Id,
  queueVersion: z.int().check(z.gte(0)),
  /** Pending questions: flagged first, then oldest first. */
  pending: z.array(ModQuestionView),
  /** The caller's last action in this session that `qa:undo` would revert, if any. */
  undoable: z.nullable(UndoableAction),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

/** How moderators are shown votes that come in a burst from few addresses. */
export const VOTE_BURST = { windowMinutes: 10, minVotes: 10, minTopShare: 0.5 } as const;

/**
 * An approved question whose recent votes came mostly from one network: at least
 * `VOTE_BURST.minVotes` in the last `windowMinutes`, `minTopShare` or more of them from one
 * IPv4 /24 or IPv6 /64. A hint for moderators (a school behind one address looks the same), not a verdict.
 */
export const VoteBurst = z.object({
  questionId: Id,
  /** Votes given in the window. */
  recentVotes: z.int().check(z.gte(0)),
  /** Share of them from the network that gave the most, 0–1. */
  topNetworkShare: z.number().check(z.gte(0), z.lte(1)),
});
export type VoteBurst = z.infer<typeof VoteBurst>;
export const VoteBursts = z.object({ sessionId: Id, windowMinutes: z.int(), bursts: z.array(VoteBurst) });
export type VoteBursts = z.infer<typeof VoteBursts>;

export const VoteResult = z.object({ questionId: Id, votes: z.int().check(z.gte(0)), voted: z.boolean() });
export type VoteResult = z.infer<typeof VoteResult>;

export const UndoResult = z.object({ undone: ModerationAction, questionIds: z.array(Id) });
export type UndoResult = z.infer<typeof UndoResult>;

// ─── Pushes ───────────────────────────────────────────────────────────────────────

const Version = z.int().check(z.gte(1));

/** One public change, numbered with the session's next `version`. */
export const QaChange = z.discriminatedUnion('type', [
  /** A question entered the public list (approved, or restored by an undo). */
  z.object({ type: z.literal('approved'), version: Version, question: QuestionView }),
  /** Text, status (answered ⇄ approved), votes or the author's organization of a public question changed. */
  z.object({ type: z.literal('updated'), version: Version, question: QuestionView }),
  /** A question left the public list. `reason` tells the client how to say it. */
  z.object({
    type: z.literal('removed'),
    version: Version,
    questionId: Id,
    reason: z.enum(['rejected', 'merged', 'unapproved']),
    mergedInto: z.nullable(Id),
  }),
  /** The question on the stream and in front of the speaker, or none. */
  z.object({ type: z.literal('spotlight'), version: Version, question: z.nullable(QuestionView) }),
  z.object({ type: z.literal('premoderation'), version: Version, enabled: z.boolean() }),
]);
export type QaChange = z.infer<typeof QaChange>;

/**
 * Absolute vote counts of questions whose count changed, read together with the session's
 * version (`asOf`); `seq` orders readings of the same version (it grows with every reading).
 */
export const RankingReading = z.object({
  asOf: z.int().check(z.gte(0)),
  seq: z.int().check(z.gte(1)),
  votes: z.array(z.tuple([Id, z.int().check(z.gte(0))])),
});
export type RankingReading = z.infer<typeof RankingReading>;

/** The Q&A part of a session's live frame: what changed in the public Q&A since the last frame. */
export const QaFramePart = z.object({
  /** In version order; a frame may skip versions another server process sends. */
  changes: z.optional(z.array(QaChange)),
  /** Oldest first; usually one. */
  rankings: z.optional(z.array(RankingReading)),
});
export type QaFramePart = z.infer<typeof QaFramePart>;

export const QueueUpserted = z.object({ sessionId: Id, queueVersion: z.int(), question: ModQuestionView });
export type QueueUpserted = z.infer<typeof QueueUpserted>;

/** A question left the pending queue; `status` is where it went. */
export const QueueRemoved = z.object({ sessionId: Id, queueVersion: z.int(), questionId: Id, status: QuestionStatus });
export type QueueRemoved = z.infer<typeof QueueRemoved>;

/** Ack of `qa:spotlight`: the question now in the spotlight, or null. */
export const SpotlightResult = z.object({ questionId: z.nullable(Id) });
/** Ack of `qa:premoderation`. */
export const PremoderationResult = z.object({ enabled: z.boolean() });

export const QA_CLIENT_EVENTS = {
  'qa:snapshot': { doc: 'Public state plus the caller\'s own questions and votes. Anyone. Errors: not_found.', input: SessionScoped, ack: QaSnapshot },
  'qa:queue': { doc: 'The pending queue. Moderators of the session. Errors: forbidden, not_found.', input: SessionScoped, ack: QueueSnapshot },
  'qa:inspect': { doc: 'One question with moderator details. Moderators. Errors: forbidden, not_found.', input: QuestionRef, ack: ModQuestionView },
  'qa:voteBursts': {
    doc: 'Approved questions whose votes of the last 10 minutes came in a burst from few addresses (10 or more, half or more from one IPv4 /24 or IPv6 /64), computed now. Moderators of the session. Errors: forbidden, not_found.',
    input: SessionScoped,
    ack: VoteBursts,
  },
  'qa:ask': {
    doc: 'Ask while the session is live. Approved at once when pre-moderation is off, unless flagged (blocklist, or the same text as someone else\'s question). Errors: invalid_input, not_found, invalid_state (not live), conflict (you asked this already), rate_limited (details.retryAfterMs).',
    input: AskInput,
    ack: MyQuestionView,
  },
  'qa:vote': {
    doc: 'One vote per person; repeating is a no-op. Errors: not_found, invalid_state, rate_limited (too fast: details.retryAfterMs; or the question has as many votes from the caller\'s address as one address may give: details.limit).',
    input: QuestionRef,
    ack: VoteResult,
  },
  'qa:unvote': { doc: 'Withdraws the caller\'s vote; a no-op if there is none. Same errors as `qa:vote`.', input: QuestionRef, ack: VoteResult },
  'qa:approve': { doc: 'Moderators: pending or rejected → approved.', input: QuestionRef, ack: ModQuestionView },
  'qa:reject': { doc: 'Moderators: pending or approved → rejected with a reason the author sees.', input: RejectInput, ack: ModQuestionView },
  'qa:edit': { doc: 'Moderators: reword; the first original text is kept.', input: EditInput, ack: ModQuestionView },
  'qa:answered': { doc: 'Moderators and the session\'s speakers: approved → answered.', input: QuestionRef, ack: ModQuestionView },
  'qa:spotlight': { doc: 'Moderators: put an approved or answered question in the spotlight, or clear it.', input: SpotlightInput, ack: SpotlightResult },
  'qa:merge': { doc: 'Moderators: sources become `merged` into target; their voters vote for the target, once each.', input: MergeInput, ack: ModQuestionView },
  'qa:premoderation': { doc: 'Moderators: switch pre-moderation; pending questions stay pending either way.', input: PremoderationInput, ack: PremoderationResult },
  'qa:undo': {
    doc: 'Moderators: revert the caller\'s own last not-yet-undone action in this session (repeat to go further back). Errors: not_found (nothing to undo), conflict (someone changed those questions since).',
    input: SessionScoped,
    ack: UndoResult,
  },
} satisfies ClientCatalog;
export type QaClientEvents = ClientEventsOf<typeof QA_CLIENT_EVENTS>;

export const QA_SERVER_EVENTS = {
  'qa:mine': { doc: 'The author\'s own question changed (approved, rejected with a reason, merged, answered, edited).', to: 'the author only (all their connections)', payload: MyQuestionView },
  'qa:queueUpserted': { doc: 'A question entered or changed in the pending queue (apply by `queueVersion`).', to: 'the session\'s moderators', payload: QueueUpserted },
  'qa:queueRemoved': { doc: 'A question left the pending queue; `status` is where it went.', to: 'the session\'s moderators', payload: QueueRemoved },
} satisfies ServerCatalog;
export type QaServerEvents = ServerEventsOf<typeof QA_SERVER_EVENTS>;
