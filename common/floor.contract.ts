/**
 * Contract for taking the floor: citizens ask to speak, moderators run the floor queue, and an
 * invited citizen goes from the green room on stage for a timed turn.
 *
 * Citizen flow, all acknowledged with `Ack<T>`:
 * 1. `floor:ask` {sessionId, topic, organization?} (needs a display name) → their request, queued.
 *    They follow it with `floor:requestChanged` pushes (to every tab of theirs); `floor:mine` re-reads it.
 * 2. Invited (`status: 'invited'`): the green room. The page joins the stream, makes a send
 *    transport and produces `mic` (and `camera`): the server allows it on the strength of the
 *    invitation alone, and keeps those tracks backstage (only moderators can consume them).
 * 3. On air (`status: 'live'`): the tracks join the stage (`stream:producerAdded` to everyone,
 *    the program feed and recording); `endsAt` is the countdown. When the turn ends (time up,
 *    the moderator, `floor:withdraw`) the grant is gone: the server closes their tracks and
 *    refuses any further `stream:produce`.
 *
 * Moderators: `floor:queue` (and `floor:queueChanged` pushes to the moderators' room), then
 * `floor:move`, `floor:decline`, `floor:invite`, `floor:onAir`, `floor:extend`, `floor:mute`,
 * `floor:end`. Everyone in the session room gets `floor:stageChanged` when someone goes on or off air.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { Id } from './base';
import { OrgRef } from './organizations.contract';
import { SessionRef } from './sessions.contract';

/**
 * Where a request stands. `queued` waits; `invited` is the green room; `live` is on stage;
 * the rest are over: `done` (the turn ended), `declined` (by a moderator, with a reason),
 * `withdrawn` (by the citizen before going on air), `lapsed` (the session ended first).
 */
export const FLOOR_STATUSES = ['queued', 'invited', 'live', 'done', 'declined', 'withdrawn', 'lapsed'] as const;
export const FloorStatus = z.enum(FLOOR_STATUSES);
export type FloorStatus = z.infer<typeof FloorStatus>;

/** Statuses in which a request still counts as the person's one open request in a session. */
export const OPEN_FLOOR_STATUSES = ['queued', 'invited', 'live'] as const satisfies readonly FloorStatus[];

/** A turn's length when the moderator sets none, and the bounds they may set. */
export const DEFAULT_TURN_SECONDS = 180;
export const MIN_TURN_SECONDS = 15;
export const MAX_TURN_SECONDS = 30 * 60;

const OneLine = (max: number) =>
  z.string().check(
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    // One line: no line breaks, control characters or bidi overrides (they would spoof the text around it).
    z.refine((s) => !/[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u.test(s), { message: 'one line of text without control characters' }),
  );

export const AskFloorInput = z.strictObject({
  sessionId: Id,
  /** What they want to speak about, in one line. */
  topic: OneLine(200),
  /** The organization they speak for, as they name it; a confirmed representative's organization is attached by the server. */
  organization: z.optional(OneLine(120)),
});
export type AskFloorInput = z.infer<typeof AskFloorInput>;

export const FloorRef = z.strictObject({ requestId: Id });
export type FloorRef = z.infer<typeof FloorRef>;

export const MoveFloorInput = z.strictObject({
  requestId: Id,
  /** The new place among the queued requests, from 0 (next); past the end means last. */
  position: z.int().check(z.gte(0), z.lte(10_000)),
});
export type MoveFloorInput = z.infer<typeof MoveFloorInput>;

export const DeclineFloorInput = z.strictObject({ requestId: Id, reason: OneLine(300) });
export type DeclineFloorInput = z.infer<typeof DeclineFloorInput>;

const TurnSeconds = z.int().check(z.gte(MIN_TURN_SECONDS), z.lte(MAX_TURN_SECONDS));

export const OnAirInput = z.strictObject({ requestId: Id, seconds: z.optional(TurnSeconds) });
export type OnAirInput = z.infer<typeof OnAirInput>;

export const ExtendTurnInput = z.strictObject({ requestId: Id, seconds: z.int().check(z.gte(5), z.lte(MAX_TURN_SECONDS)) });
export type ExtendTurnInput = z.infer<typeof ExtendTurnInput>;

export const MuteTurnInput = z.strictObject({ requestId: Id, muted: z.boolean() });
export type MuteTurnInput = z.infer<typeof MuteTurnInput>;

/** A request to speak, as its author and the moderators see it. */
export const FloorRequestView = z.object({
  id: Id,
  sessionId: Id,
  person: z.object({ id: Id, displayName: z.string() }),
  topic: z.string(),
  /** As the person named it (null: none given). */
  organization: z.nullable(z.string()),
  /** Set when the person is a confirmed representative of an organization of the forum. */
  org: z.nullable(OrgRef),
  status: FloorStatus,
  /** Place among the queued requests, from 0; null once out of the queue. */
  position: z.nullable(z.int()),
  declineReason: z.nullable(z.string()),
  /** The turn's length in seconds (set when going on air, grows with each extension). */
  seconds: z.nullable(z.int()),
  createdAt: z.string(),
  invitedAt: z.nullable(z.string()),
  startedAt: z.nullable(z.string()),
  /** When the turn ends unless extended (the countdown); null unless live. */
  endsAt: z.nullable(z.string()),
  endedAt: z.nullable(z.string()),
  /** Muted by the moderator: their tracks are paused for everyone. */
  muted: z.boolean(),
});
export type FloorRequestView = z.infer<typeof FloorRequestView>;

/** The moderators' floor queue: open requests (queued in order, then invited, then live). */
export const FloorQueueView = z.object({
  sessionId: Id,
  /** Bumped with every change; a client that sees a gap asks `floor:queue` again. */
  version: z.int(),
  requests: z.array(FloorRequestView),
});
export type FloorQueueView = z.infer<typeof FloorQueueView>;

/** Who holds the floor now, for everyone in the session; null when nobody does. */
export const StageView = z.object({
  sessionId: Id,
  turn: z.nullable(z.object({
      requestId: Id,
      person: z.object({ id: Id, displayName: z.string() }),
      topic: z.string(),
      organization: z.nullable(z.string()),
      org: z.nullable(OrgRef),
      startedAt: z.string(),
      endsAt: z.string(),
      muted: z.boolean(),
    })),
});
export type StageView = z.infer<typeof StageView>;

/** What one server process tells the others when a turn changes (they may hold the person's tracks). */
export const FloorMediaOrder = z.object({
  op: z.enum(['onAir', 'mute', 'revoke']),
  sessionId: Id,
  personId: Id,
  muted: z.optional(z.boolean()),
});
export type FloorMediaOrder = z.infer<typeof FloorMediaOrder>;

export const FLOOR_CLIENT_EVENTS = {
  'floor:ask': { doc: 'Ask to speak; anyone with a display name in a live session, one open request per person (`conflict`), rate-limited.', input: AskFloorInput, ack: FloorRequestView },
  'floor:withdraw': { doc: 'Take one\'s own request back, or end one\'s own turn on air.', input: FloorRef, ack: FloorRequestView },
  'floor:mine': { doc: 'The caller\'s latest request in the session (null: none).', input: SessionRef, ack: z.nullable(FloorRequestView) },
  'floor:stage': { doc: 'Who is on stage now; anyone.', input: SessionRef, ack: StageView },
  'floor:queue': { doc: 'The floor queue; moderators of the session.', input: SessionRef, ack: FloorQueueView },
  'floor:move': { doc: 'Move a queued request to another place; moderators.', input: MoveFloorInput, ack: FloorQueueView },
  'floor:decline': { doc: 'Decline a queued or invited request with a reason the citizen sees; moderators.', input: DeclineFloorInput, ack: FloorRequestView },
  'floor:invite': { doc: 'Invite a queued request into the green room; moderators.', input: FloorRef, ack: FloorRequestView },
  'floor:onAir': { doc: 'Put an invited citizen on air for `seconds` (default 180); one turn at a time (`conflict`); moderators.', input: OnAirInput, ack: FloorRequestView },
  'floor:extend': { doc: 'Give the live turn more time; moderators.', input: ExtendTurnInput, ack: FloorRequestView },
  'floor:mute': { doc: 'Mute or unmute the live (or invited) citizen\'s tracks for everyone; moderators.', input: MuteTurnInput, ack: FloorRequestView },
  'floor:end': { doc: 'End the turn (or the green room) now: the publish right is revoked at once; moderators.', input: FloorRef, ack: FloorRequestView },
} satisfies ClientCatalog;
export type FloorClientEvents = ClientEventsOf<typeof FLOOR_CLIENT_EVENTS>;

export const FLOOR_SERVER_EVENTS = {
  'floor:queueChanged': { doc: 'The whole queue after every change.', to: 'the moderators\' room', payload: FloorQueueView },
  'floor:requestChanged': { doc: 'Their request changed (invited, on air, ended, declined).', to: 'the person who asked', payload: FloorRequestView },
  'floor:stageChanged': { doc: 'Someone went on or off air, was muted, or got more time.', to: 'the session room', payload: StageView },
} satisfies ServerCatalog;
export type FloorServerEvents = ServerEventsOf<typeof FLOOR_SERVER_EVENTS>;
