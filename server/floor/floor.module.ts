import { FloorMediaOrder } from '../../common/floor.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import type { OrganizationsService } from '../organizations/organizations.service';
import { RateLimit } from '../rate-limit';
import type { StreamingService } from '../streaming/streaming.service';
import { floorHandlers } from './floor.handlers';
import { FloorService, type FloorMedia } from './floor.service';

/** Requests to speak one person may make per minute (withdrawing and asking again included). */
const ASKS_PER_MINUTE = 3;

/** Taking the floor: the floor queue, the green room and timed turns on stage. */
export function createFloorModule(
  core: Core,
  deps: { agenda: AgendaService; organizations: OrganizationsService; streaming: StreamingService },
): DomainModule & { service: FloorService } {
  const log = core.log.child({ module: 'floor' });
  const { streaming } = deps;
  const local = (o: FloorMediaOrder) => {
    if (o.op === 'onAir') streaming.floorOnAir(o.sessionId, o.personId);
    else if (o.op === 'mute') streaming.floorMute(o.sessionId, o.personId, o.muted ?? false);
    else streaming.floorRevoke(o.sessionId, o.personId);
  };
  // The person's tracks may live in another server process: each one carries the order out for what it holds.
  const order = (o: FloorMediaOrder) => {
    local(o);
    core.io.serverSideEmit('floor:media', o);
  };
  const onOrder = (raw: unknown) => {
    const o = FloorMediaOrder.safeParse(raw);
    if (o.success) local(o.data);
    else log.warn({ issues: o.error.issues }, 'a malformed floor order from another process');
  };
  core.io.on('floor:media', onOrder);
  const media: FloorMedia = {
    onAir: (sessionId, personId) => order({ op: 'onAir', sessionId, personId }),
    mute: (sessionId, personId, muted) => order({ op: 'mute', sessionId, personId, muted }),
    revoke: (sessionId, personId) => order({ op: 'revoke', sessionId, personId }),
  };
  const askLimit = new RateLimit(core.redis, core.config.redis.prefix, { name: 'floor-ask', points: ASKS_PER_MINUTE, durationSec: 60 });
  const service = new FloorService({ db: core.db, agenda: deps.agenda, roles: core.roles, audit: core.audit, organizations: deps.organizations, media, io: core.io, askLimit, log });
  streaming.stage.use((sessionId, personId) => service.grant(sessionId, personId));
  const ended = ({ sessionId }: { sessionId: string }) =>
    service.endSession(sessionId).catch((err: unknown) => log.error({ err, sessionId }, 'the floor could not be closed with the session'));
  core.events.on('session.ended', ended);
  core.events.on('session.cancelled', ended);
  return {
    name: 'floor',
    service,
    listeners: floorHandlers(service, log),
    async close() {
      core.events.off('session.ended', ended);
      core.events.off('session.cancelled', ended);
      core.io.off('floor:media', onOrder);
      service.close();
    },
  };
}
