import { AGENDA_ROUTES } from '../../../common/agenda.contract';
import { http } from './http';

/** A session and its forum's agenda: what every page of one session heads itself with. */
export async function sessionWithAgenda(sessionId: string) {
  const session = await http.call(AGENDA_ROUTES.session, { params: { sessionId } });
  return { session, agenda: await http.call(AGENDA_ROUTES.agenda, { params: { forum: session.forumId } }) };
}
