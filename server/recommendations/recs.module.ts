import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import type { QaService } from '../qa/qa.service';
import { RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import { CompileQueue } from './compile.queue';
import { CompileService } from './compile.service';
import { DbCompileStore } from './compile.store';
import { mountQueueBoard } from './queues.board';
import { recsHandlers } from './recs.handlers';
import { recsRoutes } from './recs.routes';
import { RecsService } from './recs.service';
import { TrackerService } from './tracker.service';
import { WorkerSupervisor } from './worker-supervisor';

export interface RecsModuleDeps {
  agenda: AgendaService;
  qa: Pick<QaService, 'exportForCompile' | 'getQuestion'>;
  sessions: Pick<SessionsService, 'attendance'>;
}

export type RecsModule = DomainModule & { service: RecsService; compile: CompileService; tracker: TrackerService; supervisor: WorkerSupervisor | undefined };

export async function createRecsModule(core: Core, deps: RecsModuleDeps): Promise<RecsModule> {
  const log = core.log.child({ module: 'recs' });
  const { config, redis, db, roles, audit, io } = core;
  const prefix = config.redis.prefix;
  const limits = {
    submit: new RateLimit(redis, prefix, { name: 'recs-submit', points: config.qa.recsPerMinute, durationSec: 60 }),
    endorse: new RateLimit(redis, prefix, { name: 'recs-endorse', points: config.qa.votesPerMinute, durationSec: 60 }),
    ip: new RateLimit(redis, prefix, { name: 'recs-ip', points: config.qa.ipActionsPerMinute, durationSec: 60 }),
  };
  const service = new RecsService({ db, agenda: deps.agenda, qa: deps.qa, roles, audit, io, limits, log });

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
    sources: { db, agenda: deps.agenda, qa: deps.qa, sessions: deps.sessions, roles, similarityThreshold: config.compile.similarityThreshold },
    log,
    onEnqueued: () => supervisor?.ensureStarted(),
    queueName: prefix,
  });
  const tracker = new TrackerService({ db, agenda: deps.agenda, roles, audit });

  const onEnded = (e: { sessionId: string }) => compile.onSessionEnded(e);
  core.events.on('session.ended', onEnded);
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
    supervisor,
    routes(api) {
      recsRoutes(api, service, compile, tracker);
      mountQueueBoard(api, roles, [queue.queue]);
    },
    connection: recsHandlers(service, compile, log),
    async health() {
      const counts = await queue.queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
      return { ok: true, queue: counts, inProcessWorker: supervisor ? (supervisor.pid ?? 'idle') : 'external' };
    },
    async close() {
      core.events.off('session.ended', onEnded);
      await supervisor?.close();
      await queue.close();
    },
  };
}
