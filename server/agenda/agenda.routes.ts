import { z } from 'zod';
import { AgendaView, ForumInput, ForumPatch, ForumView, PlatformInput, PlatformView, SessionAction, SessionInput, SessionPatch, SessionView } from '../../common/agenda.contract';
import { Id } from '../../common/base';
import type { Api } from '../http/routes';
import type { AgendaService } from './agenda.service';

const ORGANIZERS = 'organizers of the forum';

export function agendaRoutes(api: Api, agenda: AgendaService) {
  const tags = ['agenda'];
  api.route({ method: 'get', path: '/forums', summary: 'List forums', tags, response: z.array(ForumView), access: 'anyone' }, () =>
    agenda.listForums(),
  );
  api.route(
    { method: 'post', path: '/forums', summary: 'Create a forum', tags, body: ForumInput, response: ForumView, status: 201, access: 'accounts allowed to create forums' },
    ({ actor, body }) => agenda.createForum(actor, body),
  );
  api.route(
    { method: 'get', path: '/forums/:forum', summary: 'A forum with its platforms and sessions (by id or slug)', tags, params: z.object({ forum: z.string().min(1).max(80) }), response: AgendaView, access: 'anyone' },
    ({ params }) => agenda.agenda(params.forum),
  );
  api.route(
    { method: 'patch', path: '/forums/:forumId', summary: 'Edit a forum', tags, params: z.object({ forumId: Id }), body: ForumPatch, response: ForumView, access: ORGANIZERS },
    ({ actor, params, body }) => agenda.updateForum(actor, params.forumId, body),
  );
  api.route(
    { method: 'post', path: '/forums/:forumId/platforms', summary: 'Add a dialogue platform (parallel track)', tags, params: z.object({ forumId: Id }), body: PlatformInput, response: PlatformView, status: 201, access: ORGANIZERS },
    ({ actor, params, body }) => agenda.createPlatform(actor, params.forumId, body),
  );
  api.route(
    { method: 'patch', path: '/platforms/:platformId', summary: 'Edit a dialogue platform', tags, params: z.object({ platformId: Id }), body: PlatformInput.partial(), response: PlatformView, access: ORGANIZERS },
    ({ actor, params, body }) => agenda.updatePlatform(actor, params.platformId, body),
  );
  api.route(
    { method: 'post', path: '/forums/:forumId/sessions', summary: 'Schedule a session', tags, params: z.object({ forumId: Id }), body: SessionInput, response: SessionView, status: 201, access: ORGANIZERS },
    ({ actor, params, body }) => agenda.createSession(actor, params.forumId, body),
  );
  api.route(
    { method: 'get', path: '/sessions/:sessionId', summary: 'A session', tags, params: z.object({ sessionId: Id }), response: SessionView, access: 'anyone' },
    ({ params }) => agenda.session(params.sessionId),
  );
  api.route(
    { method: 'patch', path: '/sessions/:sessionId', summary: 'Edit a scheduled or live session', tags, params: z.object({ sessionId: Id }), body: SessionPatch, response: SessionView, access: ORGANIZERS },
    ({ actor, params, body }) => agenda.updateSession(actor, params.sessionId, body),
  );
  api.route(
    {
      method: 'post',
      path: '/sessions/:sessionId/:action',
      summary: 'Start, end or cancel a session (scheduled → live → ended; scheduled → cancelled)',
      tags,
      params: z.object({ sessionId: Id, action: SessionAction }),
      response: SessionView,
      access: ORGANIZERS,
    },
    ({ actor, params }) => agenda.transition(actor, params.sessionId, params.action),
  );
}
