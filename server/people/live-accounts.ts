import { rooms } from '../../common/rooms';
import type { AppServer, AppSocket } from '../realtime/socket';

/** What the people domain tells live connections when a sign-in ends or roles are taken away. */
export interface LiveAccounts {
  signedOut(authSession: string): void;
  rolesChanged(userId: string): void;
}

/**
 * Live sockets follow their account: a socket is in its person's room and its sign-in's room,
 * and closing either room goes through the Redis adapter to every server process. A closed
 * socket's client connects again (see client/src/api/socket.ts) and is identified afresh:
 * a citizen after a logout, the same account with its remaining roles after a removal.
 */
export class SocketAccounts implements LiveAccounts {
  constructor(private readonly io: AppServer) {}

  connection(socket: AppSocket): void {
    const actor = socket.data.actor;
    if (actor.kind !== 'account') return;
    void socket.join(actor.authSession ? [rooms.person(actor.id), rooms.signIn(actor.authSession)] : [rooms.person(actor.id)]);
  }

  signedOut(authSession: string): void {
    this.io.in(rooms.signIn(authSession)).disconnectSockets(true);
  }

  rolesChanged(userId: string): void {
    this.io.in(rooms.person(userId)).disconnectSockets(true);
  }
}
