/**
 * The Socket.IO contract, shared by server, client and workers.
 * Events are `domain:verb`; every client→server event takes an ack callback that
 * receives an `Ack<T>`. Each domain declares its events in `common/<domain>.contract.ts`;
 * this file joins them.
 */
import type { QaClientEvents, QaServerEvents } from './qa.contract';
import type { RecsClientEvents, RecsServerEvents } from './recs.contract';
import type { SessionClientEvents, SessionServerEvents } from './sessions.contract';
import type { StreamClientEvents, StreamServerEvents } from './stream.contract';

export type { Ack, AckCallback } from './ack';

export interface ClientToServerEvents extends SessionClientEvents, QaClientEvents, StreamClientEvents, RecsClientEvents {}
export interface ServerToClientEvents extends SessionServerEvents, QaServerEvents, StreamServerEvents, RecsServerEvents {}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface InterServerEvents {}
