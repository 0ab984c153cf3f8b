import { z } from 'zod';
import { Id, type Lang } from '../../common/base';
import { AppError } from '../../common/errors';
import type { OrgRef } from '../../common/organizations.contract';
import { QuestionStatus, RejectReason, type Flag } from '../../common/qa.contract';

/** A question as the server holds it. */
export interface Question {
  id: string;
  sessionId: string;
  forumId: string;
  authorId: string;
  authorName: string | null;
  anonymous: boolean;
  lang: Lang;
  text: string;
  originalText: string | null;
  normalized: string;
  status: QuestionStatus;
  flags: Flag[];
  matchedWords: string[];
  duplicateOf: string | null;
  rejectReason: RejectReason | null;
  rejectNote: string | null;
  mergedInto: string | null;
  votes: number;
  createdAt: string;
  approvedAt: string | null;
  answeredAt: string | null;
  /** The organization the author speaks for now, read with the question (views hide it when anonymous). */
  organization: OrgRef | null;
}

/**
 * The part of a question moderation changes. The undo journal stores it as JSON before and
 * after each action, and parses it back with this schema.
 */
export const QuestionState = z.object({
  status: QuestionStatus,
  text: z.string(),
  originalText: z.string().nullable(),
  rejectReason: z.nullable(RejectReason),
  rejectNote: z.string().nullable(),
  mergedInto: z.nullable(Id),
  approvedAt: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export type QuestionState = z.infer<typeof QuestionState>;

export function stateOf(q: Question): QuestionState {
  return {
    status: q.status,
    text: q.text,
    originalText: q.originalText,
    rejectReason: q.rejectReason,
    rejectNote: q.rejectNote,
    mergedInto: q.mergedInto,
    approvedAt: q.approvedAt,
    answeredAt: q.answeredAt,
  };
}

export function sameState(a: QuestionState, b: QuestionState): boolean {
  return (Object.keys(a) as (keyof QuestionState)[]).every((k) => a[k] === b[k]);
}

/** Viewers see these. */
export const isPublic = (s: QuestionStatus) => s === 'approved' || s === 'answered';

function refuse(q: QuestionState, doing: string): never {
  throw new AppError('invalid_state', `cannot ${doing} a question that is ${q.status}`, { status: q.status });
}

// The moderation rules, one pure function per action: current state in, next state out.

export function approve(q: QuestionState, now: string): QuestionState {
  if (q.status !== 'pending' && q.status !== 'rejected') refuse(q, 'approve');
  return { ...q, status: 'approved', rejectReason: null, rejectNote: null, approvedAt: now };
}

export function reject(q: QuestionState, reason: RejectReason, note: string | null): QuestionState {
  if (q.status !== 'pending' && q.status !== 'approved') refuse(q, 'reject');
  return { ...q, status: 'rejected', rejectReason: reason, rejectNote: note };
}

export function edit(q: QuestionState, text: string): QuestionState {
  if (q.status === 'merged') refuse(q, 'edit');
  if (text === q.text) throw new AppError('invalid_input', 'the text is unchanged');
  // The first original is what the author wrote; later edits do not replace it.
  return { ...q, text, originalText: q.originalText ?? q.text };
}

export function markAnswered(q: QuestionState, now: string): QuestionState {
  if (q.status !== 'approved') refuse(q, 'mark answered');
  return { ...q, status: 'answered', answeredAt: now };
}

export function mergeInto(q: QuestionState, targetId: string): QuestionState {
  if (q.status === 'merged') refuse(q, 'merge');
  return { ...q, status: 'merged', mergedInto: targetId };
}

export function canBeMergeTarget(q: QuestionState): void {
  if (q.status === 'merged' || q.status === 'rejected') refuse(q, 'merge into');
}

export function canBeSpotlit(q: QuestionState): void {
  if (!isPublic(q.status)) refuse(q, 'spotlight');
}
