/**
 * What a compile worker writes: it claims a revision, then stores its artifacts (and, for a
 * forum-wide set, the tracker's items) and marks it done in one transaction. Used directly
 * against PostgreSQL by a standalone worker, and by the API process when it serves the
 * embedded store to its own worker over IPC.
 */
import type { Artifact, TrackerSeed } from '../../common/jobs';
import type { RevisionStatus } from '../../common/recs.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

/** Locks the revision and returns its status and input; a revision already done is left as it is. */
export async function claim(q: Queryable, id: string): Promise<{ status: RevisionStatus; input: string; forum_id: string; revision: number } | undefined> {
  const r = await one<{ status: RevisionStatus; input: string; forum_id: string; revision: number }>(
    q,
    'select status, input, forum_id, revision from compile_revisions where id = $1 for update',
    [id],
  );
  if (!r || r.status === 'done') return r;
  await q.query(`update compile_revisions set status = 'running', started_at = coalesce(started_at, now()), error = null where id = $1`, [id]);
  return { ...r, status: 'running' };
}

export async function insertArtifacts(q: Queryable, revisionId: string, artifacts: Artifact[]): Promise<void> {
  for (const a of artifacts) {
    const bytes = Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength);
    await q.query(
      `insert into compile_artifacts(revision_id, format, content_type, bytes, size, sha256) values ($1, $2, $3, $4, $5, $6)
       on conflict (revision_id, format) do update set content_type = excluded.content_type, bytes = excluded.bytes, size = excluded.size, sha256 = excluded.sha256, created_at = now()`,
      [revisionId, a.format, a.contentType, bytes, bytes.byteLength, a.sha256],
    );
  }
}

export async function markDone(q: Queryable, id: string): Promise<void> {
  await q.query(`update compile_revisions set status = 'done', completed_at = now(), error = null where id = $1`, [id]);
}

export async function markFailed(q: Queryable, id: string, reason: string): Promise<void> {
  await q.query(`update compile_revisions set status = 'failed', completed_at = now(), error = $2 where id = $1 and status <> 'done'`, [id, reason.slice(0, 2000)]);
}

/**
 * Makes the forum's tracker follow a new forum-wide set: items are matched by key and
 * keep their status and history; new ones start as 'new'; items no longer in the set
 * stop being current but are kept. The set's own texts are kept too (`tracker_set_items`),
 * because the public reads the newest published set, which may be an older one.
 * Runs in the transaction that stores the set.
 */
export async function syncTracker(q: Queryable, set: { revisionId: string; forumId: string; revision: number }, seeds: TrackerSeed[]): Promise<void> {
  const { forumId, revision } = set;
  const rows = seeds.map((s) => ({ ...s, sessionIds: s.sessionIds.join(',') }));
  await q.query(
    `insert into tracker_items(forum_id, key, number, text, lang, addressee, support, session_ids, current, source_revision)
     select $1, x.key, x.number, x.text, x.lang, x.addressee, x.support, string_to_array(x."sessionIds", ',')::uuid[], true, $2
       from jsonb_to_recordset($3::jsonb) as x(key uuid, number int, text text, lang text, addressee text, support int, "sessionIds" text)
     on conflict (forum_id, key) do update set
       number = excluded.number, text = excluded.text, lang = excluded.lang, addressee = excluded.addressee,
       support = excluded.support, session_ids = excluded.session_ids, current = true, source_revision = excluded.source_revision`,
    [forumId, revision, JSON.stringify(rows)],
  );
  await q.query('update tracker_items set current = false where forum_id = $1 and source_revision <> $2', [forumId, revision]);
  await q.query(
    `insert into tracker_set_items(revision_id, item_id, number, text, lang, addressee, support, session_ids)
     select $1, id, number, text, lang, addressee, support, session_ids from tracker_items where forum_id = $2 and source_revision = $3
     on conflict do nothing`,
    [set.revisionId, forumId, revision],
  );
}
