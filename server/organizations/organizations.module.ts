import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import { AddressLimit, RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import { organizationsRoutes } from './organizations.routes';
import { OrganizationsService } from './organizations.service';

/** Registrations a person may make per hour in one forum: a typo can be fixed, a flood cannot start. */
const REGISTRATIONS_PER_HOUR = 5;

export function createOrganizationsModule(core: Core, deps: { agenda: AgendaService; sessions: SessionsService }): DomainModule & { service: OrganizationsService } {
  const { redis, config } = core;
  const prefix = config.redis.prefix;
  const service = new OrganizationsService({
    db: core.db,
    agenda: deps.agenda,
    sessions: deps.sessions,
    roles: core.roles,
    audit: core.audit,
    events: core.events,
    limits: {
      register: new RateLimit(redis, prefix, { name: 'org-register', points: REGISTRATIONS_PER_HOUR, durationSec: 3600 }),
      ip: new AddressLimit(new RateLimit(redis, prefix, { name: 'org-ip', points: config.qa.ipActionsPerMinute, durationSec: 60 }), core.ips),
    },
    log: core.log.child({ module: 'organizations' }),
  });
  return { name: 'organizations', service, routes: (api) => organizationsRoutes(api, service) };
}
