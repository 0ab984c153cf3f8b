import { QA_SERVER_EVENTS, QueueSnapshot, UndoResult, type ModQuestionView, type UndoableAction } from '../../../common/qa.contract';
import { onPush } from '../api/push';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';
import { Sequencer } from './sequencer';

export interface QueueState {
  ready: boolean;
  pending: ReadonlyMap<string, ModQuestionView>;
  undoable: UndoableAction | null;
}

const EMPTY: QueueState = { ready: false, pending: new Map(), undoable: null };

/** Pending questions in the server's order: flagged first, then oldest first. */
export function pendingOf(s: QueueState): ModQuestionView[] {
  return [...s.pending.values()].sort((a, b) => Number(b.flagged) - Number(a.flagged) || a.createdAt.localeCompare(b.createdAt));
}

/** The moderators' pending queue, versioned like the public stream (`queueVersion`). */
export class QueueModel {
  readonly state = new Store<QueueState>(EMPTY);
  // A failed resync is retried by the next gap or reconnect; the page keeps what it has.
  private readonly seq = new Sequencer(() => void this.resync().catch(() => undefined));
  private detachFns: (() => void)[] = [];

  constructor(readonly sessionId: string) {}

  attach(): void {
    const s = getSocket();
    this.detachFns = [
      onPush(s, QA_SERVER_EVENTS, 'qa:queueUpserted', (p) => p.sessionId === this.sessionId && this.seq.push(p.queueVersion, () => this.upsert(p.question))),
      onPush(s, QA_SERVER_EVENTS, 'qa:queueRemoved', (p) => p.sessionId === this.sessionId && this.seq.push(p.queueVersion, () => this.remove(p.questionId))),
    ];
  }

  detach(): void {
    for (const f of this.detachFns) f();
    this.detachFns = [];
    this.seq.clear();
  }

  async resync(): Promise<void> {
    const snap = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:queue', { sessionId: this.sessionId }), QueueSnapshot);
    this.applySnapshot(snap);
  }

  applySnapshot(snap: QueueSnapshot): void {
    this.state.set({ ready: true, pending: new Map(snap.pending.map((q) => [q.id, q])), undoable: snap.undoable });
    this.seq.reset(snap.queueVersion);
  }

  /** Remembers what `qa:undo` would now revert, after one of our own actions succeeded. */
  noteAction(u: UndoableAction): void {
    this.state.set({ ...this.state.get(), undoable: u });
  }

  async undo(): Promise<UndoResult> {
    const r = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:undo', { sessionId: this.sessionId }), UndoResult);
    // What can be undone next is only known to the server.
    await this.resync().catch(() => undefined);
    return r;
  }

  private upsert(q: ModQuestionView): void {
    const s = this.state.get();
    const pending = new Map(s.pending);
    if (q.status === 'pending') pending.set(q.id, q);
    else pending.delete(q.id);
    this.state.set({ ...s, pending });
  }

  private remove(id: string): void {
    const s = this.state.get();
    if (!s.pending.has(id)) return;
    const pending = new Map(s.pending);
    pending.delete(id);
    this.state.set({ ...s, pending });
  }
}
