import type { Lang } from '../../common/base';
import type { Flag, QuestionStatus, RejectReason } from '../../common/qa.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';
import { AFFILIATION_COLUMNS, affiliationOf, joinAffiliation, type AffiliationColumns } from '../organizations/organizations.affiliation';
import type { Question, QuestionState } from './qa.model';

interface QuestionRow extends AffiliationColumns {
  id: string;
  session_id: string;
  forum_id: string;
  author_id: string;
  author_name: string | null;
  anonymous: boolean;
  lang: Lang;
  text: string;
  original_text: string | null;
  normalized: string;
  status: QuestionStatus;
  flags: Flag[];
  matched_words: string[];
  duplicate_of: string | null;
  reject_reason: RejectReason | null;
  reject_note: string | null;
  merged_into: string | null;
  votes: number;
  created_at: Date | string;
  approved_at: Date | string | null;
  answered_at: Date | string | null;
}

export interface QaSessionRow {
  session_id: string;
  forum_id: string;
  premoderation: boolean;
  spotlight_id: string | null;
  version: number;
  queue_version: number;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d === null ? null : iso(d));

const toQuestion = (r: QuestionRow): Question => ({
  id: r.id,
  sessionId: r.session_id,
  forumId: r.forum_id,
  authorId: r.author_id,
  authorName: r.author_name,
  anonymous: r.anonymous,
  lang: r.lang,
  text: r.text,
  originalText: r.original_text,
  normalized: r.normalized,
  status: r.status,
  flags: r.flags,
  matchedWords: r.matched_words,
  duplicateOf: r.duplicate_of,
  rejectReason: r.reject_reason,
  rejectNote: r.reject_note,
  mergedInto: r.merged_into,
  votes: r.votes,
  createdAt: iso(r.created_at),
  approvedAt: isoOrNull(r.approved_at),
  answeredAt: isoOrNull(r.answered_at),
  organization: affiliationOf(r),
});

// Every question is read with the organization its author speaks for now, in the same query:
// the snapshot and the changes viewers receive then need no lookup per question or per viewer.
const SELECT_QUESTIONS = `select q.*, ${AFFILIATION_COLUMNS} from questions q ${joinAffiliation('q', 'author_id')}`;
/** An insert or update of questions, returning its rows with their authors' organizations. */
const returningQuestions = (write: string) => `with w as (${write} returning *) select w.*, ${AFFILIATION_COLUMNS} from w ${joinAffiliation('w', 'author_id')}`;

// ─── Per-session settings and counters ───

/**
 * Locks the session's Q&A row, creating it on first use: moderation and asking in one
 * session take turns on it, which keeps its version numbers gapless and in commit order.
 */
export async function lockQaSession(q: Queryable, sessionId: string, forumId: string): Promise<QaSessionRow> {
  const lock = () => one<QaSessionRow>(q, 'select * from qa_sessions where session_id = $1 for update', [sessionId]);
  const found = await lock();
  if (found) return found;
  // Two first writers: the second insert waits for the first to commit, then does nothing.
  await q.query('insert into qa_sessions(session_id, forum_id) values ($1, $2) on conflict do nothing', [sessionId, forumId]);
  return (await lock())!;
}

export async function findQaSession(q: Queryable, sessionId: string): Promise<QaSessionRow | undefined> {
  return one<QaSessionRow>(q, 'select * from qa_sessions where session_id = $1', [sessionId]);
}

export async function updateQaSession(
  q: Queryable,
  sessionId: string,
  change: { publicEvents: number; queueEvents: number; spotlightId: string | null; premoderation: boolean },
): Promise<QaSessionRow> {
  const r = await one<QaSessionRow>(
    q,
    `update qa_sessions set version = version + $2, queue_version = queue_version + $3, spotlight_id = $4, premoderation = $5
      where session_id = $1 returning *`,
    [sessionId, change.publicEvents, change.queueEvents, change.spotlightId, change.premoderation],
  );
  return r!;
}

// ─── Questions ───

export interface NewQuestion {
  sessionId: string;
  forumId: string;
  authorId: string;
  authorName: string | null;
  anonymous: boolean;
  lang: Lang;
  text: string;
  normalized: string;
  status: 'pending' | 'approved';
  flags: Flag[];
  matchedWords: string[];
  duplicateOf: string | null;
}

export async function insertQuestion(q: Queryable, n: NewQuestion): Promise<Question> {
  const r = await one<QuestionRow>(
    q,
    returningQuestions(`insert into questions(session_id, forum_id, author_id, author_name, anonymous, lang, text, normalized, status, flags, matched_words, duplicate_of, approved_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, case when $9 = 'approved' then now() end)`),
    [n.sessionId, n.forumId, n.authorId, n.authorName, n.anonymous, n.lang, n.text, n.normalized, n.status, n.flags, n.matchedWords, n.duplicateOf],
  );
  return toQuestion(r!);
}

export async function findQuestion(q: Queryable, id: string, forUpdate = false): Promise<Question | undefined> {
  const r = await one<QuestionRow>(q, `${SELECT_QUESTIONS} where q.id = $1${forUpdate ? ' for update of q' : ''}`, [id]);
  return r && toQuestion(r);
}

/** Rows in id order, so two transactions locking overlapping sets cannot deadlock. */
export async function findQuestions(q: Queryable, ids: readonly string[], forUpdate = false): Promise<Question[]> {
  const { rows } = await q.query<QuestionRow>(
    `${SELECT_QUESTIONS} where q.id = any($1::uuid[]) order by q.id${forUpdate ? ' for update of q' : ''}`,
    [ids],
  );
  return rows.map(toQuestion);
}

/** A question by the same person with the same normalized text, whatever its status. */
export async function findOwnRepeat(q: Queryable, sessionId: string, authorId: string, normalized: string): Promise<string | undefined> {
  const r = await one<{ id: string }>(q, 'select id from questions where session_id = $1 and author_id = $2 and normalized = $3', [
    sessionId,
    authorId,
    normalized,
  ]);
  return r?.id;
}

/** The earliest live question by someone else with this normalized text. */
export async function findSameText(q: Queryable, sessionId: string, authorId: string, normalized: string): Promise<string | undefined> {
  const r = await one<{ id: string }>(
    q,
    `select id from questions where session_id = $1 and normalized = $2 and author_id <> $3
        and status in ('pending', 'approved', 'answered')
      order by created_at limit 1`,
    [sessionId, normalized, authorId],
  );
  return r?.id;
}

export async function writeState(q: Queryable, id: string, s: QuestionState): Promise<Question> {
  const r = await one<QuestionRow>(
    q,
    returningQuestions(`update questions set status = $2, text = $3, original_text = $4, reject_reason = $5, reject_note = $6,
            merged_into = $7, approved_at = $8, answered_at = $9
      where id = $1`),
    [id, s.status, s.text, s.originalText, s.rejectReason, s.rejectNote, s.mergedInto, s.approvedAt, s.answeredAt],
  );
  return toQuestion(r!);
}

export async function listByStatus(q: Queryable, sessionId: string, statuses: QuestionStatus[]): Promise<Question[]> {
  const { rows } = await q.query<QuestionRow>(
    `${SELECT_QUESTIONS} where q.session_id = $1 and q.status = any($2::text[])
      order by q.votes desc, q.created_at, q.id`,
    [sessionId, statuses],
  );
  return rows.map(toQuestion);
}

export async function listPending(q: Queryable, sessionId: string): Promise<Question[]> {
  const { rows } = await q.query<QuestionRow>(
    `${SELECT_QUESTIONS} where q.session_id = $1 and q.status = 'pending'
      order by cardinality(q.flags) > 0 desc, q.created_at, q.id`,
    [sessionId],
  );
  return rows.map(toQuestion);
}

export async function listMine(q: Queryable, sessionId: string, authorId: string): Promise<Question[]> {
  const { rows } = await q.query<QuestionRow>(`${SELECT_QUESTIONS} where q.session_id = $1 and q.author_id = $2 order by q.created_at, q.id`, [
    sessionId,
    authorId,
  ]);
  return rows.map(toQuestion);
}

/** The questions `authorId` asked in a forum under their name (not anonymously). */
export async function namedQuestionsOf(q: Queryable, forumId: string, authorId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>('select id from questions where forum_id = $1 and author_id = $2 and not anonymous', [forumId, authorId]);
  return rows.map((r) => r.id);
}

/** The sessions of a forum in which `authorId` has asked. */
export async function sessionsAskedIn(q: Queryable, forumId: string, authorId: string): Promise<string[]> {
  const { rows } = await q.query<{ session_id: string }>('select distinct session_id from questions where forum_id = $1 and author_id = $2', [forumId, authorId]);
  return rows.map((r) => r.session_id);
}

/** A session's questions, oldest first; with `answeredOr`, only the answered ones and those ids. */
export async function listAll(q: Queryable, sessionId: string, answeredOr?: readonly string[]): Promise<Question[]> {
  const { rows } = answeredOr
    ? await q.query<QuestionRow>(`${SELECT_QUESTIONS} where q.session_id = $1 and (q.status = 'answered' or q.id = any($2::uuid[])) order by q.created_at, q.id`, [sessionId, answeredOr])
    : await q.query<QuestionRow>(`${SELECT_QUESTIONS} where q.session_id = $1 order by q.created_at, q.id`, [sessionId]);
  return rows.map(toQuestion);
}

/** How many questions a session was asked, approved (answered ones included) and answered. */
export async function countsOf(q: Queryable, sessionId: string): Promise<{ asked: number; approved: number; answered: number }> {
  const r = await one<{ asked: number; approved: number; answered: number }>(
    q,
    `select count(*)::int as asked,
            (count(*) filter (where status in ('approved', 'answered')))::int as approved,
            (count(*) filter (where status = 'answered'))::int as answered
       from questions where session_id = $1`,
    [sessionId],
  );
  return r!;
}

/** Vote counts of these questions (public ones only) and the session's version, read at one instant. */
export async function rankingOf(q: Queryable, sessionId: string, ids: readonly string[]): Promise<{ asOf: number; votes: [string, number][] }> {
  const { rows } = await q.query<{ id: string | null; votes: number | null; as_of: number | null }>(
    `select s.version as as_of, x.id, x.votes
       from qa_sessions s
       left join questions x on x.session_id = s.session_id and x.id = any($2::uuid[]) and x.status in ('approved', 'answered')
      where s.session_id = $1
      order by x.id`,
    [sessionId, ids],
  );
  const votes: [string, number][] = [];
  for (const r of rows) if (r.id !== null && r.votes !== null) votes.push([r.id, r.votes]);
  return { asOf: rows[0]?.as_of ?? 0, votes };
}

// ─── Votes ───

export interface VoteOutcome {
  /** The question exists and accepts votes (approved). */
  open: boolean;
  changed: boolean;
  votes: number;
}

/** Where a vote came from, as keyed hashes (see IpHasher). */
export interface VoteOrigin {
  address: string;
  network: string;
}

/**
 * Adds a vote unless the question already has `perAddress` votes from the same address
 * (`capped`), in one call (qa_add_vote, migration 0103): the question's row lock comes first,
 * so the count that follows sees every vote committed before and concurrent votes cannot
 * overshoot; the vote is inserted unless it exists and the count raised only when it was, so
 * counts and rows never disagree. Its own transaction: call it outside one.
 */
export async function addVote(q: Queryable, questionId: string, voterId: string, origin: VoteOrigin, perAddress: number): Promise<VoteOutcome & { capped: boolean }> {
  const r = await one<{ is_open: boolean; is_changed: boolean; vote_count: number; had_voted: boolean; from_address: number }>(
    q,
    'select * from qa_add_vote($1, $2, $3, $4, $5)',
    [questionId, voterId, origin.address, origin.network, perAddress],
  );
  const changed = r!.is_changed;
  return { open: r!.is_open, changed, votes: r!.vote_count, capped: r!.is_open && !changed && !r!.had_voted && r!.from_address >= perAddress };
}

/**
 * Approved questions of a session whose votes in the last `windowSec` number at least
 * `minVotes` with at least `minShare` of them from one network.
 */
export async function voteBursts(q: Queryable, sessionId: string, windowSec: number, minVotes: number, minShare: number): Promise<{ questionId: string; recent: number; top: number }[]> {
  const { rows } = await q.query<{ question_id: string; recent: number; top: number }>(
    `with recent as (
       select v.question_id, v.net_hash, count(*)::int as n from question_votes v join questions q on q.id = v.question_id
        where q.session_id = $1 and q.status = 'approved' and v.via is null and v.created_at > now() - make_interval(secs => $2::float8)
        group by v.question_id, v.net_hash)
     select question_id, sum(n)::int as recent, max(n)::int as top from recent
      group by question_id having sum(n) >= $3::int and max(n) >= $4::float8 * sum(n)
      order by recent desc`,
    [sessionId, windowSec, minVotes, minShare],
  );
  return rows.map((r) => ({ questionId: r.question_id, recent: r.recent, top: r.top }));
}

export async function removeVote(q: Queryable, questionId: string, voterId: string): Promise<VoteOutcome> {
  const r = await one<{ open: number; changed: number; votes: number | null }>(
    q,
    `with target as (select id, votes from questions where id = $1 and status = 'approved' for update),
          del as (delete from question_votes where question_id in (select id from target) and voter_id = $2 returning question_id),
          upd as (update questions set votes = votes - 1 where id in (select question_id from del) returning votes)
     select (select count(*)::int from target) as open, (select count(*)::int from del) as changed,
            coalesce((select votes from upd), (select votes from target)) as votes`,
    [questionId, voterId],
  );
  return { open: r!.open > 0, changed: r!.changed > 0, votes: r!.votes ?? 0 };
}

export async function myVotes(q: Queryable, sessionId: string, voterId: string): Promise<string[]> {
  const { rows } = await q.query<{ question_id: string }>(
    `select v.question_id from question_votes v join questions q on q.id = v.question_id
      where q.session_id = $1 and v.voter_id = $2 and q.status in ('approved', 'answered')`,
    [sessionId, voterId],
  );
  return rows.map((r) => r.question_id);
}

/** Carries the sources' voters over to the target, each voter once; marks them with their source. */
export async function carryVotes(q: Queryable, sourceIds: readonly string[], targetId: string): Promise<void> {
  await q.query(
    `insert into question_votes(question_id, voter_id, via, ip_hash, net_hash)
     select distinct on (voter_id) $2::uuid, voter_id, question_id, ip_hash, net_hash from question_votes
      where question_id = any($1::uuid[]) order by voter_id, created_at
     on conflict do nothing`,
    [sourceIds, targetId],
  );
}

/** Takes back the votes a merge carried from these sources. */
export async function uncarryVotes(q: Queryable, sourceIds: readonly string[], targetId: string): Promise<void> {
  await q.query('delete from question_votes where question_id = $2 and via = any($1::uuid[])', [sourceIds, targetId]);
}

export async function recount(q: Queryable, id: string): Promise<Question> {
  const r = await one<QuestionRow>(
    q,
    returningQuestions('update questions set votes = (select count(*)::int from question_votes where question_id = $1) where id = $1'),
    [id],
  );
  return toQuestion(r!);
}

// ─── Undo journal ───

export interface ActionRow {
  id: string;
  action: string;
  question_ids: string[];
  before: unknown;
  after: unknown;
  created_at: Date | string;
}

export async function insertAction(
  q: Queryable,
  a: { sessionId: string; actorId: string; action: string; questionIds: string[]; before: unknown; after: unknown },
): Promise<void> {
  await q.query('insert into qa_actions(session_id, actor_id, action, question_ids, before, after) values ($1, $2, $3, $4, $5, $6)', [
    a.sessionId,
    a.actorId,
    a.action,
    a.questionIds,
    JSON.stringify(a.before),
    JSON.stringify(a.after),
  ]);
}

export async function lastAction(q: Queryable, sessionId: string, actorId: string, forUpdate = false): Promise<ActionRow | undefined> {
  return one<ActionRow>(
    q,
    `select id::text, action, question_ids, before, after, created_at from qa_actions
      where session_id = $1 and actor_id = $2 and undone_at is null
      order by id desc limit 1${forUpdate ? ' for update' : ''}`,
    [sessionId, actorId],
  );
}

export async function markUndone(q: Queryable, id: string): Promise<void> {
  await q.query('update qa_actions set undone_at = now() where id = $1', [id]);
}

/** Makes the rest of the caller's transaction read one snapshot (its first statement), so lists and versions agree. */
export async function readOneInstant(q: Queryable): Promise<void> {
  await q.query('set transaction isolation level repeatable read');
}
