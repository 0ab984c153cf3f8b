import type { LiveFrame, LiveFrameParts, LivePartKey } from '../../common/live.contract';
import { rooms } from '../../common/rooms';
import type { Logger } from '../../platform/logger';

/** Who in a session receives a part: everyone in its room, or only its moderators. */
export type Audience = 'session' | 'moderators';

const roomOf: Record<Audience, (sessionId: string) => string> = { session: rooms.session, moderators: rooms.moderators };

export interface PartSpec<K extends LivePartKey, In> {
  /**
   * How long an item may wait for company before its frame must go. 0 sends with the room's
   * next frame as soon as the gap between frames allows; counts that change all the time
   * (ranking, viewers) wait up to their interval and mostly ride on frames that go anyway.
   */
  waitMs: number;
  /** Folds a new item into what is pending for the room (`undefined`: nothing yet). Pure. */
  merge(pending: LiveFrameParts[K] | undefined, item: In): NonNullable<LiveFrameParts[K]>;
}

/** A domain's handle on its part of the frames. */
export interface LivePart<In> {
  push(sessionId: string, item: In, audience?: Audience): void;
}

interface Pending {
  sessionId: string;
  room: string;
  parts: LiveFrameParts;
  /** When the pending frame goes (0: nothing pending). */
  dueAt: number;
  lastSentAt: number;
  /** Cancels the scheduled flush. */
  cancel: (() => void) | undefined;
}

/** Where frames go: the Socket.IO server (its room broadcast), or a recorder in tests. */
export interface FrameSink {
  to(room: string): { emit(event: 'live:frame', frame: LiveFrame): unknown };
}

export interface LiveFramesOptions {
  /** Shortest time between two frames of one room from this process. */
  minGapMs: number;
  log: Logger;
}

/**
 * Gathers what happens in each room and sends it as one `live:frame` per tick: one
 * `io.to(room).emit` per frame, which Socket.IO encodes once (and frames once for WebSocket)
 * for every socket of the room, and which crosses to the other server processes as one entry
 * of the Redis stream. Nothing is done per socket here.
 *
 * A tick is not a fixed clock: a frame goes when the most urgent item pending for the room
 * is due, but never sooner than `minGapMs` after the room's previous frame; everything pending
 * then goes with it. Frames of one room leave this process in push order.
 */
export class LiveFrames {
  private readonly pending = new Map<string, Pending>();
  private closed = false;

  constructor(
    private readonly io: FrameSink,
    private readonly o: LiveFramesOptions,
  ) {}

  /** Declares a domain's part; call once per key at start. */
  part<K extends LivePartKey, In>(key: K, spec: PartSpec<K, In>): LivePart<In> {
    return { push: (sessionId, item, audience = 'session') => this.push(key, spec, sessionId, item, audience) };
  }

  private push<K extends LivePartKey, In>(key: K, spec: PartSpec<K, In>, sessionId: string, item: In, audience: Audience): void {
    if (this.closed) return;
    const room = roomOf[audience](sessionId);
    let p = this.pending.get(room);
    if (!p) this.pending.set(room, (p = { sessionId, room, parts: {}, dueAt: 0, lastSentAt: -Infinity, cancel: undefined }));
    p.parts[key] = spec.merge(p.parts[key], item);
    const now = Date.now();
    const due = Math.max(now + spec.waitMs, p.lastSentAt + this.o.minGapMs);
    if (p.dueAt !== 0 && p.dueAt <= due) return;
    p.dueAt = due;
    this.schedule(p, due - now);
  }

  /** setTimeout(0) waits a millisecond or more; what is due now goes after the current I/O instead. */
  private schedule(p: Pending, inMs: number): void {
    p.cancel?.();
    const flush = () => this.flush(p);
    if (inMs <= 0) {
      const t = setImmediate(flush);
      p.cancel = () => clearImmediate(t);
    } else {
      const t = setTimeout(flush, inMs);
      p.cancel = () => clearTimeout(t);
    }
  }

  private flush(p: Pending): void {
    p.cancel = undefined;
    if (p.dueAt === 0) {
      // A quiet gap after the last frame: nothing came, so the room needs no entry.
      this.pending.delete(p.room);
      return;
    }
    const frame: LiveFrame = { sessionId: p.sessionId, ...p.parts };
    p.parts = {};
    p.dueAt = 0;
    p.lastSentAt = Date.now();
    try {
      this.io.to(p.room).emit('live:frame', frame);
    } catch (e) {
      this.o.log.error({ err: e, room: p.room }, 'live frame not sent');
    }
    if (!this.closed) this.schedule(p, this.o.minGapMs);
  }

  /** Sends what is pending now; later pushes are dropped. Safe to call twice. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const p of [...this.pending.values()]) {
      p.cancel?.();
      this.flush(p);
    }
    this.pending.clear();
  }
}
