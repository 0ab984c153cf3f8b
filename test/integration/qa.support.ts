/**
 * Socket helpers for the Q&A and session tests: typed calls with acks, event recorders,
 * and a live session with its cast (organizer, moderator, speaker, citizens).
 */
import { io, type Socket } from 'socket.io-client';
import type { Ack } from '../../common/ack';
import type { ClientToServerEvents, ServerToClientEvents } from '../../common/events';
import type { WireError } from '../../common/errors';
import { LiveFrame } from '../../common/live.contract';
import type { QaChange, RankingReading } from '../../common/qa.contract';
import type { ViewersFramePart } from '../../common/sessions.contract';
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
    s.on(e, ((payload: never) => got.push({ event: e, payload })) as never);
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

// ─── Live frames (common/live.contract.ts) ───

/** Calls `fn` with every live frame the socket receives, parsed with the contract's schema (a bad frame fails the test). */
export function onFrames(s: QaSocket, fn: (f: LiveFrame) => void): () => void {
  const on = (raw: unknown) => fn(LiveFrame.parse(raw));
  s.on('live:frame', on);
  return () => s.off('live:frame', on);
}

export type ChangeOf<T extends QaChange['type']> = Extract<QaChange, { type: T }>;

/** The next public Q&A change of this type (read from the session's live frames), or a timeout error. */
export function nextChange<T extends QaChange['type']>(s: QaSocket, type: T, predicate: (c: ChangeOf<T>) => boolean = () => true, ms = 5000): Promise<ChangeOf<T>> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for a '${type}' change`));
    }, ms);
    const off = onFrames(s, (f) => {
      const hit = f.qa?.changes?.find((c): c is ChangeOf<T> => c.type === type && predicate(c as ChangeOf<T>));
      if (!hit) return;
      clearTimeout(timer);
      off();
      resolve(hit);
    });
  });
}

/** Collects every public Q&A change the socket receives, in the order received, for "received nothing else" checks. */
export function recordChanges(s: QaSocket): (QaChange & { sessionId: string })[] {
  const got: (QaChange & { sessionId: string })[] = [];
  onFrames(s, (f) => {
    for (const c of f.qa?.changes ?? []) got.push({ ...c, sessionId: f.sessionId });
  });
  return got;
}

/** Collects every ranking reading the socket receives. */
export function recordRankings(s: QaSocket): (RankingReading & { sessionId: string })[] {
  const got: (RankingReading & { sessionId: string })[] = [];
  onFrames(s, (f) => {
    for (const r of f.qa?.rankings ?? []) got.push({ ...r, sessionId: f.sessionId });
  });
  return got;
}

/** Collects every viewer count the socket receives. */
export function recordViewers(s: QaSocket): ViewersFramePart[] {
  const got: ViewersFramePart[] = [];
  onFrames(s, (f) => f.viewers && got.push(f.viewers));
  return got;
}

/** The next viewer count matching `predicate`, or a timeout error. */
export function nextViewers(s: QaSocket, predicate: (v: ViewersFramePart) => boolean, ms = 5000): Promise<ViewersFramePart> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`timed out after ${ms} ms waiting for a viewer count`));
    }, ms);
    const off = onFrames(s, (f) => {
      if (!f.viewers || !predicate(f.viewers)) return;
      clearTimeout(timer);
      off();
      resolve(f.viewers);
    });
  });
}
