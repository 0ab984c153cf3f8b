import type { RatingValue } from '../../common/ratings.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export interface RatingRow {
  recommendation_id: string;
  rater_id: string;
  value: RatingValue;
  updated_at: Date | string;
}

/** Stores or changes the identity's rating; returns it as stored. */
export async function upsertRating(q: Queryable, r: { recommendationId: string; sessionId: string; raterId: string; value: RatingValue }): Promise<RatingRow> {
  const row = await one<RatingRow>(
    q,
    `insert into recommendation_ratings(recommendation_id, session_id, rater_id, value) values ($1, $2, $3, $4)
     on conflict (recommendation_id, rater_id) do update set value = excluded.value, updated_at = now()
     returning recommendation_id, rater_id, value, updated_at`,
    [r.recommendationId, r.sessionId, r.raterId, r.value],
  );
  return row!;
}

export async function ratingsBy(q: Queryable, sessionId: string, raterId: string): Promise<RatingRow[]> {
  const { rows } = await q.query<RatingRow>(
    'select recommendation_id, rater_id, value, updated_at from recommendation_ratings where session_id = $1 and rater_id = $2 order by recommendation_id',
    [sessionId, raterId],
  );
  return rows;
}

/** Every rating of the session's open and merged items, by rater: what a compilation freezes. */
export async function ratingsForCompile(q: Queryable, sessionId: string): Promise<{ recommendation_id: string; rater_id: string; value: RatingValue }[]> {
  const { rows } = await q.query<{ recommendation_id: string; rater_id: string; value: RatingValue }>(
    `select g.recommendation_id, g.rater_id, g.value from recommendation_ratings g
       join recommendations r on r.id = g.recommendation_id
      where g.session_id = $1 and r.state in ('open', 'merged')
      order by g.rater_id, g.recommendation_id`,
    [sessionId],
  );
  return rows;
}

export async function reviewHours(q: Queryable, forumId: string): Promise<number | undefined> {
  return (await one<{ hours: number }>(q, 'select hours from forum_review_windows where forum_id = $1', [forumId]))?.hours;
}

export async function setReviewHours(q: Queryable, forumId: string, hours: number): Promise<void> {
  await q.query('insert into forum_review_windows(forum_id, hours) values ($1, $2) on conflict (forum_id) do update set hours = excluded.hours', [forumId, hours]);
}

/**
 * Ended sessions whose review window closed within the last `withinHours` and that have
 * ratings newer than their latest compilation: those a compilation must still take in.
 */
export async function closedWithLateRatings(q: Queryable, defaultHours: number, withinHours: number): Promise<string[]> {
  const { rows } = await q.query<{ id: string }>(
    `with closing as (
       select s.id, s.ended_at + make_interval(hours => coalesce(w.hours, $1)) as closes_at
         from sessions s left join forum_review_windows w on w.forum_id = s.forum_id
        where s.state = 'ended' and s.ended_at is not null)
     select c.id from closing c
      where c.closes_at <= now() and c.closes_at > now() - make_interval(hours => $2)
        and exists (
          select 1 from recommendation_ratings g where g.session_id = c.id
             and g.updated_at > coalesce((select max(r.created_at) from compile_revisions r where r.session_id = c.id), '-infinity'))
      order by c.id`,
    [defaultHours, withinHours],
  );
  return rows.map((r) => r.id);
}
