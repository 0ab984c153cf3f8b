import { io, type Socket } from 'socket.io-client';
import { z } from 'zod/mini';
import { ackSchema } from '../../../common/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '../../../common/events';
import { identityChange, identityNotice, loadMe, me } from '../state/me';
import { mark } from '../state/timeline';
import { connection } from './connection';
import { ClientError, fromWire, toClientError } from './errors';

export type AppSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
/** How long a call waits for its ack before the user is told it timed out. */
export const ACK_TIMEOUT_MS = 5000;

let socket: AppSocket | undefined;
/** Why a join callback runs: first use, a reconnect that lost the rooms, or one that kept them. */
export type JoinReason = 'now' | 'reconnected' | 'recovered';
const onConnect = new Set<(s: AppSocket, why: JoinReason) => void>();

/**
 * The one Socket.IO connection, opened on first use (the forum home does not need it).
 * WebSocket first, long-polling as the fallback for networks that block it.
 */
export function getSocket(): AppSocket {
  if (socket) return socket;
  const s: AppSocket = io({
    path: '/socket.io',
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    withCredentials: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000,
    autoConnect: false,
  });
  s.on('connect', () => {
    mark('socket');
    connection.set('online');
    // Every page that joined rooms re-joins and re-reads its snapshot: after a long gap
    // the server has forgotten us, and events missed meanwhile are only in the snapshot.
    const why: JoinReason = s.recovered ? 'recovered' : 'reconnected';
    for (const fn of [...onConnect]) fn(s, why);
  });
  s.on('disconnect', (reason) => {
    connection.set('reconnecting');
    // When the server lets go (shutdown, deploy, a logout or a removed role) socket.io leaves
    // reconnecting to us; who I am may have changed, so the pages learn it before rejoining.
    if (reason === 'io server disconnect') {
      const before = me.get();
      setTimeout(
        () =>
          void loadMe(true).then(
            (after) => {
              const change = identityChange(before, after);
              if (change) identityNotice.set(change);
              s.connect();
            },
            () => s.connect(),
          ),
        1000 + Math.random() * 2000,
      );
    }
  });
  s.io.on('reconnect_attempt', () => connection.set('reconnecting'));
  // The first connection failing is as much "offline" as losing one.
  s.on('connect_error', () => connection.set('reconnecting'));
  connection.set('connecting');
  socket = s;
  // A first-time visitor's citizen cookie is set by the first HTTP answer; a socket opened
  // before it would be a throwaway pseudonym, and their questions would not be theirs on reload.
  void loadMe().then(
    () => (mark('me'), s.connect()),
    () => s.connect(),
  );
  return s;
}

/**
 * Runs `join` now if connected (else on connect) and again after every reconnect.
 * A `recovered` reconnect kept its rooms and had missed events replayed, so a join may
 * skip it. Returns the unsubscribe function for the page's cleanup.
 */
export function whileConnected(join: (s: AppSocket, why: JoinReason) => void): () => void {
  const s = getSocket();
  let first = !s.connected;
  const fn = (sock: AppSocket, why: JoinReason) => {
    // The first connect after this page subscribed is its first join, whatever the socket says.
    join(sock, first ? 'now' : why);
    first = false;
  };
  onConnect.add(fn);
  if (s.connected) join(s, 'now');
  return () => onConnect.delete(fn);
}

const Envelope = ackSchema(z.unknown());

/**
 * Awaits an ack and reads it through the contract's schema for its data: acks are input
 * like any other, and socket.io's types cannot name the ack of a call with a timeout.
 * Returns the data, or throws a {@link ClientError} with the server's code and details.
 */
export async function ack<S extends z.core.$ZodType>(p: Promise<unknown>, schema: S): Promise<z.infer<S>> {
  let raw: unknown;
  try {
    raw = await p;
  } catch (e) {
    throw toClientError(e);
  }
  const env = Envelope.safeParse(raw);
  if (!env.success) throw new ClientError('internal', 'unexpected answer from the server');
  if (!env.data.ok) throw fromWire(env.data.error);
  const data = z.safeParse(schema, env.data.data);
  if (!data.success) throw new ClientError('internal', 'unexpected answer from the server');
  return data.data;
}

export { ClientError };
