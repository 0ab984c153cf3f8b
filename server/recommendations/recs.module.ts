import { z } from 'zod';
import { Id } from '../../common/base';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import type { DomainEventMap } from '../domain-events';
import type { OrganizationsService } from '../organizations/organizations.service';
import type { InputSources } from './compile-input';
import type { QaService } from '../qa/qa.service';
import { AddressLimit, RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import { CompileQueue } from './compile.queue';
import { CompileService } from './compile.service';
import { DbCompileStore } from '../../workers/recommendations/compile.store';
import { mountQueueBoard } from './queues.board';
import { ratingsHandlers } from './ratings.handlers';
import { ratingsRoutes } from './ratings.routes';
import { trackerFeedRoutes } from './tracker-feed.routes';
import { RatingsService } from './ratings.service';
import { recsHandlers } from './recs.handlers';
import { recsRoutes } from './recs.routes';
import { RecsService } from './recs.service';
import { TrackerService } from './tracker.service';
import { WorkerSupervisor } from './worker-supervisor';

export interface RecsModuleDeps {
  agenda: AgendaService;
  qa: Pick<QaService, 'exportForCompile' | 'getQuestion' | 'askersOrganizations' | 'namedQuestionsOf'>;
  sessions: Pick<SessionsService, 'attendance'>;
  organizations: Pick<OrganizationsService, 'affiliations'>;
  /** Interpretation and captions: which languages a session had, for the documents' header. */
  languages: InputSources['languages'];
  /** Who took the floor, on what, for the documents. */
  floor: InputSources['floor'];
  /** The session's live polls with their results. */
  polls: InputSources['polls'];
}

export type RecsModule = DomainModule & {
  service: RecsService;
  compile: CompileService;
  tracker: TrackerService;
  ratings: RatingsService;
  supervisor: WorkerSupervisor | undefined;
  /** Recompiles sessions whose rating window closed with ratings not yet compiled (runs every minute). */
  sweepReviews: () => Promise<void>;
};

/** How often closed review windows are looked for. */
const REVIEW_SWEEP_MS = 60_000;

export async function createRecsModule(core: Core, deps: RecsModuleDeps): Promise<RecsModule> {
  const log = core.log.child({ module: 'recs' });
  const { config, redis, db, roles, audit, io } = core;
  const prefix = config.redis.prefix;
  const limits = {
    submit: new RateLimit(redis, prefix, { name: 'recs-submit', points: config.qa.recsPerMinute, durationSec: 60 }),
    endorse: new RateLimit(redis, prefix, { name: 'recs-endorse', points: config.qa.votesPerMinute, durationSec: 60 }),
    ip: new AddressLimit(new RateLimit(redis, prefix, { name: 'recs-ip', points: config.qa.ipActionsPerMinute, durationSec: 60 }), core.ips),
  };
  const service = new RecsService({ db, agenda: deps.agenda, qa: deps.qa, roles, audit, io, limits, organizations: deps.organizations, log });
  const ratings = new RatingsService({
    db,
    agenda: deps.agenda,
    roles,
    audit,
    limits: {
      rate: new RateLimit(redis, prefix, { name: 'ratings', points: config.ratings.perMinute, durationSec: 60 }),
      ip: limits.ip,
    },
    defaultHours: config.ratings.reviewHours,
    log,
  });

  const queue = new CompileQueue(core.redisUrl, prefix);
  // PGlite is single-process: on the embedded store only a child served over IPC can compile.
  const embedded = db.kind === 'embedded';
  if (embedded && !config.compile.workersInProcess) log.warn('embedded store: the compile worker runs as a child of this process whatever COMPILE_WORKERS_INPROCESS says');
  const supervisor =
    embedded || config.compile.workersInProcess
      ? new WorkerSupervisor({ config, redisUrl: core.redisUrl, ipcStore: embedded ? new DbCompileStore(db) : undefined, log })
      : undefined;
  const compile = new CompileService({
    db,
    agenda: deps.agenda,
    roles,
    audit,
    io,
    queue,
    outbox: core.outbox,
    sources: { db, agenda: deps.agenda, qa: deps.qa, sessions: deps.sessions, roles, organizations: deps.organizations, languages: deps.languages, floor: deps.floor, polls: deps.polls, similarityThreshold: config.compile.similarityThreshold },
    log,
    onEnqueued: () => supervisor?.ensureStarted(),
    queueName: prefix,
  });
  const tracker = new TrackerService({ db, agenda: deps.agenda, roles, audit });

  // Ending a session and asking for its compilation commit together; the work runs after the
  // commit (the organizer's request does not wait for the input to be gathered) or, after a crash
  // or while Redis is away, whenever the outbox is drained next.
  const offTx = core.events.onTx('session.transition', async (e) => {
    if (e.to === 'ended') await core.outbox.add(e.q, 'compile.session', { sessionId: e.sessionId });
  });
  core.outbox.handle('compile.session', z.object({ sessionId: Id }), ({ sessionId }) => compile.compileEnded(sessionId));
  core.outbox.handle('compile.enqueue', z.object({ revisionId: Id }), ({ revisionId }) => compile.enqueueRevision(revisionId));
  const onEnded = () => core.outbox.kick();
  // Ratings keep coming for hours after a session ends; when its window closes, a new revision takes them in.
  const sweepReviews = async () => {
    try {
      for (const id of await ratings.closedWithLateRatings()) await compile.onReviewClosed(id);
    } catch (err) {
      log.error({ err }, 'review window sweep failed');
    }
  };
  const reviewTimer = setInterval(() => void sweepReviews(), REVIEW_SWEEP_MS);
  reviewTimer.unref();
  core.events.on('session.ended', onEnded);
  const onRepresentation = ({ forumId, personId }: DomainEventMap['organization.representation'][0]) =>
    void service.refreshAuthor(forumId, personId).catch((err: unknown) => log.warn({ err, forumId, personId }, "could not show an author's new organization live"));
  core.events.on('organization.representation', onRepresentation);
  try {
    const again = await compile.reconcile();
    if (again) log.info({ revisions: again }, 'unfinished compilations enqueued again');
    if (supervisor && (await queue.pending()) > 0) supervisor.ensureStarted();
  } catch (err) {
    log.error({ err }, 'could not check for unfinished compilations');
  }

  return {
    name: 'recommendations',
    service,
    compile,
    tracker,
    ratings,
    supervisor,
    routes(api) {
      recsRoutes(api, service, compile, tracker);
      ratingsRoutes(api, ratings);
      trackerFeedRoutes(api, tracker, config.http.publicUrl);
      mountQueueBoard(api, [queue.queue]);
    },
    listeners: { ...recsHandlers(service, compile, log), ...ratingsHandlers(ratings, log) },
    async health() {
      const counts = await queue.queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
      return { ok: true, queue: counts, inProcessWorker: supervisor ? (supervisor.pid ?? 'idle') : 'external' };
    },
    sweepReviews,
    async close() {
      clearInterval(reviewTimer);
      offTx();
      core.events.off('session.ended', onEnded);
      core.events.off('organization.representation', onRepresentation);
      await supervisor?.close();
      await queue.close();
    },
  };
}
