/**
 * Contract for live questions and answers.
 *
 * Reading the stream:
 * - `qa:snapshot` returns the public state at `version`. Public broadcasts (`qa:question*`,
 *   `qa:spotlightChanged`, `qa:premoderationChanged`) each carry the next `version` of the
 *   session, one by one. Drop events with `version <= yours`; apply `version === yours + 1`;
 *   on a gap, wait briefly (two server processes may deliver a few ms out of order) and, if
 *   it is not filled within ~1 s, call `qa:snapshot` again. Apply events as upserts by id.
 * - The moderators' queue works the same way with `queueVersion` (`qa:queue`, `qa:queue*`).
 * - `qa:ranking` carries absolute vote counts (not deltas), at most one per
 *   RANKING_INTERVAL_MS per session; it is not part of the version sequence.
 * - `qa:mine` tells an author about their own question (pending → approved, rejected with
 *   a reason, merged, answered, edited); the snapshot's `mine` covers reconnects.
 *
 * Text is plain text everywhere: render it as text (textContent / JSX children), never as
 * HTML. The server keeps `<`, `>` and `&` as typed.
 */
import { z } from 'zod';
import type { AckCallback } from './ack';
import { Id, Lang } from './base';

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
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g, '')
    .replace(/[\t \u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .replace(/ ?\n ?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** Length as people count it: code points, so "қ" or an emoji is one. */
export const charCount = (s: string) => [...s].length;

/** Question text: cleaned, then 1–500 characters. */
export const QuestionText = z
  .string()
  .max(QUESTION_MAX_CHARS * 8)
  .transform(cleanQuestionText)
  .pipe(
    z
      .string()
      .min(1, 'the question is empty')
      .refine((s) => charCount(s) <= QUESTION_MAX_CHARS, { message: `at most ${QUESTION_MAX_CHARS} characters` }),
  );

// ─── Client → server payloads (the server parses each with these) ────────────────

export const SessionScoped = z.strictObject({ sessionId: Id });
export type SessionScoped = z.input<typeof SessionScoped>;

export const AskInput = z.strictObject({
  sessionId: Id,
  text: QuestionText,
  lang: Lang,
  /** Hide the author's name from other viewers (moderators see a pseudonym). */
  anonymous: z.boolean().default(false),
});
/** What a client sends to `qa:ask` (`anonymous` may be omitted). */
export type AskInput = z.input<typeof AskInput>;

export const QuestionRef = z.strictObject({ questionId: Id });
export type QuestionRef = z.input<typeof QuestionRef>;

export const RejectInput = z.strictObject({
  questionId: Id,
  reason: RejectReason,
  /** For the audit log only; the author sees the reason code. */
  note: z.string().trim().max(500).optional(),
});
export type RejectInput = z.input<typeof RejectInput>;

export const EditInput = z.strictObject({ questionId: Id, text: QuestionText });
export type EditInput = z.input<typeof EditInput>;

/** `questionId: null` clears the spotlight. */
export const SpotlightInput = z.strictObject({ sessionId: Id, questionId: Id.nullable() });
export type SpotlightInput = z.input<typeof SpotlightInput>;

export const MergeInput = z
  .strictObject({ sourceIds: z.array(Id).min(1).max(50), targetId: Id })
  .refine((m) => !m.sourceIds.includes(m.targetId), { message: 'a question cannot be merged into itself', path: ['sourceIds'] })
  .refine((m) => new Set(m.sourceIds).size === m.sourceIds.length, { message: 'sourceIds repeat', path: ['sourceIds'] });
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
  authorName: z.string().nullable(),
  status: z.enum(['approved', 'answered']),
  votes: z.number().int().min(0),
  /** A moderator changed the wording (the original is kept for moderators and the report). */
  edited: z.boolean(),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type QuestionView = z.infer<typeof QuestionView>;

/** A question as moderators see it, in any status. */
export const ModQuestionView = QuestionView.extend({
  status: QuestionStatus,
  anonymous: z.boolean(),
  /** Stable per person, never the name: lets moderators spot one person's many questions. */
  pseudonym: z.string(),
  originalText: z.string().nullable(),
  flagged: z.boolean(),
  flags: z.array(Flag),
  /** Blocklist entries the text matched. */
  matchedWords: z.array(z.string()),
  /** An earlier question by someone else with the same text, when flagged `duplicate`. */
  duplicateOf: Id.nullable(),
  rejectReason: RejectReason.nullable(),
  rejectNote: z.string().nullable(),
  mergedInto: Id.nullable(),
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
  rejectReason: RejectReason.nullable(),
  mergedInto: Id.nullable(),
  votes: z.number().int().min(0),
  createdAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type MyQuestionView = z.infer<typeof MyQuestionView>;

export const QaSnapshot = z.object({
  sessionId: Id,
  version: z.number().int().min(0),
  premoderation: z.boolean(),
  /** Status approved, most votes first, then oldest first. */
  approved: z.array(QuestionView),
  /** Status answered, most recently answered first. */
  answered: z.array(QuestionView),
  spotlight: QuestionView.nullable(),
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
  queueVersion: z.number().int().min(0),
  /** Pending questions: flagged first, then oldest first. */
  pending: z.array(ModQuestionView),
  /** The caller's last action in this session that `qa:undo` would revert, if any. */
  undoable: UndoableAction.nullable(),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

export const VoteResult = z.object({ questionId: Id, votes: z.number().int().min(0), voted: z.boolean() });
export type VoteResult = z.infer<typeof VoteResult>;

export const UndoResult = z.object({ undone: ModerationAction, questionIds: z.array(Id) });
export type UndoResult = z.infer<typeof UndoResult>;

// ─── Broadcasts ───────────────────────────────────────────────────────────────────

/** A question entered the public list (approved, or restored by an undo). */
export const QuestionEvent = z.object({ sessionId: Id, version: z.number().int(), question: QuestionView });
export type QuestionEvent = z.infer<typeof QuestionEvent>;

/** A question left the public list. `reason` tells the client how to say it. */
export const QuestionRemoved = z.object({
  sessionId: Id,
  version: z.number().int(),
  questionId: Id,
  reason: z.enum(['rejected', 'merged', 'unapproved']),
  mergedInto: Id.nullable(),
});
export type QuestionRemoved = z.infer<typeof QuestionRemoved>;

/** Absolute vote counts of questions whose count changed; `asOf` is the version at the time. */
export const RankingUpdate = z.object({
  sessionId: Id,
  asOf: z.number().int(),
  votes: z.array(z.tuple([Id, z.number().int().min(0)])),
});
export type RankingUpdate = z.infer<typeof RankingUpdate>;

/** The question on the stream and in front of the speaker, or none. */
export const SpotlightChanged = z.object({ sessionId: Id, version: z.number().int(), question: QuestionView.nullable() });
export type SpotlightChanged = z.infer<typeof SpotlightChanged>;

export const PremoderationChanged = z.object({ sessionId: Id, version: z.number().int(), enabled: z.boolean() });
export type PremoderationChanged = z.infer<typeof PremoderationChanged>;

export const QueueUpserted = z.object({ sessionId: Id, queueVersion: z.number().int(), question: ModQuestionView });
export type QueueUpserted = z.infer<typeof QueueUpserted>;

/** A question left the pending queue; `status` is where it went. */
export const QueueRemoved = z.object({ sessionId: Id, queueVersion: z.number().int(), questionId: Id, status: QuestionStatus });
export type QueueRemoved = z.infer<typeof QueueRemoved>;

export interface QaClientEvents {
  /** Public state plus the caller's own questions and votes. Anyone. Errors: not_found. */
  'qa:snapshot': (input: SessionScoped, ack: AckCallback<QaSnapshot>) => void;
  /** The pending queue. Moderators of the session. Errors: forbidden, not_found. */
  'qa:queue': (input: SessionScoped, ack: AckCallback<QueueSnapshot>) => void;
  /** One question with moderator details. Moderators. Errors: forbidden, not_found. */
  'qa:inspect': (input: QuestionRef, ack: AckCallback<ModQuestionView>) => void;
  /**
   * Ask while the session is live. Approved at once when pre-moderation is off, unless
   * flagged (blocklist, or the same text as someone else's question).
   * Errors: invalid_input, not_found, invalid_state (not live), conflict (you asked this
   * already), rate_limited (details.retryAfterMs).
   */
  'qa:ask': (input: AskInput, ack: AckCallback<MyQuestionView>) => void;
  /** One vote per person; repeating is a no-op. Errors: not_found, invalid_state, rate_limited. */
  'qa:vote': (input: QuestionRef, ack: AckCallback<VoteResult>) => void;
  /** Withdraws the caller's vote; a no-op if there is none. Same errors as `qa:vote`. */
  'qa:unvote': (input: QuestionRef, ack: AckCallback<VoteResult>) => void;
  /** Moderators: pending or rejected → approved. */
  'qa:approve': (input: QuestionRef, ack: AckCallback<ModQuestionView>) => void;
  /** Moderators: pending or approved → rejected with a reason the author sees. */
  'qa:reject': (input: RejectInput, ack: AckCallback<ModQuestionView>) => void;
  /** Moderators: reword; the first original text is kept. */
  'qa:edit': (input: EditInput, ack: AckCallback<ModQuestionView>) => void;
  /** Moderators and the session's speakers: approved → answered. */
  'qa:answered': (input: QuestionRef, ack: AckCallback<ModQuestionView>) => void;
  /** Moderators: put an approved or answered question in the spotlight, or clear it. */
  'qa:spotlight': (input: SpotlightInput, ack: AckCallback<{ questionId: string | null }>) => void;
  /** Moderators: sources become `merged` into target; their voters vote for the target, once each. */
  'qa:merge': (input: MergeInput, ack: AckCallback<ModQuestionView>) => void;
  /** Moderators: switch pre-moderation; pending questions stay pending either way. */
  'qa:premoderation': (input: PremoderationInput, ack: AckCallback<{ enabled: boolean }>) => void;
  /**
   * Moderators: revert the caller's own last not-yet-undone action in this session
   * (repeat to go further back). Errors: not_found (nothing to undo), conflict (someone
   * changed those questions since).
   */
  'qa:undo': (input: SessionScoped, ack: AckCallback<UndoResult>) => void;
}

export interface QaServerEvents {
  'qa:questionApproved': (p: QuestionEvent) => void;
  /** Text, status (answered ⇄ approved) or votes of a public question changed. */
  'qa:questionUpdated': (p: QuestionEvent) => void;
  'qa:questionRemoved': (p: QuestionRemoved) => void;
  'qa:ranking': (p: RankingUpdate) => void;
  'qa:spotlightChanged': (p: SpotlightChanged) => void;
  'qa:premoderationChanged': (p: PremoderationChanged) => void;
  /** To the author only (all their tabs). */
  'qa:mine': (p: MyQuestionView) => void;
  /** To moderators: a question entered or changed in the pending queue. */
  'qa:queueUpserted': (p: QueueUpserted) => void;
  'qa:queueRemoved': (p: QueueRemoved) => void;
}

/** One line of a session's audit trail, as moderators and organizers read it. */
export const AuditEntryView = z.object({
  at: z.string(),
  domain: z.string(),
  action: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable(),
  targetId: z.string().nullable(),
  reason: z.string().nullable(),
});
export type AuditEntryView = z.infer<typeof AuditEntryView>;
