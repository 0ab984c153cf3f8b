/**
 * Contract for simultaneous interpretation: language channels that listeners choose instead of
 * (or quietly under) the floor, and the interpreter's booth.
 *
 * Interpreter flow, all acknowledged with `Ack<T>`:
 * 1. `stream:join`, `interp:booth` → the caller's target languages and the session's channels.
 * 2. `stream:createTransport` {direction: 'send'}, then `stream:produce` with source
 *    `interpretation` and `channel` (the microphone feeds that language channel, off air).
 * 3. `interp:onAir` puts the caller on air; a colleague on air in the same channel is handed
 *    over without a gap and told (`interp:handedOver`). `interp:offAir` leaves the channel idle.
 *
 * Listener flow: after `stream:join`, `interp:channels`; then `stream:consume` the producer of the
 * chosen channel (its id never changes during a handover) and follow `interp:channel`.
 */
import { z } from 'zod/mini';
import type { ClientCatalog, ClientEventsOf, ServerCatalog, ServerEventsOf } from './catalog';
import { Id, Lang } from './base';
import { SessionRef } from './sessions.contract';

/** A language channel of a session, as listeners and interpreters see it. */
export const ChannelView = z.object({
  lang: Lang,
  /** The channel's producer for `stream:consume`; null until an interpreter has joined the booth. */
  producerId: z.nullable(z.string().check(z.minLength(1), z.maxLength(128))),
  /** An interpreter is on air. A listener of an idle channel hears the floor instead. */
  live: z.boolean(),
  /** Who is on air (null when idle). */
  interpreter: z.nullable(z.object({ id: Id, displayName: z.nullable(z.string()) })),
});
export type ChannelView = z.infer<typeof ChannelView>;

/** Every channel a session offers: languages it has interpreters for, and any channel open now. */
export const ChannelsView = z.object({ sessionId: Id, channels: z.array(ChannelView) });
export type ChannelsView = z.infer<typeof ChannelsView>;

/** What the booth needs: the caller's target languages in this session, and the channels. */
export const BoothView = z.extend(ChannelsView, { languages: z.array(Lang) });
export type BoothView = z.infer<typeof BoothView>;

export const ChannelRef = z.strictObject({ sessionId: Id, lang: Lang });
export type ChannelRef = z.infer<typeof ChannelRef>;

/** Pushed to the session room when a channel opens, goes live or idle, or changes hands. */
export const ChannelChanged = z.object({ sessionId: Id, channel: ChannelView });
export type ChannelChanged = z.infer<typeof ChannelChanged>;

/** Pushed to the interpreter who lost the air to a colleague. */
export const HandedOver = z.object({ sessionId: Id, lang: Lang, to: z.object({ id: Id, displayName: z.nullable(z.string()) }) });
export type HandedOver = z.infer<typeof HandedOver>;

export const INTERP_CLIENT_EVENTS = {
  'interp:channels': { doc: 'The session\'s language channels and their live/idle state; anyone who may watch.', input: SessionRef, ack: ChannelsView },
  'interp:booth': { doc: 'The booth\'s view; interpreters of the session only (`forbidden` otherwise).', input: SessionRef, ack: BoothView },
  'interp:onAir': {
    doc: 'Go on air in `lang`: needs the interpreter role for it, a live session, and this connection\'s `interpretation` producer in that channel (`invalid_state` otherwise).',
    input: ChannelRef,
    ack: ChannelView,
  },
  'interp:offAir': { doc: 'Leave the air; the channel goes idle unless a colleague takes it. Idempotent.', input: ChannelRef, ack: ChannelView },
} satisfies ClientCatalog;
export type InterpClientEvents = ClientEventsOf<typeof INTERP_CLIENT_EVENTS>;

export const INTERP_SERVER_EVENTS = {
  'interp:channel': { doc: 'A channel opened, went live or idle, or changed hands.', to: 'the session\'s room', payload: ChannelChanged },
  'interp:handedOver': { doc: 'A colleague took the air from this interpreter.', to: 'the interpreter who lost the air', payload: HandedOver },
} satisfies ServerCatalog;
export type InterpServerEvents = ServerEventsOf<typeof INTERP_SERVER_EVENTS>;
