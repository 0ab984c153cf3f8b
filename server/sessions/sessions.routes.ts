import { SESSIONS_ROUTES } from '../../common/sessions.contract';
import type { Api } from '../http/routes';
import type { SessionsService } from './sessions.service';

export function sessionsRoutes(api: Api, sessions: SessionsService) {
  api.route(
    {
      ...SESSIONS_ROUTES.attendance,
      summary: 'Peak and unique viewers of a session, and viewers sampled about every 30 s while live',
      tags: ['sessions'],
      access: 'organizers of the forum',
    },
    ({ actor, params }) => sessions.attendanceFor(actor, params.sessionId),
  );
}
