import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack } from '../../common/ack';
import { AppError, isAppError } from '../../common/errors';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../common/events';
import type { Logger } from '../logger';
import type { Actor } from '../people/actor';
import { parse } from '../validate';

export interface SocketData {
  actor: Actor;
  ip: string;
}

export type AppServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type AppSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export interface HandlerCtx {
  actor: Actor;
  ip: string;
  socket: AppSocket;
}

/** Room names, in one place so every domain and the workers agree. */
export const rooms = {
  session: (sessionId: string) => `session:${sessionId}`,
  /** Moderators (and organizers) of a session: pending questions, flags, audit. */
  moderators: (sessionId: string) => `session:${sessionId}:mod`,
  speakers: (sessionId: string) => `session:${sessionId}:speakers`,
  forumOrganizers: (forumId: string) => `forum:${forumId}:org`,
  person: (actorId: string) => `person:${actorId}`,
};

/**
 * Turns a service call into a safe socket listener: parses the payload with the schema,
 * calls fn with the caller's identity, and answers exactly one Ack. Errors become
 * `{ok:false}`; unknown ones are logged and reported as `internal`.
 * A payload sent without an ack callback is dropped: the contract requires one.
 *
 * The listener is built once per event and shared by every socket (Socket.IO calls it
 * with `this` = the socket): a closure per event per connection would cost kilobytes per
 * viewer, which at thousands of viewers is most of the memory budget.
 */
export function handle<S extends z.ZodType, R>(
  log: Logger,
  schema: S,
  fn: (input: z.infer<S>, ctx: HandlerCtx) => Promise<R>,
) {
  return async function (this: AppSocket, payload: unknown, ack: unknown): Promise<void> {
    if (typeof ack !== 'function') return;
    const reply = ack as (r: Ack<R>) => void;
    try {
      const input = parse(schema, payload);
      const data = await fn(input, { actor: this.data.actor, ip: this.data.ip, socket: this });
      reply({ ok: true, data });
    } catch (e) {
      if (isAppError(e)) {
        reply({ ok: false, error: { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) } });
      } else {
        log.error({ err: e, socketId: this.id }, 'socket handler failed');
        reply({ ok: false, error: { code: 'internal', message: 'something went wrong on our side' } });
      }
    }
  };
}

export { AppError };
