import type { Core, DomainModule } from '../core';
import { agendaRoutes } from './agenda.routes';
import { AgendaService } from './agenda.service';

export function createAgendaModule(core: Core): DomainModule & { service: AgendaService } {
  const service = new AgendaService(core.db, core.roles, core.events, core.audit, core.log.child({ module: 'agenda' }));
  return { name: 'agenda', service, routes: (api) => agendaRoutes(api, service) };
}
