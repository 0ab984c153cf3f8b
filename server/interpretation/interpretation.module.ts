import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import type { StreamingService } from '../streaming/streaming.service';
import { interpretationHandlers } from './interpretation.handlers';
import { InterpretationService } from './interpretation.service';

/** Simultaneous interpretation: language channels, the booth's on-air switch, turns. */
export function createInterpretationModule(core: Core, deps: { agenda: AgendaService; streaming: StreamingService }): DomainModule & { service: InterpretationService } {
  const log = core.log.child({ module: 'interpretation' });
  const service = new InterpretationService({ db: core.db, agenda: deps.agenda, roles: core.roles, streaming: deps.streaming, io: core.io, log });
  const ended = ({ sessionId }: { sessionId: string }) => service.endSession(sessionId);
  core.events.on('session.ended', ended);
  core.events.on('session.cancelled', ended);
  return {
    name: 'interpretation',
    service,
    listeners: interpretationHandlers(service, log),
    async close() {
      core.events.off('session.ended', ended);
      core.events.off('session.cancelled', ended);
      await service.settled();
    },
  };
}
