/**
 * Socket helpers for the Q&A and session tests: typed calls with acks, event recorders,
 * and a live session with its cast (organizer, moderator, speaker, citizens).
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../common/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/events';
import type { WireError } from '../../common/errors';
import type { TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait-for';

export type QaSocket = Socket<ServerToClientEvents, ClientToServerEvents>;
type Events = ClientToServerEvents;
type InputOf<E extends keyof Events> = Parameters<Events[E]>[0];
type DataOf<E extends keyof Events> = Parameters<Events[E]>[1] extends (r: Ack<infer T>) => void ? T : never;
type Payload<K extends keyof ServerToClientEvents> = Parameters<ServerToClientEvents[K]>[0];
interface LooseEmitter {
  emitWithAck(event: string, payload: unknown): Promise<unknown>;
  once(event: string, fn: (...args: any[]) => void): unknown;
  off(event: string, fn: (...args: any[]) => void): unknown;
}

/** A real socket.io-client connection carrying the person's cookies. */
export async function connect(baseUrl: string, who?: Client): Promise<QaSocket> {
  const s: QaSocket = io(baseUrl, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: who?.cookieHeader ? { cookie: who.cookieHeader } : {},
  });
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

/** Emits and resolves with the Ack. Payloads are loosely typed so tests can send bad ones. */
export async function call<E extends keyof Events>(s: QaSocket, event: E, input: InputOf<E> | Record<string, unknown>): Promise<Ack<DataOf<E>>> {
  const loose = s.timeout(5000) as unknown as LooseEmitter;
  return (await loose.emitWithAck(event, input)) as Ack<DataOf<E>>;
}

/** Emits, expects ok, returns the data. */
export async function ok<E extends keyof Events>(s: QaSocket, event: E, input: InputOf<E>): Promise<DataOf<E>> {
  const r = await call(s, event, input);
  if (!r.ok) throw new Error(`${event} refused: ${JSON.stringify(r.error)}`);
  return r.data;
}

/** Emits, expects a refusal, returns the error (so the test can assert its code). */
export async function refused<E extends keyof Events>(s: QaSocket, event: E, input: InputOf<E> | Record<string, unknown>): Promise<WireError> {
  const r = await call(s, event, input);
  if (r.ok) throw new Error(`${event} was accepted: ${JSON.stringify(r.data)}`);
  return r.error;
}

/** The next payload of a server event (matching `predicate`), or a timeout error. */
export function next<K extends keyof ServerToClientEvents>(s: QaSocket, event: K, predicate: (p: Payload<K>) => boolean = () => true, ms = 5000): Promise<Payload<K>> {
  return waitFor<Payload<K>>(s as unknown as LooseEmitter, event, ms, predicate);
}

/** Collects every payload of some events on a socket, for "received nothing else" checks. */
export function record<K extends keyof ServerToClientEvents>(s: QaSocket, ...events: K[]) {
  const got: { event: K; payload: Payload<K> }[] = [];
  for (const e of events) {
    s.on(e as keyof ServerToClientEvents, ((payload: never) => got.push({ event: e, payload })) as never);
  }
  return got;
}

/** A citizen who has set a display name. */
export async function namedCitizen(app: TestApp, name: string): Promise<Client> {
  const c = await citizen(app);
  const r = await c.put('/api/me/name', { displayName: name });
  if (r.status !== 200) throw new Error(`name: ${JSON.stringify(r.data)}`);
  return c;
}

export interface LiveSession {
  fx: ForumFixture;
  sessionId: string;
  moderator: Client;
  speaker: Client;
}

/** A forum with a live session, a moderator and a speaker of that session. */
export async function liveSession(app: TestApp): Promise<LiveSession> {
  const fx = await forumWithSession(app);
  const [moderator, speaker] = await Promise.all([invited(app, fx, 'moderator'), invited(app, fx, 'speaker')]);
  await goLive(fx);
  return { fx, sessionId: fx.session.id, moderator, speaker };
}

/** Connects, joins the session and returns the socket. */
export async function joined(app: TestApp, sessionId: string, who?: Client): Promise<QaSocket> {
  const s = await connect(app.url, who);
  await ok(s, 'session:join', { sessionId });
  return s;
}

/** Sets pre-moderation for the session through a moderator socket. */
export async function setPremoderation(mod: QaSocket, sessionId: string, enabled: boolean): Promise<void> {
  await ok(mod, 'qa:premoderation', { sessionId, enabled });
}
