/**
 * The Socket.IO contract, shared by server, client and workers.
 * Events are `domain:verb`; every client→server event takes an ack callback that
 * receives an `Ack<T>`. Each domain declares its events once, as a catalog of zod schemas in
 * `common/<domain>.contract.ts` (see common/catalog.ts); this file joins them. The server
 * publishes the same catalogs as an AsyncAPI 3 document at `/api/asyncapi.json`.
 */
import { CAPTION_CLIENT_EVENTS } from './captions.contract';
import { FLOOR_CLIENT_EVENTS, FLOOR_SERVER_EVENTS, type FloorMediaOrder } from './floor.contract';
import { INTERP_CLIENT_EVENTS, INTERP_SERVER_EVENTS } from './interpretation.contract';
import { LIVE_SERVER_EVENTS } from './live.contract';
import { POLL_CLIENT_EVENTS } from './polls.contract';
import { QA_CLIENT_EVENTS, QA_SERVER_EVENTS } from './qa.contract';
import { RATINGS_CLIENT_EVENTS } from './ratings.contract';
import { RECS_CLIENT_EVENTS, RECS_SERVER_EVENTS } from './recs.contract';
import { SESSION_CLIENT_EVENTS, SESSION_SERVER_EVENTS } from './sessions.contract';
import { STREAM_CLIENT_EVENTS, STREAM_SERVER_EVENTS } from './stream.contract';
import type { ClientEventsOf, ServerEventsOf } from './catalog';

export type { Ack, AckCallback } from './ack';

/** Every client→server event of every domain. */
export const CLIENT_EVENTS = {
  ...SESSION_CLIENT_EVENTS,
  ...QA_CLIENT_EVENTS,
  ...STREAM_CLIENT_EVENTS,
  ...RECS_CLIENT_EVENTS,
  ...RATINGS_CLIENT_EVENTS,
  ...INTERP_CLIENT_EVENTS,
  ...CAPTION_CLIENT_EVENTS,
  ...FLOOR_CLIENT_EVENTS,
  ...POLL_CLIENT_EVENTS,
};
/** Every server→client push of every domain. */
export const SERVER_EVENTS = {
  ...LIVE_SERVER_EVENTS,
  ...SESSION_SERVER_EVENTS,
  ...QA_SERVER_EVENTS,
  ...STREAM_SERVER_EVENTS,
  ...RECS_SERVER_EVENTS,
  ...INTERP_SERVER_EVENTS,
  ...FLOOR_SERVER_EVENTS,
};

export type ClientToServerEvents = ClientEventsOf<typeof CLIENT_EVENTS>;
export type ServerToClientEvents = ServerEventsOf<typeof SERVER_EVENTS>;
/** Between server processes (Socket.IO's `serverSideEmit` through the Redis adapter). */
export interface InterServerEvents {
  /** A floor turn changed: the process holding that person's tracks carries it out. */
  'floor:media': (order: FloorMediaOrder) => void;
}
