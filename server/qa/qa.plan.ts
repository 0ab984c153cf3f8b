import type { ModQuestionView, MyQuestionView, QaChange, QuestionStatus } from '../../common/qa.contract';
import { isPublic, type Question } from './qa.model';
import { modView, myView, publicView } from './qa.views';

/** A change viewers of the session see; the broadcaster numbers each with the next public version. */
export type PublicChange = QaChange extends infer C ? (C extends unknown ? Omit<C, 'version'> : never) : never;

/** A change of the moderators' pending queue; each gets the next queue version. */
export type QueueChange = { type: 'upserted'; question: ModQuestionView } | { type: 'removed'; questionId: string; status: QuestionStatus };

export interface Plan {
  public: PublicChange[];
  queue: QueueChange[];
  /** Authors to tell about their own question. */
  mine: { authorId: string; view: MyQuestionView }[];
}

export interface Change {
  /** null for a question that did not exist before. */
  before: Question | null;
  after: Question;
}

export interface SessionChange {
  spotlightBefore: string | null;
  spotlightAfter: string | null;
  /** The spotlit question after the change (when spotlightAfter is set). */
  spotlit: Question | null;
  premoderationBefore: boolean;
  premoderationAfter: boolean;
}

const seenByViewers = (b: Question, a: Question) =>
  b.text !== a.text ||
  b.status !== a.status ||
  b.votes !== a.votes ||
  b.answeredAt !== a.answeredAt ||
  b.originalText !== a.originalText ||
  (!a.anonymous && b.organization?.id !== a.organization?.id);
const seenByModerators = (b: Question, a: Question) => seenByViewers(b, a) || b.flags.join() !== a.flags.join();
const seenByAuthor = (b: Question, a: Question) =>
  b.text !== a.text || b.status !== a.status || b.rejectReason !== a.rejectReason || b.mergedInto !== a.mergedInto || b.answeredAt !== a.answeredAt;

/**
 * Turns row changes made in one transaction into the events each audience must get.
 * Pure, so every moderation action, its undo and asking share one set of rules.
 */
export function plan(changes: readonly Change[], session: SessionChange): Plan {
  const out: Plan = { public: [], queue: [], mine: [] };
  let spotlitChanged = false;
  for (const { before, after } of changes) {
    const wasPublic = before !== null && isPublic(before.status);
    const nowPublic = isPublic(after.status);
    if (!wasPublic && nowPublic) out.public.push({ type: 'approved', question: publicView(after) });
    else if (wasPublic && !nowPublic) {
      const reason = after.status === 'merged' ? 'merged' : after.status === 'rejected' ? 'rejected' : 'unapproved';
      out.public.push({ type: 'removed', questionId: after.id, reason, mergedInto: after.mergedInto });
    } else if (wasPublic && nowPublic && seenByViewers(before, after)) {
      out.public.push({ type: 'updated', question: publicView(after) });
      if (after.id === session.spotlightAfter) spotlitChanged = true;
    }

    const wasPending = before?.status === 'pending';
    const nowPending = after.status === 'pending';
    if (nowPending && (!wasPending || seenByModerators(before, after))) out.queue.push({ type: 'upserted', question: modView(after) });
    else if (wasPending && !nowPending) out.queue.push({ type: 'removed', questionId: after.id, status: after.status });

    if (before === null || seenByAuthor(before, after)) out.mine.push({ authorId: after.authorId, view: myView(after) });
  }
  if (session.spotlightBefore !== session.spotlightAfter || spotlitChanged) {
    out.public.push({ type: 'spotlight', question: session.spotlit && session.spotlightAfter ? publicView(session.spotlit) : null });
  }
  if (session.premoderationBefore !== session.premoderationAfter) {
    out.public.push({ type: 'premoderation', enabled: session.premoderationAfter });
  }
  return out;
}
