import type { ModQuestionView, MyQuestionView, QuestionView } from '../../common/qa.contract';
import { isPublic, type Question } from './qa.model';
import { pseudonym } from './qa.text';

/** What every viewer sees. Only for approved or answered questions; the author stays hidden when anonymous. */
export function publicView(q: Question): QuestionView {
  if (!isPublic(q.status)) throw new Error(`question ${q.id} is ${q.status}, not public`);
  return {
    id: q.id,
    sessionId: q.sessionId,
    text: q.text,
    lang: q.lang,
    authorName: q.anonymous ? null : q.authorName,
    status: q.status === 'answered' ? 'answered' : 'approved',
    votes: q.votes,
    edited: q.originalText !== null,
    createdAt: q.createdAt,
    answeredAt: q.answeredAt,
    organization: q.anonymous ? null : q.organization,
  };
}

/** What moderators see: everything but an anonymous author's name (they get a pseudonym). */
export function modView(q: Question): ModQuestionView {
  return {
    id: q.id,
    sessionId: q.sessionId,
    text: q.text,
    lang: q.lang,
    authorName: q.anonymous ? null : q.authorName,
    status: q.status,
    votes: q.votes,
    edited: q.originalText !== null,
    createdAt: q.createdAt,
    answeredAt: q.answeredAt,
    // An organization with few representatives would name an anonymous asker: moderators see the pseudonym only.
    organization: q.anonymous ? null : q.organization,
    anonymous: q.anonymous,
    pseudonym: pseudonym(q.authorId, q.sessionId),
    originalText: q.originalText,
    flagged: q.flags.length > 0,
    flags: q.flags,
    matchedWords: q.matchedWords,
    duplicateOf: q.duplicateOf,
    rejectReason: q.rejectReason,
    rejectNote: q.rejectNote,
    mergedInto: q.mergedInto,
  };
}

/** What the author sees of their own question. */
export function myView(q: Question): MyQuestionView {
  return {
    id: q.id,
    sessionId: q.sessionId,
    text: q.text,
    lang: q.lang,
    anonymous: q.anonymous,
    status: q.status,
    rejectReason: q.rejectReason,
    mergedInto: q.mergedInto,
    votes: q.votes,
    createdAt: q.createdAt,
    answeredAt: q.answeredAt,
  };
}
