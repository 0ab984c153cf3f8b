import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../../platform/logger';
import { rooms } from '../../common/rooms';
import { handle, type AppSocket, type Listeners } from '../realtime/socket';
import type { SessionsService } from './sessions.service';

/**
 * Session room events; listeners are shared by every socket (see `handle`, `eventRouter`).
 */
export function sessionHandlers(sessions: SessionsService, log: Logger): { listeners: Listeners; connection: (socket: AppSocket) => void } {
  const join = handle(log, SessionRef, (input, { socket }) => sessions.join(socket, input.sessionId));
  const leave = handle(log, SessionRef, (input, { socket }) => sessions.leave(socket, input.sessionId));
  const disconnecting = function (this: AppSocket) {
    for (const id of sessions.joinedSessions(this)) sessions.viewers.remove(id, this.data.actor.id);
  };

  const connection = (socket: AppSocket) => {
    const actor = socket.data.actor;
    // Personal notifications (e.g. "your question was approved") reach every tab of a person.
    void socket.join(rooms.person(actor.id));
    // A recovered socket is back in its rooms without asking; count it as watching again.
    if (socket.recovered) for (const id of sessions.joinedSessions(socket)) sessions.viewers.add(id, actor.id);
    socket.on('disconnecting', disconnecting);
  };
  return { listeners: { 'session:join': join, 'session:leave': leave }, connection };
}
