import type { Chapter, RecordingState } from '../../common/broadcast.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export interface RecordingRow {
  session_id: string;
  forum_id: string;
  enabled: boolean;
  state: RecordingState;
  published: boolean;
  trim_start_s: number | null;
  trim_end_s: number | null;
  started_at: Date | string | null;
  ended_at: Date | string | null;
  finalize_revision: number;
  finalized_revision: number;
  queue: string | null;
  duration_s: number | null;
  mp4_bytes: string | number | null;
  chapters: Chapter[];
  error: string | null;
}

const COLUMNS = `session_id, forum_id, enabled, state, published, trim_start_s, trim_end_s, started_at, ended_at,
  finalize_revision, finalized_revision, queue, duration_s, mp4_bytes, chapters, error`;

export function find(q: Queryable, sessionId: string, forUpdate = false): Promise<RecordingRow | undefined> {
  return one<RecordingRow>(q, `select ${COLUMNS} from recordings where session_id = $1${forUpdate ? ' for update' : ''}`, [sessionId]);
}

/** The row of a session, made (scheduled, enabled) if it has none yet. */
export async function ensure(q: Queryable, sessionId: string, forumId: string): Promise<RecordingRow> {
  await q.query(`insert into recordings(session_id, forum_id) values ($1, $2) on conflict (session_id) do nothing`, [sessionId, forumId]);
  return (await find(q, sessionId, true))!;
}

export async function listForum(q: Queryable, forumId: string): Promise<RecordingRow[]> {
  const { rows } = await q.query<RecordingRow>(`select ${COLUMNS} from recordings where forum_id = $1 order by started_at nulls last`, [forumId]);
  return rows;
}

export async function listPublished(q: Queryable, forumId: string): Promise<RecordingRow[]> {
  const { rows } = await q.query<RecordingRow>(`select ${COLUMNS} from recordings where forum_id = $1 and state = 'ready' and published order by started_at`, [forumId]);
  return rows;
}

/** Recordings whose session is live right now (the programs a starting server resumes). */
export async function listLive(q: Queryable): Promise<RecordingRow[]> {
  const { rows } = await q.query<RecordingRow>(`select ${COLUMNS} from recordings where state = 'live'`);
  return rows;
}

/** The outbox: finalizations asked for and not finished, on this deployment's queue. */
export async function listPending(q: Queryable, queue: string): Promise<RecordingRow[]> {
  const { rows } = await q.query<RecordingRow>(
    `select ${COLUMNS} from recordings where state = 'processing' and finalize_revision > finalized_revision and coalesce(queue, $1) = $1`,
    [queue],
  );
  return rows;
}

export async function markLive(q: Queryable, sessionId: string): Promise<void> {
  await q.query(`update recordings set state = case when enabled then 'live' else 'off' end, started_at = now(), updated_at = now() where session_id = $1`, [sessionId]);
}

/** The session ended: the finalization is requested in the same transaction (outbox). */
export async function requestFinalize(q: Queryable, sessionId: string, publishAtEnd: boolean, queue: string): Promise<void> {
  await q.query(
    `update recordings set
       state = case when state = 'live' then 'processing' else state end,
       finalize_revision = finalize_revision + case when state = 'live' then 1 else 0 end,
       published = case when state = 'live' then $2 else published end,
       queue = $3, ended_at = now(), updated_at = now()
     where session_id = $1`,
    [sessionId, publishAtEnd, queue],
  );
}

export async function markCancelled(q: Queryable, sessionId: string): Promise<void> {
  await q.query(`update recordings set state = 'off', updated_at = now() where session_id = $1`, [sessionId]);
}

export async function update(
  q: Queryable,
  sessionId: string,
  patch: { enabled?: boolean; published?: boolean; trim_start_s?: number | null; trim_end_s?: number | null; refinalize?: boolean; state?: RecordingState },
): Promise<RecordingRow> {
  const r = await one<RecordingRow>(
    q,
    `update recordings set
       enabled = coalesce($2, enabled),
       published = coalesce($3, published),
       trim_start_s = case when $4 then $5 else trim_start_s end,
       trim_end_s = case when $6 then $7 else trim_end_s end,
       finalize_revision = finalize_revision + case when $8 then 1 else 0 end,
       state = case when $8 then 'processing' else coalesce($9, state) end,
       updated_at = now()
     where session_id = $1 returning ${COLUMNS}`,
    [
      sessionId,
      patch.enabled ?? null,
      patch.published ?? null,
      'trim_start_s' in patch,
      patch.trim_start_s ?? null,
      'trim_end_s' in patch,
      patch.trim_end_s ?? null,
      patch.refinalize ?? false,
      patch.state ?? null,
    ],
  );
  return r!;
}

/** A worker finished revision `revision`; an older revision finishing late changes nothing. */
export async function complete(q: Queryable, sessionId: string, revision: number, r: { durationS: number; mp4Bytes: number; chapters: Chapter[] }): Promise<boolean> {
  const { rowCount } = await q.query(
    `update recordings set finalized_revision = $2, duration_s = $3, mp4_bytes = $4, chapters = $5,
       state = case when finalize_revision = $2 and state = 'processing' then 'ready' else state end, error = null, updated_at = now()
     where session_id = $1 and finalized_revision < $2`,
    [sessionId, revision, r.durationS, r.mp4Bytes, JSON.stringify(r.chapters)],
  );
  return rowCount > 0;
}

export async function fail(q: Queryable, sessionId: string, revision: number, error: string): Promise<void> {
  await q.query(
    `update recordings set finalized_revision = $2, state = case when finalize_revision = $2 and state = 'processing' then 'failed' else state end, error = $3, updated_at = now()
      where session_id = $1 and finalized_revision < $2`,
    [sessionId, revision, error.slice(0, 500)],
  );
}

/**
 * Revision `revision` had nothing to finalize (the program wrote no segment: media is off on
 * this deployment, or the session never had a program): there is no recording, not a failed one.
 */
export async function markNothingRecorded(q: Queryable, sessionId: string, revision: number): Promise<boolean> {
  const { rowCount } = await q.query(
    `update recordings set finalized_revision = $2, state = 'off', published = false, error = null, updated_at = now()
      where session_id = $1 and finalize_revision = $2 and finalized_revision < $2 and state = 'processing'`,
    [sessionId, revision],
  );
  return rowCount > 0;
}

export async function forumSettings(q: Queryable, forumId: string): Promise<{ publishAtEnd: boolean }> {
  const r = await one<{ publish_at_end: boolean }>(q, 'select publish_at_end from broadcast_forum_settings where forum_id = $1', [forumId]);
  return { publishAtEnd: r?.publish_at_end ?? true };
}

export async function setForumSettings(q: Queryable, forumId: string, publishAtEnd: boolean): Promise<void> {
  await q.query(
    `insert into broadcast_forum_settings(forum_id, publish_at_end) values ($1, $2)
     on conflict (forum_id) do update set publish_at_end = excluded.publish_at_end`,
    [forumId, publishAtEnd],
  );
}
