import type { Core, DomainModule } from '../core';
import type { SessionsService } from '../sessions/sessions.service';
import { auditRoutes } from './audit.routes';

/**
 * The audit trail as a domain: every module writes to it through `core.audit` (in its own
 * transaction); this module serves the reading of it.
 */
export function createAuditModule(core: Core, sessions: Pick<SessionsService, 'info'>): DomainModule {
  return { name: 'audit', routes: (api) => auditRoutes(api, core.audit, sessions) };
}
