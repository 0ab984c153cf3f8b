import { z } from 'zod/mini';
import { FLOOR_SERVER_EVENTS, FloorQueueView, FloorRequestView, StageView } from '../../../common/floor.contract';
import { onPush } from '../api/push';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';

export interface FloorState {
  /** The caller's latest request in the session (null: none yet). */
  mine: FloorRequestView | null;
  /** Who holds the floor now. */
  stage: StageView['turn'];
  /** Moderators: the floor queue (null until read). */
  queue: FloorQueueView | null;
}

const Mine = z.nullable(FloorRequestView);
const io = () => getSocket().timeout(ACK_TIMEOUT_MS);

/**
 * The floor of one session as a page sees it: the caller's own request, who is on stage, and for
 * moderators the queue. Pushes are parsed with the contract's catalog (`onPush`); an older queue version
 * than the one held is ignored (pushes from several server processes may cross).
 */
export class FloorModel {
  readonly state = new Store<FloorState>({ mine: null, stage: null, queue: null });
  #off: (() => void)[] = [];

  constructor(
    readonly sessionId: string,
    private readonly moderator = false,
  ) {}

  attach(): void {
    const s = getSocket();
    const onRequest = (r: FloorRequestView) => {
      if (r.sessionId !== this.sessionId) return;
      const mine = this.state.get().mine;
      // A push about an older request of mine does not replace the newer one.
      if (mine && mine.id !== r.id && mine.createdAt > r.createdAt) return;
      this.state.update((st) => ({ ...st, mine: r }));
    };
    this.#off = [
      onPush(s, FLOOR_SERVER_EVENTS, 'floor:requestChanged', onRequest),
      onPush(s, FLOOR_SERVER_EVENTS, 'floor:stageChanged', (v) => v.sessionId === this.sessionId && this.state.update((st) => ({ ...st, stage: v.turn }))),
      onPush(s, FLOOR_SERVER_EVENTS, 'floor:queueChanged', (q) => q.sessionId === this.sessionId && this.#setQueue(q)),
    ];
  }

  detach(): void {
    for (const f of this.#off.splice(0)) f();
  }

  /** Re-reads everything after a (re)join. */
  async resync(): Promise<void> {
    const [mine, stage] = await Promise.all([ack(io().emitWithAck('floor:mine', { sessionId: this.sessionId }), Mine), ack(io().emitWithAck('floor:stage', { sessionId: this.sessionId }), StageView)]);
    this.state.update((st) => ({ ...st, mine, stage: stage.turn }));
    if (this.moderator) this.#setQueue(await ack(io().emitWithAck('floor:queue', { sessionId: this.sessionId }), FloorQueueView), true);
  }

  async ask(topic: string, organization: string): Promise<void> {
    const r = await ack(io().emitWithAck('floor:ask', { sessionId: this.sessionId, topic, ...(organization.trim() ? { organization } : {}) }), FloorRequestView);
    this.state.update((st) => ({ ...st, mine: r }));
  }

  async withdraw(requestId: string): Promise<void> {
    const r = await ack(io().emitWithAck('floor:withdraw', { requestId }), FloorRequestView);
    this.state.update((st) => ({ ...st, mine: r }));
  }

  move(requestId: string, position: number): Promise<void> {
    return ack(io().emitWithAck('floor:move', { requestId, position }), FloorQueueView).then((q) => this.#setQueue(q));
  }

  decline(requestId: string, reason: string): Promise<unknown> {
    return ack(io().emitWithAck('floor:decline', { requestId, reason }), FloorRequestView);
  }

  invite(requestId: string): Promise<unknown> {
    return ack(io().emitWithAck('floor:invite', { requestId }), FloorRequestView);
  }

  onAir(requestId: string, seconds: number): Promise<unknown> {
    return ack(io().emitWithAck('floor:onAir', { requestId, seconds }), FloorRequestView);
  }

  extend(requestId: string, seconds: number): Promise<unknown> {
    return ack(io().emitWithAck('floor:extend', { requestId, seconds }), FloorRequestView);
  }

  mute(requestId: string, muted: boolean): Promise<unknown> {
    return ack(io().emitWithAck('floor:mute', { requestId, muted }), FloorRequestView);
  }

  end(requestId: string): Promise<unknown> {
    return ack(io().emitWithAck('floor:end', { requestId }), FloorRequestView);
  }

  #setQueue(q: FloorQueueView, force = false) {
    const held = this.state.get().queue;
    if (!force && held && held.version > q.version) return;
    this.state.update((st) => ({ ...st, queue: q }));
  }

}
