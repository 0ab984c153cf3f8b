import type { SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { CompileJobData } from '../../common/jobs';
import { fillPath } from '../../common/http-route';
import { RECS_ROUTES, type CompileFormat, type CompileRevisionView, type ForumOrdering } from '../../common/recs.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import { rooms } from '../../common/rooms';
import { type AppServer } from '../realtime/socket';
import { forumInput, sessionInput, type Frozen, type InputSources } from './compile-input';
import type { Outbox } from '../outbox/outbox';
import type { CompileQueue } from './compile.queue';
import * as repo from './compile.repo';

export interface CompileDeps {
  db: Db;
  agenda: AgendaService;
  roles: RolesService;
  audit: AuditService;
  io: AppServer;
  queue: CompileQueue;
  /** Where enqueueing is recorded, in the transaction that makes the revision. */
  outbox: Outbox;
  sources: InputSources;
  log: Logger;
  /** Called after each enqueue, e.g. to start the in-process worker. */
  onEnqueued: () => void;
  /** Names this deployment's queue (the Redis prefix); revisions remember it. */
  queueName: string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

export interface Download extends repo.ArtifactHead {
  filename: string;
  /** The bytes, read slice by slice as they are sent (a large set never sits whole in memory). */
  slices(): AsyncIterable<Buffer>;
}

/**
 * Compilations of a session (made when it ends, or again on request) and of the whole
 * forum. A request freezes the input into a new revision, then enqueues a job whose
 * id is derived from that revision; workers do the rest. Revisions are immutable and
 * stay downloadable; organizers choose which are public.
 */
export class CompileService {
  constructor(private readonly d: CompileDeps) {}

  /**
   * The outbox's work for an ended session: freezes its input into the first revision and
   * enqueues it. Runs at least once (a repeat reuses that revision); a failure throws, and the
   * outbox tries again.
   */
  async compileEnded(sessionId: string): Promise<void> {
    const s = await this.d.agenda.session(sessionId);
    await this.request({ scope: 'session', forumId: s.forumId, sessionId: s.id }, 'session.ended', null, () => sessionInput(this.d.sources, s));
  }

  /**
   * A session's rating window closed: compile it again so the ratings given after its end
   * are in the documents (a no-op when nothing changed). Failures are logged; the sweep retries.
   */
  async onReviewClosed(sessionId: string): Promise<void> {
    try {
      const s = await this.d.agenda.session(sessionId);
      await this.request({ scope: 'session', forumId: s.forumId, sessionId: s.id }, 'recompile', null, () => sessionInput(this.d.sources, s));
    } catch (err) {
      this.d.log.error({ err, sessionId }, 'could not recompile a session after its review window');
    }
  }

  /** An organizer compiles an ended session again (after late edits); unchanged input returns the latest revision. */
  async recompileSession(actor: Actor, sessionId: string): Promise<CompileRevisionView> {
    const s = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'organizer', { forumId: s.forumId });
    if (s.state !== 'ended') throw new AppError('invalid_state', 'a session is compiled once it has ended', { state: s.state });
    const row = await this.request({ scope: 'session', forumId: s.forumId, sessionId: s.id }, 'recompile', actor, () => sessionInput(this.d.sources, s));
    return (await this.views([row]))[0]!;
  }

  /** An organizer merges the latest compilation of every ended session into the forum-wide set, numbered by addressee or by consensus. */
  async compileForum(actor: Actor, forumId: string, ordering: ForumOrdering = 'addressee'): Promise<CompileRevisionView> {
    const agenda = await this.d.agenda.agenda(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: agenda.forum.id });
    const sessionJson: string[] = [];
    for (const s of agenda.sessions.filter((x) => x.state === 'ended')) {
      const done = await repo.latestDone(this.d.db, { scope: 'session', forumId: s.forumId, sessionId: s.id }, false);
      const json = done && (await repo.readArtifact(this.d.db, done.id, 'json'));
      if (json) sessionJson.push(json.bytes.toString('utf8'));
    }
    if (!sessionJson.length) throw new AppError('invalid_state', 'no session has a finished compilation yet');
    const row = await this.request({ scope: 'forum', forumId: agenda.forum.id, sessionId: null }, 'forum', actor, async () => forumInput(this.d.sources, agenda.forum, sessionJson, ordering));
    return (await this.views([row]))[0]!;
  }

  private async request(
    target: repo.Target,
    reason: repo.RevisionRow['reason'],
    actor: Actor | null,
    build: () => Promise<Frozen>,
  ): Promise<repo.RevisionRow> {
    const input = await build();
    const hash = input.hash;
    const row = await this.d.db.tx(async (q) => {
      await repo.lockTarget(q, target);
      const latest = await repo.latestRevision(q, target);
      // A repeated end event, or a request that would change nothing, reuses the latest revision.
      if (latest && (reason === 'session.ended' || (latest.input_hash === hash && latest.status !== 'failed'))) {
        // Not yet taken by a worker: its job is asked for again (a no-op if it is in the queue).
        if (latest.status === 'queued') await this.d.outbox.add(q, 'compile.enqueue', { revisionId: latest.id });
        return latest;
      }
      const revision = (latest?.revision ?? 0) + 1;
      const r = await repo.insertRevision(q, { ...target, revision, reason, requestedBy: actor?.id ?? null, input: input.text(revision), inputHash: hash, queue: this.d.queueName });
      if (actor) {
        await this.d.audit.record(q, { actor, forumId: target.forumId, sessionId: target.sessionId, domain: 'recs', action: 'compile.request', targetId: r.id, details: { scope: target.scope, revision } });
      }
      // The revision and its job's enqueueing commit together (the outbox): a request is never
      // answered with a revision that no job will ever compile.
      await this.d.outbox.add(q, 'compile.enqueue', { revisionId: r.id });
      return r;
    });
    this.d.outbox.kick();
    return row;
  }

  /** The outbox's work for a committed revision: its job, unless a worker has already taken it. */
  async enqueueRevision(revisionId: string): Promise<void> {
    const row = await repo.revisionById(this.d.db, revisionId);
    if (row?.status === 'queued') await this.enqueue(row);
  }

  private async enqueue(row: repo.RevisionRow): Promise<void> {
    const data: CompileJobData =
      row.scope === 'session'
        ? { kind: 'session', forumId: row.forum_id, sessionId: row.session_id!, revision: row.revision, inputId: row.id }
        : { kind: 'forum', forumId: row.forum_id, revision: row.revision, inputId: row.id };
    await this.d.queue.add(data);
    this.d.onEnqueued();
    this.d.io.to(rooms.forumOrganizers(row.forum_id)).emit('recs:compileProgress', {
      scope: row.scope,
      forumId: row.forum_id,
      sessionId: row.session_id,
      revision: row.revision,
      progress: 0,
      state: 'queued',
    });
    this.d.log.info({ forumId: row.forum_id, sessionId: row.session_id, revision: row.revision }, 'compilation enqueued');
  }

  /** Re-adds jobs for revisions that never finished (the API may have stopped between commit and enqueue). */
  async reconcile(): Promise<number> {
    const rows = await repo.unfinished(this.d.db, this.d.queueName);
    for (const r of rows) await this.enqueue(r);
    return rows.length;
  }

  private async isOrganizer(actor: Actor, forumId: string): Promise<boolean> {
    return this.d.roles.has(actor, 'organizer', { forumId });
  }

  async sessionTarget(sessionId: string): Promise<repo.Target> {
    const s: SessionView = await this.d.agenda.session(sessionId);
    return { scope: 'session', forumId: s.forumId, sessionId: s.id };
  }

  async forumTarget(forumId: string): Promise<repo.Target> {
    const f = await this.d.agenda.forum(forumId);
    return { scope: 'forum', forumId: f.id, sessionId: null };
  }

  /** Revisions of a target: organizers see all; everyone else only published, finished ones. */
  async list(actor: Actor, target: repo.Target): Promise<CompileRevisionView[]> {
    const all = await repo.listRevisions(this.d.db, target.forumId, { scope: target.scope, sessionId: target.sessionId });
    const organizer = await this.isOrganizer(actor, target.forumId);
    return this.views(organizer ? all : all.filter((r) => r.status === 'done' && r.published_at !== null));
  }

  /** Every compilation of a forum, for its organizers' dashboard. */
  async forumOverview(actor: Actor, forumId: string): Promise<CompileRevisionView[]> {
    const f = await this.d.agenda.forum(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: f.id });
    return this.views(await repo.listRevisions(this.d.db, f.id));
  }

  /** One format of one revision ('latest': the newest finished one the caller may read). Citizens get published ones only. */
  async download(actor: Actor, target: repo.Target, revision: number | 'latest', format: CompileFormat): Promise<Download> {
    const organizer = await this.isOrganizer(actor, target.forumId);
    const row = revision === 'latest' ? await repo.latestDone(this.d.db, target, !organizer) : await repo.findRevision(this.d.db, target, revision);
    if (!row) throw new AppError('not_found', revision === 'latest' && !organizer ? 'no published compilation yet' : 'no such compilation');
    if (!organizer && row.published_at === null) throw new AppError('forbidden', 'this compilation is not published');
    if (row.status !== 'done') throw new AppError('invalid_state', row.status === 'failed' ? 'this compilation failed' : 'this compilation is not ready yet', { status: row.status });
    const head = await repo.artifactHead(this.d.db, row.id, format);
    if (!head) throw new AppError('not_found', 'no such format for this compilation');
    const f = await this.d.agenda.forum(target.forumId);
    const what = target.sessionId ? `session-${target.sessionId.slice(0, 8)}` : 'forum';
    return { ...head, filename: `birge-${f.slug}-${what}-r${row.revision}.${format}`, slices: () => repo.artifactSlices(this.d.db, row.id, format, head.size) };
  }

  /** Organizers publish (or withdraw) a finished revision; citizens can then download it. */
  async publish(actor: Actor, target: repo.Target, revision: number, published: boolean): Promise<CompileRevisionView> {
    await this.d.roles.require(actor, 'organizer', { forumId: target.forumId });
    const row = await this.d.db.tx(async (q) => {
      const r = await repo.findRevision(q, target, revision);
      if (!r) throw new AppError('not_found', 'no such compilation');
      if (r.status !== 'done') throw new AppError('invalid_state', 'only a finished compilation can be published', { status: r.status });
      const next = await repo.setPublished(q, r.id, published ? actor.id : null);
      await this.d.audit.record(q, {
        actor,
        forumId: target.forumId,
        sessionId: target.sessionId,
        domain: 'recs',
        action: published ? 'compile.publish' : 'compile.unpublish',
        targetId: r.id,
        details: { scope: target.scope, revision },
      });
      return next;
    });
    return (await this.views([row]))[0]!;
  }

  private async views(rows: repo.RevisionRow[]): Promise<CompileRevisionView[]> {
    const arts = await repo.artifactsOf(this.d.db, rows.map((r) => r.id));
    return rows.map((r) => {
      return {
        scope: r.scope,
        forumId: r.forum_id,
        sessionId: r.session_id,
        revision: r.revision,
        status: r.status,
        reason: r.reason,
        inputHash: r.input_hash,
        createdAt: iso(r.created_at)!,
        startedAt: iso(r.started_at),
        completedAt: iso(r.completed_at),
        publishedAt: iso(r.published_at),
        error: r.error,
        artifacts: arts.filter((a) => a.revision_id === r.id).map((a) => ({ format: a.format, size: a.size, sha256: a.sha256, url: downloadUrl(r, a.format) })),
      };
    });
  }
}

/** Where a revision's file is downloaded, from the route that serves it. */
function downloadUrl(r: repo.RevisionRow, format: CompileFormat): string {
  const path =
    r.scope === 'session'
      ? fillPath(RECS_ROUTES.sessionDownload.path, { sessionId: r.session_id, revision: r.revision, format })
      : fillPath(RECS_ROUTES.forumDownload.path, { forumId: r.forum_id, revision: r.revision, format });
  return '/api' + path;
}
