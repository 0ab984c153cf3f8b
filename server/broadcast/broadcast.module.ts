import { Counter, Gauge } from 'prom-client';
import { z } from 'zod';
import { Id } from '../../common/base';
import { FinalizeJobData } from '../../common/broadcast.contract';
import type { Core, DomainModule, HealthReport } from '../core';
import type { AgendaService } from '../agenda/agenda.service';
import type { QaService } from '../qa/qa.service';
import type { WorkerSupervisor } from '../recommendations/worker-supervisor';
import type { StreamingService } from '../streaming/streaming.service';
import { LocalMediaStorage } from '../../platform/media/storage';
import { broadcastRoutes } from './broadcast.routes';
import { BroadcastService } from './broadcast.service';
import { MediaFiles } from './media.routes';
import { RecordingQueue } from './recording.queue';
import { RecordingsService } from './recordings.service';

export interface BroadcastModuleDeps {
  agenda: AgendaService;
  streaming: StreamingService;
  qa: Pick<QaService, 'getQuestion'>;
  /** The in-process worker (which also finalizes recordings), when one runs. */
  supervisor: WorkerSupervisor | undefined;
}

const RECONCILE_MS = 30_000;

/**
 * The broadcast for everyone: a live session's program feed as HLS, every session recorded,
 * recordings finalized by a worker, replays served to anyone once published.
 */
export async function createBroadcastModule(core: Core, deps: BroadcastModuleDeps): Promise<DomainModule & { service: BroadcastService; recordings: RecordingsService }> {
  const log = core.log.child({ module: 'broadcast' });
  const { config, db } = core;
  const storage = new LocalMediaStorage(config.broadcast.mediaDir);
  const queue = new RecordingQueue(core.redisUrl, config.redis.prefix);
  const recordings = new RecordingsService({
    db,
    config,
    agenda: deps.agenda,
    qa: deps.qa,
    roles: core.roles,
    audit: core.audit,
    storage,
    queue,
    outbox: core.outbox,
    queueName: config.redis.prefix,
    onEnqueued: () => deps.supervisor?.ensureStarted(),
    log,
  });
  const service = new BroadcastService({ config, streaming: deps.streaming, recordings, storage, log });
  const media = new MediaFiles({ live: service, agenda: deps.agenda, recordings, people: core.people, roles: core.roles, storage, log });
  recordings.onChanged = (sessionId, { removed }) => (removed ? media.forget(sessionId) : media.invalidate(sessionId));

  const offTx = core.events.onTx('session.transition', (e) => recordings.onTransition(e));
  // The state change is committed before these run; the requests that made it do not wait for them.
  const onStarted = ({ sessionId }: { sessionId: string }) => {
    media.invalidate(sessionId);
    void service.start(sessionId);
    // The worker that will finalize the recording starts now, so it is warm when the session ends.
    if (service.available) deps.supervisor?.ensureStarted();
  };
  // The end asked for the finalization in its transaction (the outbox); the files are complete
  // once the program has stopped, so that is the first step of the hand-off.
  core.outbox.handle('recording.finalize', z.object({ sessionId: Id }), async ({ sessionId }) => {
    await service.end(sessionId);
    await recordings.handOn(sessionId);
  });
  const onEnded = ({ sessionId }: { sessionId: string }) => {
    media.invalidate(sessionId);
    // The recording ends when the session does: stop the program here at once rather than when
    // the outbox gets to it (a busy drain can take seconds); the outbox's end waits for this one.
    void service.end(sessionId).catch((err: unknown) => log.error({ err, sessionId }, 'could not stop the program of an ended session'));
    core.outbox.kick();
  };
  const onCancelled = ({ sessionId }: { sessionId: string }) => {
    media.invalidate(sessionId);
    void service.end(sessionId).catch((err: unknown) => log.error({ err, sessionId }, 'could not stop the program of a cancelled session'));
  };
  core.events.on('session.started', onStarted);
  core.events.on('session.ended', onEnded);
  core.events.on('session.cancelled', onCancelled);

  queue.events.on('completed', ({ jobId }) => {
    void queue.queue
      .getJob(jobId)
      .then((job) => job && recordings.onCompleted(job))
      .catch((err: unknown) => log.error({ err, jobId }, 'could not record a finished recording'));
  });
  queue.events.on('failed', ({ jobId, failedReason }) => {
    void queue.queue
      .getJob(jobId)
      .then((job) => {
        const data = FinalizeJobData.safeParse(job?.data);
        if (job && data.success && job.attemptsMade >= (job.opts.attempts ?? 1)) return recordings.onFailed(data.data.sessionId, data.data.revision, failedReason);
      })
      .catch((err: unknown) => log.error({ err, jobId }, 'could not record a failed recording'));
  });
  const reconcile = () =>
    recordings.reconcile().then(
      (n) => n && log.info({ enqueued: n }, 'recording finalizations enqueued'),
      (err: unknown) => log.error({ err }, 'recording reconcile failed'),
    );
  await reconcile();
  const timer = setInterval(() => void reconcile(), RECONCILE_MS);
  timer.unref();
  // The server serves without waiting for the mixers (a third of a second each): a resumed program's
  // feed is announced once it runs, and WebRTC carries the session until then.
  void service.resumeLive().catch((err: unknown) => log.error({ err }, 'could not resume live programs'));

  const registers = [core.metrics];
  new Gauge({ name: 'birge_broadcast_programs', help: 'Program feeds (mixer processes) running in this process', registers, collect() { this.set(service.programCount); } });
  new Gauge({
    name: 'birge_broadcast_program_behind_seconds',
    help: "Seconds between the end of the furthest-behind program's newest segment and now (a mixer short of CPU falls behind real time and its HLS viewers stall)",
    registers,
    async collect() {
      this.set(await service.behindS());
    },
  });
  new Gauge({ name: 'birge_recording_disk_full', help: '1 while the media disk is too full to record (WebRTC goes on)', registers, collect() { this.set(service.diskFull ? 1 : 0); } });
  new Gauge({ name: 'birge_media_disk_free_bytes', help: 'Free bytes on the media volume', registers, collect() { this.set(service.freeBytes); } });
  new Counter({ name: 'birge_broadcast_mixer_restarts_total', help: 'Mixer processes restarted after dying', registers, collect() { this.reset(); this.inc(service.mixerRestarts); } });
  new Counter({
    name: 'birge_broadcast_input_failures_total',
    help: 'Attempts at putting a speaker on a program that failed (e.g. a mixer too busy to answer in time); each is tried again, up to eight times, unless its codec cannot be mixed',
    registers,
    collect() {
      this.reset();
      this.inc(service.inputFailures);
    },
  });

  return {
    name: 'broadcast',
    service,
    recordings,
    routes: (api) => broadcastRoutes(api, service, recordings),
    mount: (router) => media.route(router),
    fastPath: (req, res) => media.fastPath(req, res),
    async health(): Promise<HealthReport> {
      const counts = await queue.queue.getJobCounts('waiting', 'active', 'failed', 'delayed');
      // A full disk stops recording, not the server: the report says so and stays ok.
      return { ok: true, enabled: service.available, recording: service.diskFull ? 'stopped: media disk full' : 'ok', diskFull: service.diskFull, freeBytes: service.freeBytes, programs: service.programCount, queue: counts };
    },
    async close() {
      clearInterval(timer);
      offTx();
      core.events.off('session.started', onStarted);
      core.events.off('session.ended', onEnded);
      core.events.off('session.cancelled', onCancelled);
      await service.close();
      await queue.close();
    },
  };
}
