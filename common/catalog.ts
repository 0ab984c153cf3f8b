/**
 * How a domain declares its Socket.IO events: one catalog of zod schemas per domain, from
 * which the TypeScript event maps (common/events.ts), the client's parsing of pushes and the
 * AsyncAPI document (`/api/asyncapi.json`) are all derived. An event exists once, here.
 */
import type { z } from 'zod/mini';
import type { AckCallback } from './ack';

/** A client→server event. Every one is acknowledged (common/ack.ts) with `ack` as its data. */
export interface ClientEvent<I extends z.core.$ZodType = z.core.$ZodType, A extends z.core.$ZodType = z.core.$ZodType> {
  /** What it does, who may send it and the error codes it answers with. */
  doc: string;
  input: I;
  ack: A;
}

/** A server→client push. */
export interface ServerEvent<P extends z.core.$ZodType = z.core.$ZodType> {
  doc: string;
  /** Who receives it (the session's room, its moderators, the author's connections…). */
  to: string;
  payload: P;
}

export type ClientCatalog = Record<string, ClientEvent>;
export type ServerCatalog = Record<string, ServerEvent>;

/** Socket.IO's listener signatures for a domain's client events: the client sends the schema's input. */
export type ClientEventsOf<T extends ClientCatalog> = {
  [E in keyof T]: (input: z.input<T[E]['input']>, ack: AckCallback<z.output<T[E]['ack']>>) => void;
};

/** Socket.IO's listener signatures for a domain's pushes. */
export type ServerEventsOf<T extends ServerCatalog> = {
  [E in keyof T]: (payload: z.output<T[E]['payload']>) => void;
};
