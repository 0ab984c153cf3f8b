import type { CaptionLine } from '../../common/captions.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import { RateLimit } from '../rate-limit';
import { captionHandlers } from './captions.handlers';
import { captionsRoutes } from './captions.routes';
import { CaptionsService } from './captions.service';

/** Lines (and corrections) one captioner may send per minute: a fast typist sends ~30. */
const LINES_PER_MINUTE = 120;

/** Live captions typed by captioners, and their transcripts. */
export function createCaptionsModule(core: Core, deps: { agenda: AgendaService }): DomainModule & { service: CaptionsService } {
  const log = core.log.child({ module: 'captions' });
  const sendLimit = new RateLimit(core.redis, core.config.redis.prefix, { name: 'captions', points: LINES_PER_MINUTE, durationSec: 60 });
  // A line goes with the room's next frame at once: captions must keep up with speech.
  const lines = core.live.part('captions', { waitMs: 0, merge: (pending, line: CaptionLine) => ({ lines: [...(pending?.lines ?? []), line] }) });
  const service = new CaptionsService({ db: core.db, agenda: deps.agenda, roles: core.roles, audit: core.audit, lines, sendLimit, log });
  return {
    name: 'captions',
    service,
    routes: (api) => captionsRoutes(api, service),
    listeners: captionHandlers(service, log),
  };
}
