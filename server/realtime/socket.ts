import type { Server, Socket } from 'socket.io';
import type { z } from 'zod';
import type { Ack } from '../../common/ack';
import { AppError, isAppError, type WireError } from '../../common/errors';
import type { ClientToServerEvents, InterServerEvents, ServerToClientEvents } from '../../common/events';
import type { Logger } from '../../platform/logger';
import { unavailableError } from '../../platform/unavailable';
import type { Actor } from '../people/actor';
import { parse } from '../../common/validate';

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
export function handle<S extends z.core.$ZodType, R>(
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
      const known = isAppError(e) ? e : unavailableError(e);
      if (known) {
        if (known.code === 'unavailable') log.warn({ err: (e as Error).message, socketId: this.id }, 'refused during an outage');
        reply({ ok: false, error: wireError(known) });
      } else {
        log.error({ err: e, socketId: this.id }, 'socket handler failed');
        reply({ ok: false, error: { code: 'internal', message: 'something went wrong on our side' } });
      }
    }
  };
}

/** An AppError as an Ack carries it. */
export function wireError(e: AppError): WireError {
  return { code: e.code, message: e.message, ...(e.details ? { details: e.details } : {}) };
}

/** A listener built by {@link handle}; it is called with `this` = the socket. */
export type Listener = (this: AppSocket, ...args: unknown[]) => unknown;

/** The client→server events a domain answers, each with its one shared listener. */
export type Listeners = { [E in keyof ClientToServerEvents]?: Listener };

/**
 * Joins the domains' listeners into one routing table for the process and returns what to
 * install on each socket: a single middleware that looks the event up, instead of a listener
 * per event per socket (forty of them cost a viewer about a kilobyte and a half of heap). It
 * is a middleware, not `onAny`, so install it after any guard a module adds with `socket.use`:
 * guards still run first. Events nobody routes go on to ordinary `socket.on` listeners.
 */
export function eventRouter(tables: readonly Listeners[]): (socket: AppSocket) => void {
  const routes = new Map<string, Listener>();
  for (const table of tables) {
    for (const [event, listener] of Object.entries(table)) {
      if (routes.has(event)) throw new Error(`two domains answer '${event}'`);
      routes.set(event, listener);
    }
  }
  return (socket) =>
    socket.use(([event, ...args], next) => {
      const listener = routes.get(event);
      if (!listener) return next();
      void listener.apply(socket, args);
    });
}

export { AppError };
