import { z } from 'zod';
import { Id } from '../../common/base';
import { AttendanceView } from '../../common/sessions.contract';
import type { Api } from '../http/routes';
import type { SessionsService } from './sessions.service';

export function sessionsRoutes(api: Api, sessions: SessionsService) {
  api.route(
    {
      method: 'get',
      path: '/sessions/:sessionId/attendance',
      summary: 'Peak and unique viewers of a session, and viewers sampled about every 30 s while live',
      tags: ['sessions'],
      params: z.object({ sessionId: Id }),
      response: AttendanceView,
      access: 'organizers of the forum',
    },
    ({ actor, params }) => sessions.attendanceFor(actor, params.sessionId),
  );
}
