/**
 * Contract for live session rooms: joining and leaving, presence (viewer counts, in the
 * room's `live:frame`) and lifecycle changes pushed to everyone in the room.
 *
 * Client flow: connect → `session:join` → (for Q&A) `qa:snapshot`, and `qa:queue` when
 * `capabilities.isModerator`. After a reconnect where `socket.recovered` is false, repeat
 * the same calls: rooms are not restored then. When it is true, nothing is needed: the
 * server restored the rooms and replayed what was missed.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { SessionState, SessionView, SessionPath } from './agenda.contract';
import { Id } from './base';
import type { HttpRoute } from './http-route';

export const SessionRef = z.strictObject({ sessionId: Id });
/** Payload of `session:join` and `session:leave`. */
export type SessionRef = z.infer<typeof SessionRef>;

/** What the caller may do in this session; the server still checks every action itself. */
export const Capabilities = z.object({
  /** Runs the Q&A queue (organizers of the forum are moderators too). */
  isModerator: z.boolean(),
  /** Sees the approved queue and the spotlight in the speaker view; may mark questions answered. */
  isSpeaker: z.boolean(),
  /** Organizer of the forum: audit CSV, attendance, lifecycle. */
  isOrganizer: z.boolean(),
});
export type Capabilities = z.infer<typeof Capabilities>;

export const SessionJoined = z.object({
  session: SessionView,
  /** People watching now, across all server processes. */
  viewers: z.int().check(z.gte(0)),
  capabilities: Capabilities,
});
export type SessionJoined = z.infer<typeof SessionJoined>;

/**
 * The viewers part of a session's live frame: sent at most every VIEWER_COUNT_INTERVAL_MS,
 * and only when the number changed. `seq` grows with every new count: keep the highest.
 */
export const ViewersFramePart = z.object({ count: z.int().check(z.gte(0)), seq: z.int().check(z.gte(1)) });
export type ViewersFramePart = z.infer<typeof ViewersFramePart>;

/** The session went live, ended or was cancelled. `at` is ISO 8601. */
export const SessionStateChanged = z.object({ sessionId: Id, state: SessionState, at: z.string() });
export type SessionStateChanged = z.infer<typeof SessionStateChanged>;

/** Attendance of a session, for the organizer dashboard and the compiled report. */
export const AttendanceView = z.object({
  sessionId: Id,
  /** Highest concurrent viewer count seen while live. */
  peak: z.int().check(z.gte(0)),
  /** Distinct people (citizen pseudonyms or accounts) who watched while live. */
  uniqueViewers: z.int().check(z.gte(0)),
  /** Concurrent viewers sampled about every 30 s while live, oldest first. */
  series: z.array(z.object({ at: z.string(), viewers: z.int().check(z.gte(0)) })),
});
export type AttendanceView = z.infer<typeof AttendanceView>;

/** Ack of `session:leave`. */
export const SessionLeft = z.object({ sessionId: Id });

export const SESSION_CLIENT_EVENTS = {
  'session:join': { doc: 'Enter a session\'s room: receive its broadcasts and count as a viewer. Errors: invalid_input, not_found.', input: SessionRef, ack: SessionJoined },
  'session:leave': { doc: 'Leave the room (also happens on disconnect). Idempotent.', input: SessionRef, ack: SessionLeft },
} satisfies ClientCatalog;
export type SessionClientEvents = ClientEventsOf<typeof SESSION_CLIENT_EVENTS>;

export const SESSION_SERVER_EVENTS = {
  'session:state': { doc: 'The session went live, ended or was cancelled.', to: 'the session\'s room', payload: SessionStateChanged },
} satisfies ServerCatalog;
export type SessionServerEvents = ServerEventsOf<typeof SESSION_SERVER_EVENTS>;

/** The sessions' HTTP routes (see common/http-route.ts). */
export const SESSIONS_ROUTES = {
  attendance: { method: 'get', path: '/sessions/:sessionId/attendance', params: SessionPath, response: AttendanceView },
} as const satisfies Record<string, HttpRoute>;
