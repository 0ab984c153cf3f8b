import type { Request } from 'express';
import type { Core, DomainModule } from '../core';
import type { CookieOptions } from './identify';
import { peopleRoutes } from './people.routes';

/**
 * People (accounts, citizens, sign-in, invites, roles) as a domain module. Its services are
 * part of the core (`core.people`, `core.roles`): the app identifies every caller with them
 * before any module runs, so the module only brings the routes.
 */
export function createPeopleModule(core: Core, http: { cookies: CookieOptions; publicUrl: (req: Request) => string }): DomainModule {
  return { name: 'people', routes: (api) => peopleRoutes(api, core.people, core.roles, http.cookies, http.publicUrl) };
}
