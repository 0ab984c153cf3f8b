import type { Lang } from '../../../common/base';
import { MyQuestionView, QA_SERVER_EVENTS, QaSnapshot, VoteResult, type QuestionView } from '../../../common/qa.contract';
import { onPush } from '../api/push';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';
import { onFramePart } from './frames';
import { QaReplica, type PublicQa } from './qa-replica';

export interface QaState {
  ready: boolean;
  premoderation: boolean;
  /** Public questions (approved and answered) by id. */
  questions: ReadonlyMap<string, QuestionView>;
  spotlight: QuestionView | null;
  mine: readonly MyQuestionView[];
  myVotes: ReadonlySet<string>;
}

const EMPTY: QaState = { ready: false, premoderation: false, questions: new Map(), spotlight: null, mine: [], myVotes: new Set() };

/** Approved questions: most votes first, then oldest first (the server's order). */
export function approvedOf(s: QaState): QuestionView[] {
  return [...s.questions.values()].filter((q) => q.status === 'approved').sort((a, b) => b.votes - a.votes || a.createdAt.localeCompare(b.createdAt));
}

/** Answered questions, most recently answered first. */
export function answeredOf(s: QaState): QuestionView[] {
  return [...s.questions.values()].filter((q) => q.status === 'answered').sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? ''));
}

/**
 * The Q&A of one session as this viewer sees it: the public part kept in step with the server
 * by a {@link QaReplica} (snapshot, then the `qa` part of each live frame), plus the viewer's
 * own questions and votes.
 */
export class QaModel {
  readonly state = new Store<QaState>(EMPTY);
  // A failed resync is retried by the next gap or reconnect; the page keeps what it has.
  private readonly replica = new QaReplica(
    (pub) => this.onPublic(pub),
    () => void this.resync().catch(() => undefined),
  );
  private detachFns: (() => void)[] = [];

  constructor(readonly sessionId: string) {}

  /** Listens to the session's frames and the author's notices; call `resync()` after joining the room. */
  attach(): void {
    const s = getSocket();
    this.detachFns = [
      onFramePart('qa', this.sessionId, (part) => this.replica.applyFrame(part)),
      onPush(s, QA_SERVER_EVENTS, 'qa:mine', (p) => p.sessionId === this.sessionId && this.upsertMine(p)),
    ];
  }

  detach(): void {
    for (const f of this.detachFns) f();
    this.detachFns = [];
    this.replica.clear();
  }

  /** Reads the whole public state again (after joining, or when a change went missing). */
  async resync(): Promise<void> {
    const snap = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:snapshot', { sessionId: this.sessionId }), QaSnapshot);
    this.applySnapshot(snap);
  }

  applySnapshot(snap: QaSnapshot): void {
    this.state.set({ ...this.state.get(), mine: snap.mine, myVotes: new Set(snap.myVotes) });
    this.replica.applySnapshot(snap);
  }

  async ask(text: string, lang: Lang, anonymous: boolean): Promise<MyQuestionView> {
    const q = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:ask', { sessionId: this.sessionId, text, lang, anonymous }), MyQuestionView);
    this.upsertMine(q);
    return q;
  }

  /** Votes or withdraws; the count moves at once and the next ranking reading settles it. */
  async toggleVote(questionId: string): Promise<void> {
    const had = this.state.get().myVotes.has(questionId);
    this.setVote(questionId, !had, undefined);
    try {
      const s = getSocket().timeout(ACK_TIMEOUT_MS);
      const r = await ack(had ? s.emitWithAck('qa:unvote', { questionId }) : s.emitWithAck('qa:vote', { questionId }), VoteResult);
      this.setVote(r.questionId, r.voted, r.votes);
    } catch (e) {
      this.setVote(questionId, had, undefined);
      throw e;
    }
  }

  private onPublic(pub: PublicQa): void {
    const s = this.state.get();
    const mine = s.mine.map((m) => {
      const q = pub.questions.get(m.id);
      return q && q.votes !== m.votes ? { ...m, votes: q.votes } : m;
    });
    this.state.set({ ...s, ready: pub.version !== undefined, premoderation: pub.premoderation, questions: pub.questions, spotlight: pub.spotlight, mine });
  }

  private setVote(id: string, voted: boolean, votes: number | undefined): void {
    const s = this.state.get();
    const myVotes = new Set(s.myVotes);
    const was = myVotes.has(id);
    if (voted) myVotes.add(id);
    else myVotes.delete(id);
    const q = s.questions.get(id);
    const questions = new Map(s.questions);
    if (q) {
      const n = votes ?? Math.max(0, q.votes + (voted === was ? 0 : voted ? 1 : -1));
      questions.set(id, { ...q, votes: n });
    }
    const spotlight = s.spotlight && s.spotlight.id === id && q ? { ...s.spotlight, votes: questions.get(id)?.votes ?? s.spotlight.votes } : s.spotlight;
    this.state.set({ ...s, myVotes, questions, spotlight });
  }

  private upsertMine(q: MyQuestionView): void {
    const s = this.state.get();
    const i = s.mine.findIndex((m) => m.id === q.id);
    const mine = i < 0 ? [...s.mine, q] : s.mine.map((m) => (m.id === q.id ? q : m));
    this.state.set({ ...s, mine });
  }
}
