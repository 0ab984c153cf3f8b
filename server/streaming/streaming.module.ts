import { existsSync } from 'node:fs';
import { availableParallelism, networkInterfaces } from 'node:os';
import { Counter, Gauge } from 'prom-client';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule, HealthReport } from '../core';
import { RateLimit } from '../rate-limit';
import { Channels } from './channels';
import { LIMITS } from './media-config';
import { MediaWorkers } from './media-workers';
import { Stage } from './stage';
import { streamingHandlers } from './streaming.handlers';
import { loadMediasoup } from '../../platform/mediasoup-bin';
import { StreamingService } from './streaming.service';

/**
 * Live video. Starts the mediasoup worker pool unless MEDIA_ENABLED=false; when the worker
 * binary is missing or the pool cannot start, the rest of the app still runs and /healthz
 * says why media is down.
 */
export async function createStreamingModule(core: Core, deps: { agenda: AgendaService }): Promise<DomainModule & { service: StreamingService }> {
  const { media } = core.config;
  const log = core.log.child({ module: 'streaming' });
  let pool: MediaWorkers | undefined;
  let unavailable: string | undefined;
  if (!media.enabled) {
    unavailable = 'disabled (MEDIA_ENABLED=false)';
  } else if (!media.workerBin || !existsSync(media.workerBin)) {
    unavailable = media.workerBin
      ? `MEDIASOUP_WORKER_BIN points to a missing file: ${media.workerBin}`
      : 'no mediasoup-worker binary found: set MEDIASOUP_WORKER_BIN or run scripts/mediasoup-worker.sh';
  } else {
    try {
      pool = await startPool(core, log);
    } catch (e) {
      unavailable = `media workers could not start: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
  if (unavailable && media.enabled) log.error({ reason: unavailable }, 'live video unavailable');

  const setupLimit = new RateLimit(core.redis, core.config.redis.prefix, { name: 'stream-setup', points: LIMITS.setupsPerMinute, durationSec: 60 });
  const channels = new Channels({ roles: core.roles, log: log.child({ part: 'channels' }) });
  const service = new StreamingService({ pool, unavailable, media, agenda: deps.agenda, roles: core.roles, channels, stage: new Stage(), setupLimit, log });
  const onEnded = ({ sessionId }: { sessionId: string }) => service.endSession(sessionId, 'session_ended');
  const onCancelled = ({ sessionId }: { sessionId: string }) => service.endSession(sessionId, 'session_cancelled');
  core.events.on('session.ended', onEnded);
  core.events.on('session.cancelled', onCancelled);
  if (pool) registerMetrics(core, pool);

  return {
    name: 'media',
    service,
    ...streamingHandlers(service, log),
    async health(): Promise<HealthReport> {
      if (!media.enabled) return { ok: true, enabled: false };
      if (!pool) return { ok: false, enabled: true, error: unavailable };
      const workers = pool.report();
      return { ok: workers.every((w) => w.alive), enabled: true, workerBin: media.workerBin, rooms: service.roomCount, workers };
    },
    async close() {
      core.events.off('session.ended', onEnded);
      core.events.off('session.cancelled', onCancelled);
      await service.close();
      pool?.close();
    },
  };
}

async function startPool(core: Core, log: Core['log']): Promise<MediaWorkers> {
  const { media } = core.config;
  const bin = media.workerBin!;
  const mediasoup = await loadMediasoup(bin);
  if (mediasoup.workerBin !== bin) log.warn({ loaded: mediasoup.workerBin, configured: bin }, 'mediasoup was loaded earlier with another worker binary');
  return MediaWorkers.create({
    mediasoup,
    count: media.workers || availableParallelism(),
    listenIp: media.listenIp,
    announcedAddress: media.announcedAddress ?? guessAnnouncedAddress(media.listenIp, log),
    port: media.port,
    rtcMinPort: media.rtcMinPort,
    rtcMaxPort: media.rtcMaxPort,
    log,
  });
}

function registerMetrics(core: Core, pool: MediaWorkers) {
  const registers = [core.metrics];
  new Gauge({
    name: 'birge_media_consumers',
    help: 'Consumers (viewer streams and pipes) served per media worker',
    labelNames: ['worker'],
    registers,
    collect() {
      for (const w of pool.report()) this.set({ worker: String(w.index) }, w.consumers);
    },
  });
  new Gauge({
    name: 'birge_media_workers_alive',
    help: 'Media worker processes alive',
    registers,
    collect() {
      this.set(pool.slots.length);
    },
  });
  const deaths = new Counter({ name: 'birge_media_worker_deaths_total', help: 'Media worker processes that died', registers });
  pool.on('died', () => deaths.inc());
}

/**
 * Browsers cannot reach a wildcard address: when the workers listen on all interfaces and no
 * MEDIA_ANNOUNCED_ADDRESS is set, announce this host's first external IPv4 (or loopback), which
 * suits a LAN or a laptop; public deployments set the variable.
 */
function guessAnnouncedAddress(listenIp: string, log: Core['log']): string | undefined {
  if (listenIp !== '0.0.0.0' && listenIp !== '::') return undefined;
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i && i.family === 'IPv4' && !i.internal);
  const address = external?.address ?? '127.0.0.1';
  log.warn({ address }, 'MEDIA_ANNOUNCED_ADDRESS is not set; announcing this address to browsers (set it to the public IP behind NAT)');
  return address;
}

