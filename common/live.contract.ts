/**
 * Contract for live frames: what a session's room learns, one frame per tick.
 *
 * Instead of one message per event, each server process gathers what happened in a room over
 * a short interval and sends it as one `live:frame`: one encoding for the whole room, one
 * write per viewer, one repaint per frame. Each domain owns one optional part of the frame,
 * keyed by its name; a frame carries only the parts that have news. A part says in its own
 * schema how to apply it (versions, sequence numbers) so that frames from several server
 * processes, or repeated after a reconnect, still give every viewer the same state.
 *
 * Frames go to the session's room and are kept in the replay log like any broadcast, so a
 * briefly disconnected client gets the frames it missed.
 *
 * Adding a domain's part: declare its schema in `common/<domain>.contract.ts` and add one
 * optional key below; the server pushes to it through `LiveFrames.part()`, the client reads it
 * with `onFramePart()` (client/src/live/frames.ts).
 */
import { z } from 'zod/mini';
import { Id } from './base';
import type { ServerCatalog, ServerEventsOf } from './catalog';
import { CaptionsFramePart } from './captions.contract';
import { PollsFramePart } from './polls.contract';
import { QaFramePart } from './qa.contract';
import { ViewersFramePart } from './sessions.contract';

/** One optional key per domain. */
export const LiveFrameParts = z.object({
  qa: z.optional(QaFramePart),
  viewers: z.optional(ViewersFramePart),
  captions: z.optional(CaptionsFramePart),
  polls: z.optional(PollsFramePart),
});
export type LiveFrameParts = z.infer<typeof LiveFrameParts>;
export type LivePartKey = keyof LiveFrameParts;

export const LiveFrame = z.extend(LiveFrameParts, { sessionId: Id });
export type LiveFrame = z.infer<typeof LiveFrame>;

export const LIVE_SERVER_EVENTS = {
  'live:frame': { doc: 'What changed in a session\'s room since the room\'s last frame from this server process (see the parts\' schemas for how to apply them).', to: 'the session\'s room', payload: LiveFrame },
} satisfies ServerCatalog;
export type LiveServerEvents = ServerEventsOf<typeof LIVE_SERVER_EVENTS>;
