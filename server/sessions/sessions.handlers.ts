import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../logger';
import { handle, rooms, type AppSocket } from '../realtime/socket';
import type { SessionsService } from './sessions.service';

export function sessionHandlers(socket: AppSocket, sessions: SessionsService, log: Logger): void {
  const actor = socket.data.actor;
  // Personal notifications (e.g. "your question was approved") reach every tab of a person.
  void socket.join(rooms.person(actor.id));
  // A recovered socket is back in its rooms without asking; count it as watching again.
  if (socket.recovered) for (const id of sessions.joinedSessions(socket)) sessions.viewers.add(id, actor.id);

  socket.on('session:join', handle(socket, log, SessionRef, (input) => sessions.join(socket, input.sessionId)));
  socket.on('session:leave', handle(socket, log, SessionRef, (input) => sessions.leave(socket, input.sessionId)));
  socket.on('disconnecting', () => {
    for (const id of sessions.joinedSessions(socket)) sessions.viewers.remove(id, actor.id);
  });
}
