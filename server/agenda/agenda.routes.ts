import { AGENDA_ROUTES as R } from '../../common/agenda.contract';
import type { Api } from '../http/routes';
import type { AgendaService } from './agenda.service';

const ORGANIZERS = 'organizers of the forum';

export function agendaRoutes(api: Api, agenda: AgendaService) {
  const tags = ['agenda'];
  api.route({ ...R.forums, summary: 'List forums', tags, access: 'anyone' }, () => agenda.listForums());
  api.route({ ...R.createForum, summary: 'Create a forum', tags, status: 201, access: 'accounts allowed to create forums' }, ({ actor, body }) => agenda.createForum(actor, body));
  api.route({ ...R.agenda, summary: 'A forum with its platforms and sessions (by id or slug)', tags, access: 'anyone' }, ({ params }) => agenda.agenda(params.forum));
  api.route({ ...R.updateForum, summary: 'Edit a forum', tags, access: ORGANIZERS }, ({ actor, params, body }) => agenda.updateForum(actor, params.forumId, body));
  api.route({ ...R.createPlatform, summary: 'Add a dialogue platform (parallel track)', tags, status: 201, access: ORGANIZERS }, ({ actor, params, body }) =>
    agenda.createPlatform(actor, params.forumId, body),
  );
  api.route({ ...R.updatePlatform, summary: 'Edit a dialogue platform', tags, access: ORGANIZERS }, ({ actor, params, body }) => agenda.updatePlatform(actor, params.platformId, body));
  api.route({ ...R.createSession, summary: 'Schedule a session', tags, status: 201, access: ORGANIZERS }, ({ actor, params, body }) => agenda.createSession(actor, params.forumId, body));
  api.route({ ...R.session, summary: 'A session', tags, access: 'anyone' }, ({ params }) => agenda.session(params.sessionId));
  api.route({ ...R.updateSession, summary: 'Edit a scheduled or live session', tags, access: ORGANIZERS }, ({ actor, params, body }) => agenda.updateSession(actor, params.sessionId, body));
  api.route(
    { ...R.transition, summary: 'Start, end or cancel a session (scheduled → live → ended; scheduled → cancelled)', tags, access: ORGANIZERS },
    ({ actor, params }) => agenda.transition(actor, params.sessionId, params.action),
  );
}
