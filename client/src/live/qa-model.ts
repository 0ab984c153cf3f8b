import type { Lang } from '../../../common/base';
import { MyQuestionView, QaSnapshot, VoteResult, type QuestionView } from '../../../common/qa.contract';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../api/socket';
import { Store } from '../state/store';
import { Sequencer } from './sequencer';

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
 * The public Q&A of one session as this viewer sees it, kept in step with the server:
 * a snapshot, then versioned broadcasts applied in order (see common/qa.contract.ts).
 */
export class QaModel {
  readonly state = new Store<QaState>(EMPTY);
  // A failed resync is retried by the next gap or reconnect; the page keeps what it has.
  private readonly seq = new Sequencer(() => void this.resync().catch(() => undefined));
  private snapshotVersion = 0;
  private detachFns: (() => void)[] = [];

  constructor(readonly sessionId: string) {}

  /** Listens to the session's broadcasts; call `resync()` after joining the room. */
  attach(): void {
    const s = getSocket();
    const mine = <P extends { sessionId: string }>(fn: (p: P) => void) => (p: P) => p.sessionId === this.sessionId && fn(p);
    const on = {
      approved: mine((p: { sessionId: string; version: number; question: QuestionView }) => this.seq.push(p.version, () => this.upsert(p.question))),
      updated: mine((p: { sessionId: string; version: number; question: QuestionView }) => this.seq.push(p.version, () => this.upsert(p.question))),
      removed: mine((p: { sessionId: string; version: number; questionId: string }) => this.seq.push(p.version, () => this.remove(p.questionId))),
      spotlight: mine((p: { sessionId: string; version: number; question: QuestionView | null }) => this.seq.push(p.version, () => this.patch({ spotlight: p.question }))),
      premod: mine((p: { sessionId: string; version: number; enabled: boolean }) => this.seq.push(p.version, () => this.patch({ premoderation: p.enabled }))),
      ranking: mine((p: { sessionId: string; asOf: number; votes: [string, number][] }) => this.applyRanking(p.asOf, p.votes)),
      mineEv: mine((p: MyQuestionView) => this.upsertMine(p)),
    };
    s.on('qa:questionApproved', on.approved);
    s.on('qa:questionUpdated', on.updated);
    s.on('qa:questionRemoved', on.removed);
    s.on('qa:spotlightChanged', on.spotlight);
    s.on('qa:premoderationChanged', on.premod);
    s.on('qa:ranking', on.ranking);
    s.on('qa:mine', on.mineEv);
    this.detachFns = [
      () => s.off('qa:questionApproved', on.approved),
      () => s.off('qa:questionUpdated', on.updated),
      () => s.off('qa:questionRemoved', on.removed),
      () => s.off('qa:spotlightChanged', on.spotlight),
      () => s.off('qa:premoderationChanged', on.premod),
      () => s.off('qa:ranking', on.ranking),
      () => s.off('qa:mine', on.mineEv),
    ];
  }

  detach(): void {
    for (const f of this.detachFns) f();
    this.detachFns = [];
    this.seq.clear();
  }

  /** Reads the whole public state again (after joining, or when a broadcast went missing). */
  async resync(): Promise<void> {
    const snap = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:snapshot', { sessionId: this.sessionId }), QaSnapshot);
    this.applySnapshot(snap);
  }

  applySnapshot(snap: QaSnapshot): void {
    const questions = new Map<string, QuestionView>();
    for (const q of [...snap.approved, ...snap.answered]) questions.set(q.id, q);
    this.snapshotVersion = snap.version;
    this.state.set({ ready: true, premoderation: snap.premoderation, questions, spotlight: snap.spotlight, mine: snap.mine, myVotes: new Set(snap.myVotes) });
    this.seq.reset(snap.version);
  }

  async ask(text: string, lang: Lang, anonymous: boolean): Promise<MyQuestionView> {
    const q = await ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:ask', { sessionId: this.sessionId, text, lang, anonymous }), MyQuestionView);
    this.upsertMine(q);
    return q;
  }

  /** Votes or withdraws; the count moves at once and is corrected by the server's answer. */
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

  private patch(p: Partial<QaState>): void {
    this.state.set({ ...this.state.get(), ...p });
  }

  private upsert(q: QuestionView): void {
    const s = this.state.get();
    const questions = new Map(s.questions);
    questions.set(q.id, q);
    this.state.set({ ...s, questions, spotlight: s.spotlight?.id === q.id ? q : s.spotlight });
  }

  private remove(id: string): void {
    const s = this.state.get();
    if (!s.questions.has(id)) return;
    const questions = new Map(s.questions);
    questions.delete(id);
    this.state.set({ ...s, questions });
  }

  private applyRanking(asOf: number, votes: [string, number][]): void {
    // Counts computed before our snapshot could undo newer ones it already contains.
    if (asOf < this.snapshotVersion) return;
    const s = this.state.get();
    const questions = new Map(s.questions);
    let spotlight = s.spotlight;
    for (const [id, n] of votes) {
      const q = questions.get(id);
      if (q) questions.set(id, { ...q, votes: n });
      if (spotlight?.id === id) spotlight = { ...spotlight, votes: n };
    }
    const mine = s.mine.map((m) => {
      const v = votes.find(([id]) => id === m.id);
      return v ? { ...m, votes: v[1] } : m;
    });
    this.state.set({ ...s, questions, spotlight, mine });
  }

  private upsertMine(q: MyQuestionView): void {
    const s = this.state.get();
    const i = s.mine.findIndex((m) => m.id === q.id);
    const mine = i < 0 ? [...s.mine, q] : s.mine.map((m) => (m.id === q.id ? q : m));
    this.state.set({ ...s, mine });
  }
}
