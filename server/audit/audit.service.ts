import type { AuditEntryView } from '../../common/audit.contract';
import { toCsv } from '../../platform/csv';
import type { Db, Queryable } from '../../platform/db';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import * as repo from './audit.repo';
import type { AuditEntry, AuditFilter, AuditRecord } from './audit.repo';

export type { AuditEntry, AuditRecord } from './audit.repo';

/** The session an audit read is about (the caller has looked it up). */
export interface AuditedSession {
  id: string;
  forumId: string;
}

/**
 * The audit trail: who did what, when and why. `record` takes the caller's transaction
 * so the action and its audit line commit together or not at all.
 */
export class AuditService {
  constructor(
    private readonly db: Db,
    private readonly roles: Pick<RolesService, 'require'>,
  ) {}

  async record(q: Queryable, e: AuditEntry): Promise<void> {
    await repo.insertEntry(q, e);
  }

  /** Entries oldest first; filter by session or by forum (all its sessions), optionally by domain. No access check: callers are server-side. */
  async list(filter: AuditFilter): Promise<AuditRecord[]> {
    return repo.listEntries(this.db, filter);
  }

  /** A session's trail, newest first, for its moderators and the forum's organizers. */
  async sessionTrail(actor: Actor, s: AuditedSession): Promise<AuditEntryView[]> {
    await this.roles.require(actor, 'moderator', { forumId: s.forumId, sessionId: s.id });
    const entries = await this.list({ forumId: s.forumId, sessionId: s.id });
    return entries.reverse().map((e) => ({ at: e.at, domain: e.domain, action: e.action, actorId: e.actorId, actorName: e.actorName, targetId: e.targetId, reason: e.reason }));
  }

  /** A session's trail as CSV, oldest first, with each entry's details (organizers of the forum only). */
  async sessionCsv(actor: Actor, s: AuditedSession): Promise<string> {
    await this.roles.require(actor, 'organizer', { forumId: s.forumId });
    const entries = await this.list({ forumId: s.forumId, sessionId: s.id });
    return toCsv(
      ['at', 'domain', 'action', 'actor_name', 'actor_id', 'target_id', 'reason', 'details'],
      entries.map((e) => [e.at, e.domain, e.action, e.actorName, e.actorId, e.targetId, e.reason, JSON.stringify(e.details)]),
    );
  }
}
