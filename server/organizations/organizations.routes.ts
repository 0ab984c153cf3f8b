import { ORGANIZATIONS_ROUTES as R } from '../../common/organizations.contract';
import type { Api } from '../http/routes';
import type { OrganizationsService } from './organizations.service';

const ORGANIZERS = 'organizers of the forum';

export function organizationsRoutes(api: Api, orgs: OrganizationsService) {
  const tags = ['organizations'];
  api.route(
    {
      ...R.register,
      summary: 'Register as the representative of an organization (a new one, or a confirmed one by id); organizers then confirm it',
      tags,
      status: 201,
      access: 'anyone (rate-limited); one organization per person and forum',
    },
    ({ actor, params, body, req }) => orgs.register(actor, req.ip ?? 'unknown', params.forum, body),
  );
  api.route({ ...R.mine, summary: "The caller's registration in the forum (null if none)", tags, access: 'anyone' }, ({ actor, params }) => orgs.mine(actor, params.forum));
  api.route({ ...R.registrations, summary: 'Registrations to review, newest first, filtered by status, kind, region or name', tags, access: ORGANIZERS }, ({ actor, params, query }) =>
    orgs.registrations(actor, params.forumId, query),
  );
  api.route({ ...R.decide, summary: 'Confirm or reject a registration (audited)', tags, access: ORGANIZERS }, ({ actor, params, body }) => orgs.decide(actor, params.registrationId, body));
  api.route({ ...R.list, summary: "The forum's confirmed organizations: names, kinds, regions", tags, access: 'anyone' }, ({ params }) => orgs.list(params.forum));
  api.route({ ...R.participation, summary: 'Participation: organizations by kind and region, speakers, platforms, sessions, viewers', tags, access: ORGANIZERS }, ({ actor, params }) =>
    orgs.participation(actor, params.forumId),
  );
}
