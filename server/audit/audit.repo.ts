import type { Queryable } from '../../platform/db';
import type { Actor } from '../people/actor';

export interface AuditEntry {
  actor: Actor;
  forumId: string;
  sessionId?: string | null;
  /** The domain that acted: 'qa', 'recs', 'agenda', 'tracker', … */
  domain: string;
  /** What was done, e.g. 'question.approve'. */
  action: string;
  targetId?: string | null;
  reason?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditRecord {
  id: number;
  at: string;
  actorId: string;
  actorName: string | null;
  forumId: string;
  sessionId: string | null;
  domain: string;
  action: string;
  targetId: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

export interface AuditFilter {
  forumId: string;
  sessionId?: string;
  domain?: string;
  limit?: number;
}

interface Row {
  id: string | number;
  at: Date;
  actor_id: string;
  actor_name: string | null;
  forum_id: string;
  session_id: string | null;
  domain: string;
  action: string;
  target_id: string | null;
  reason: string | null;
  details: Record<string, unknown>;
}

const toRecord = (r: Row): AuditRecord => ({
  id: Number(r.id),
  at: new Date(r.at).toISOString(),
  actorId: r.actor_id,
  actorName: r.actor_name,
  forumId: r.forum_id,
  sessionId: r.session_id,
  domain: r.domain,
  action: r.action,
  targetId: r.target_id,
  reason: r.reason,
  details: r.details,
});

export async function insertEntry(q: Queryable, e: AuditEntry): Promise<void> {
  await q.query(
    `insert into audit_log(actor_id, actor_name, forum_id, session_id, domain, action, target_id, reason, details)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [e.actor.id, e.actor.displayName, e.forumId, e.sessionId ?? null, e.domain, e.action, e.targetId ?? null, e.reason ?? null, e.details ?? {}],
  );
}

/** Entries oldest first. */
export async function listEntries(q: Queryable, f: AuditFilter): Promise<AuditRecord[]> {
  const { rows } = await q.query<Row>(
    `select id::text, at, actor_id, actor_name, forum_id, session_id, domain, action, target_id, reason, details
       from audit_log
      where forum_id = $1 and ($2::uuid is null or session_id = $2) and ($3::text is null or domain = $3)
      order by at, id limit $4`,
    [f.forumId, f.sessionId ?? null, f.domain ?? null, f.limit ?? 100_000],
  );
  return rows.map(toRecord);
}
