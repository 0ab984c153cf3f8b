/**
 * Compile revisions and their artifacts, as the API uses them (requests, publishing,
 * downloads). What workers write is in workers/recommendations/compile-results.repo.ts.
 */
import type { CompileFormat, CompileScope, RevisionStatus } from '../../common/recs.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';

export interface RevisionRow {
  id: string;
  forum_id: string;
  session_id: string | null;
  scope: CompileScope;
  revision: number;
  reason: 'session.ended' | 'recompile' | 'forum';
  input_hash: string;
  status: RevisionStatus;
  error: string | null;
  created_at: Date | string;
  started_at: Date | string | null;
  completed_at: Date | string | null;
  published_at: Date | string | null;
}

const COLUMNS = 'id, forum_id, session_id, scope, revision, reason, input_hash, status, error, created_at, started_at, completed_at, published_at';
const NIL = '00000000-0000-0000-0000-000000000000';

export interface Target {
  scope: CompileScope;
  forumId: string;
  /** null for the forum-wide set */
  sessionId: string | null;
}

/** Serializes revision numbering per target inside the caller's transaction. */
export async function lockTarget(q: Queryable, t: Target): Promise<void> {
  await q.query('select pg_advisory_xact_lock(hashtext($1))', [`birge:compile:${t.scope}:${t.forumId}:${t.sessionId ?? ''}`]);
}

export function latestRevision(q: Queryable, t: Target): Promise<RevisionRow | undefined> {
  return one<RevisionRow>(
    q,
    `select ${COLUMNS} from compile_revisions
      where forum_id = $1 and scope = $2 and coalesce(session_id, '${NIL}'::uuid) = coalesce($3::uuid, '${NIL}'::uuid)
      order by revision desc limit 1`,
    [t.forumId, t.scope, t.sessionId],
  );
}

export async function insertRevision(
  q: Queryable,
  r: Target & { revision: number; reason: RevisionRow['reason']; requestedBy: string | null; input: string; inputHash: string; queue: string },
): Promise<RevisionRow> {
  const row = await one<RevisionRow>(
    q,
    `insert into compile_revisions(forum_id, session_id, scope, revision, reason, requested_by, input, input_hash, queue)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning ${COLUMNS}`,
    [r.forumId, r.sessionId, r.scope, r.revision, r.reason, r.requestedBy, r.input, r.inputHash, r.queue],
  );
  return row!;
}

/** Revisions of a target (or of a whole forum when sessionId is undefined), newest first. */
export async function listRevisions(q: Queryable, forumId: string, filter: { scope?: CompileScope; sessionId?: string | null } = {}): Promise<RevisionRow[]> {
  const { rows } = await q.query<RevisionRow>(
    `select ${COLUMNS} from compile_revisions
      where forum_id = $1 and ($2::text is null or scope = $2)
        and ($3::boolean is false or coalesce(session_id, '${NIL}'::uuid) = coalesce($4::uuid, '${NIL}'::uuid))
      order by scope, session_id nulls first, revision desc`,
    [forumId, filter.scope ?? null, filter.sessionId !== undefined, filter.sessionId ?? null],
  );
  return rows;
}

export function revisionById(q: Queryable, id: string): Promise<RevisionRow | undefined> {
  return one<RevisionRow>(q, `select ${COLUMNS} from compile_revisions where id = $1`, [id]);
}

export function findRevision(q: Queryable, t: Target, revision: number): Promise<RevisionRow | undefined> {
  return one<RevisionRow>(
    q,
    `select ${COLUMNS} from compile_revisions
      where forum_id = $1 and scope = $2 and coalesce(session_id, '${NIL}'::uuid) = coalesce($3::uuid, '${NIL}'::uuid) and revision = $4`,
    [t.forumId, t.scope, t.sessionId, revision],
  );
}

/** The newest finished revision, optionally only among published ones. */
export function latestDone(q: Queryable, t: Target, publishedOnly: boolean): Promise<RevisionRow | undefined> {
  return one<RevisionRow>(
    q,
    `select ${COLUMNS} from compile_revisions
      where forum_id = $1 and scope = $2 and coalesce(session_id, '${NIL}'::uuid) = coalesce($3::uuid, '${NIL}'::uuid)
        and status = 'done' and ($4::boolean is false or published_at is not null)
      order by revision desc limit 1`,
    [t.forumId, t.scope, t.sessionId, publishedOnly],
  );
}

export interface ArtifactMeta {
  revision_id: string;
  format: CompileFormat;
  size: number;
  sha256: string;
}

export async function artifactsOf(q: Queryable, revisionIds: string[]): Promise<ArtifactMeta[]> {
  if (!revisionIds.length) return [];
  const { rows } = await q.query<ArtifactMeta>(
    `select revision_id, format, size, sha256 from compile_artifacts where revision_id = any($1::uuid[]) order by revision_id, format`,
    [revisionIds],
  );
  return rows;
}

/** Artifacts are read in slices of this size: one big bytea would be parsed in a single event-loop turn. */
const SLICE = 256 * 1024;

export interface ArtifactHead {
  size: number;
  contentType: string;
  sha256: string;
}

export async function artifactHead(q: Queryable, revisionId: string, format: CompileFormat): Promise<ArtifactHead | undefined> {
  const meta = await one<{ size: number; content_type: string; sha256: string }>(
    q,
    'select size, content_type, sha256 from compile_artifacts where revision_id = $1 and format = $2',
    [revisionId, format],
  );
  return meta && { size: meta.size, contentType: meta.content_type, sha256: meta.sha256 };
}

/** An artifact's bytes, slice by slice (artifacts never change once stored, so the slices are of one version). */
export async function* artifactSlices(q: Queryable, revisionId: string, format: CompileFormat, size: number, slice = SLICE): AsyncGenerator<Buffer> {
  for (let from = 0; from < size; from += slice) {
    const r = await one<{ part: Uint8Array }>(
      q,
      'select substring(bytes from $3 for $4) as part from compile_artifacts where revision_id = $1 and format = $2',
      [revisionId, format, from + 1, slice],
    );
    if (!r) throw new Error(`artifact ${revisionId}/${format} vanished while being read`);
    // pg returns a Buffer, PGlite a Uint8Array.
    yield Buffer.from(r.part.buffer, r.part.byteOffset, r.part.byteLength);
  }
}

export async function readArtifact(q: Queryable, revisionId: string, format: CompileFormat): Promise<{ bytes: Buffer } & ArtifactHead | undefined> {
  const head = await artifactHead(q, revisionId, format);
  if (!head) return undefined;
  const parts: Buffer[] = [];
  for await (const part of artifactSlices(q, revisionId, format, head.size)) parts.push(part);
  return { ...head, bytes: Buffer.concat(parts) };
}

export async function setPublished(q: Queryable, id: string, by: string | null): Promise<RevisionRow> {
  const row = await one<RevisionRow>(
    q,
    `update compile_revisions set published_at = case when $2::uuid is null then null else coalesce(published_at, now()) end, published_by = $2
      where id = $1 returning ${COLUMNS}`,
    [id, by],
  );
  return row!;
}

/** Revisions of this queue that never finished: re-enqueued at start, in case the API stopped between commit and enqueue. */
export async function unfinished(q: Queryable, queue: string): Promise<RevisionRow[]> {
  const { rows } = await q.query<RevisionRow>(
    `select ${COLUMNS} from compile_revisions where status in ('queued', 'running') and (queue = $1 or queue is null) order by created_at`,
    [queue],
  );
  return rows;
}

export async function readInput(q: Queryable, id: string): Promise<string | undefined> {
  return (await one<{ input: string }>(q, 'select input from compile_revisions where id = $1', [id]))?.input;
}
