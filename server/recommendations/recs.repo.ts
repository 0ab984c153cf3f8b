import type { Lang } from '../../common/base';
import type { InputRecommendation } from '../../common/jobs';
import type { OrgRef } from '../../common/organizations.contract';
import type { RecOrigin, RecState, RecView } from '../../common/recs.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export interface RecRow {
  id: string;
  forum_id: string;
  session_id: string;
  text: string;
  lang: Lang;
  addressee: string | null;
  state: RecState;
  origin: RecOrigin;
  source_question_id: string | null;
  answer: string | null;
  author_id: string;
  author_kind: 'citizen' | 'account';
  author_name: string | null;
  merged_into: string | null;
  endorsements: number;
  created_at: Date | string;
  updated_at: Date | string;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export const toView = (r: RecRow, organization: OrgRef | null = null): RecView => ({
  id: r.id,
  forumId: r.forum_id,
  sessionId: r.session_id,
  text: r.text,
  lang: r.lang,
  addressee: r.addressee,
  state: r.state,
  origin: r.origin,
  sourceQuestionId: r.source_question_id,
  answer: r.answer,
  authorName: r.author_name,
  endorsements: r.endorsements,
  mergedInto: r.merged_into,
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  organization,
});

export interface NewRec {
  forumId: string;
  sessionId: string;
  text: string;
  lang: Lang;
  addressee: string | null;
  state: RecState;
  origin: RecOrigin;
  sourceQuestionId: string | null;
  answer: string | null;
  authorId: string;
  authorKind: 'citizen' | 'account';
  authorName: string | null;
}

export async function insertRec(q: Queryable, r: NewRec): Promise<RecRow> {
  const row = await one<RecRow>(
    q,
    `insert into recommendations(forum_id, session_id, text, lang, addressee, state, origin, source_question_id, answer, author_id, author_kind, author_name)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) returning *`,
    [r.forumId, r.sessionId, r.text, r.lang, r.addressee, r.state, r.origin, r.sourceQuestionId, r.answer, r.authorId, r.authorKind, r.authorName],
  );
  return row!;
}

export function findRec(q: Queryable, id: string, lock = false): Promise<RecRow | undefined> {
  return one<RecRow>(q, `select * from recommendations where id = $1${lock ? ' for update' : ''}`, [id]);
}

/** Several rows locked in id order, so two merges touching the same items cannot deadlock. */
export async function lockRecs(q: Queryable, ids: string[]): Promise<RecRow[]> {
  const { rows } = await q.query<RecRow>('select * from recommendations where id = any($1::uuid[]) order by id for update', [ids]);
  return rows;
}

/** A forum's drafts and open items by `authorId` or made from one of `questionIds`: those that show that person's organization. */
export async function recsShowing(q: Queryable, forumId: string, authorId: string, questionIds: readonly string[]): Promise<RecRow[]> {
  const { rows } = await q.query<RecRow>(
    `select * from recommendations where forum_id = $1 and state in ('draft', 'open')
        and ((origin = 'citizen' and author_id = $2) or (origin = 'question' and source_question_id = any($3::uuid[])))
      order by created_at, id`,
    [forumId, authorId, questionIds],
  );
  return rows;
}

export async function listRecs(q: Queryable, sessionId: string, states: readonly RecState[]): Promise<RecRow[]> {
  const { rows } = await q.query<RecRow>(
    'select * from recommendations where session_id = $1 and state = any($2::text[]) order by created_at, id',
    [sessionId, states],
  );
  return rows;
}

export interface RecPatch {
  text?: string;
  lang?: Lang;
  addressee?: string | null;
  state?: RecState;
  mergedInto?: string | null;
}

export async function updateRec(q: Queryable, id: string, p: RecPatch): Promise<RecRow> {
  const row = await one<RecRow>(
    q,
    `update recommendations set
       text = coalesce($2, text),
       lang = coalesce($3, lang),
       addressee = case when $4::boolean then $5 else addressee end,
       state = coalesce($6, state),
       merged_into = case when $7::boolean then $8::uuid else merged_into end,
       updated_at = now()
     where id = $1 returning *`,
    [id, p.text ?? null, p.lang ?? null, p.addressee !== undefined, p.addressee ?? null, p.state ?? null, p.mergedInto !== undefined, p.mergedInto ?? null],
  );
  return row!;
}

/** Items earlier merged into one of `from` now point at `to`, so merges never chain. */
export async function repointMerged(q: Queryable, from: string[], to: string): Promise<RecRow[]> {
  const { rows } = await q.query<RecRow>(
    `update recommendations set merged_into = $2, updated_at = now() where merged_into = any($1::uuid[]) returning *`,
    [from, to],
  );
  return rows;
}

/** Adds the endorsement; returns the new count, or undefined if this identity had already endorsed. */
export async function addEndorsement(q: Queryable, recId: string, endorserId: string): Promise<number | undefined> {
  const ins = await q.query('insert into recommendation_endorsements(recommendation_id, endorser_id) values ($1, $2) on conflict do nothing', [recId, endorserId]);
  if (ins.rowCount === 0) return undefined;
  const r = await one<{ endorsements: number }>(q, 'update recommendations set endorsements = endorsements + 1 where id = $1 returning endorsements', [recId]);
  return r!.endorsements;
}

/** Removes the endorsement; returns the new count, or undefined if there was none. */
export async function removeEndorsement(q: Queryable, recId: string, endorserId: string): Promise<number | undefined> {
  const del = await q.query('delete from recommendation_endorsements where recommendation_id = $1 and endorser_id = $2', [recId, endorserId]);
  if (del.rowCount === 0) return undefined;
  const r = await one<{ endorsements: number }>(q, 'update recommendations set endorsements = endorsements - 1 where id = $1 returning endorsements', [recId]);
  return r!.endorsements;
}

export async function endorsedIn(q: Queryable, sessionId: string, endorserId: string): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `select e.recommendation_id as id from recommendation_endorsements e
       join recommendations r on r.id = e.recommendation_id
      where r.session_id = $1 and e.endorser_id = $2 order by e.created_at, e.recommendation_id`,
    [sessionId, endorserId],
  );
  return rows.map((r) => r.id);
}

/** What a compilation takes: open and merged items (drafts and hidden ones stay out), oldest first. */
export async function forCompile(q: Queryable, sessionId: string): Promise<InputRecommendation[]> {
  const rows = await listRecs(q, sessionId, ['open', 'merged']);
  return rows.map((r) => ({
    id: r.id,
    text: r.text,
    lang: r.lang,
    addressee: r.addressee,
    state: r.state === 'merged' ? 'merged' : 'open',
    origin: r.origin,
    sourceQuestionId: r.source_question_id,
    answer: r.answer,
    authorName: r.author_name,
    endorsements: r.endorsements,
    mergedInto: r.merged_into,
    createdAt: iso(r.created_at),
  }));
}

/** Who wrote and who endorsed the session's open and merged items: for the organizations behind each. */
export async function peopleOf(q: Queryable, sessionId: string): Promise<{ authors: Map<string, string>; endorsements: { recommendation_id: string; endorser_id: string }[] }> {
  const [authors, endorsements] = await Promise.all([
    q.query<{ id: string; author_id: string }>(`select id, author_id from recommendations where session_id = $1 and state in ('open', 'merged')`, [sessionId]),
    q.query<{ recommendation_id: string; endorser_id: string }>(
      `select e.recommendation_id, e.endorser_id from recommendation_endorsements e join recommendations r on r.id = e.recommendation_id
        where r.session_id = $1 and r.state in ('open', 'merged') order by e.recommendation_id, e.endorser_id`,
      [sessionId],
    ),
  ]);
  return { authors: new Map(authors.rows.map((r) => [r.id, r.author_id])), endorsements: endorsements.rows };
}
