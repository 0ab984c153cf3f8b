import type { QaChange, QaFramePart, QaSnapshot, QuestionView, RankingReading } from '../../../common/qa.contract';
import { Sequencer } from './sequencer';

/** The public Q&A of a session as the server last told it. */
export interface PublicQa {
  /** The last version applied (undefined before the first snapshot). */
  version: number | undefined;
  premoderation: boolean;
  /** Public questions (approved and answered) by id. */
  questions: ReadonlyMap<string, QuestionView>;
  spotlight: QuestionView | null;
}

/**
 * A vote count and when it was read: (version, seq); changes and snapshots read at
 * (version, -1). Kept as one mutable record per question: a frame updates many counts, and
 * the benchmark keeps thousands of replicas.
 */
interface Reading {
  version: number;
  seq: number;
  votes: number;
}
const newer = (version: number, seq: number, than: { version: number; seq: number }) => version > than.version || (version === than.version && seq > than.seq);

interface Draft {
  premoderation: boolean;
  questions: Map<string, QuestionView>;
  spotlightId: string | null;
}

/**
 * Keeps a copy of a session's public Q&A in step with the server from a snapshot and the `qa`
 * parts of live frames (the rules are in common/qa.contract.ts): changes in version order
 * through a {@link Sequencer}, vote counts only ever replaced by a newer reading, whatever order
 * frames from several server processes arrive in. No socket here: the page's model and the
 * benchmark's clients both feed it. Each frame or snapshot is applied as one change.
 */
export class QaReplica {
  private state: PublicQa = { version: undefined, premoderation: false, questions: new Map(), spotlight: null };
  /** The newest reading of each question's votes seen since the snapshot, listed or not yet. */
  private readonly readings = new Map<string, Reading>();
  private snapshotAt = { version: -1, seq: -1 };
  private draft: Draft | undefined;
  private readonly seq: Sequencer;

  constructor(
    private readonly onChange: (s: PublicQa) => void,
    onGap: () => void,
  ) {
    this.seq = new Sequencer(onGap);
  }

  get current(): PublicQa {
    return this.state;
  }

  applySnapshot(snap: Pick<QaSnapshot, 'version' | 'premoderation' | 'approved' | 'answered' | 'spotlight'>): void {
    const questions = new Map<string, QuestionView>();
    for (const q of [...snap.approved, ...snap.answered]) questions.set(q.id, q);
    this.snapshotAt = { version: snap.version, seq: -1 };
    for (const [id, r] of this.readings) if (!newer(r.version, r.seq, this.snapshotAt)) this.readings.delete(id);
    this.draft = { premoderation: snap.premoderation, questions, spotlightId: snap.spotlight?.id ?? null };
    // Readings that arrived before the snapshot but are newer than it still count.
    for (const [id, r] of this.readings) this.setVotes(id, r.votes);
    this.seq.reset(snap.version);
    this.commit();
  }

  applyFrame(part: QaFramePart): void {
    for (const c of part.changes ?? []) this.seq.push(c.version, () => this.applyChange(c));
    for (const r of part.rankings ?? []) this.applyReading(r);
    this.commit();
  }

  /** Forget everything (e.g. leaving the page); later frames wait for a new snapshot. */
  clear(): void {
    this.seq.clear();
    this.readings.clear();
    this.draft = undefined;
    this.state = { version: undefined, premoderation: false, questions: new Map(), spotlight: null };
  }

  private edit(): Draft {
    if (!this.draft) {
      const s = this.state;
      this.draft = { premoderation: s.premoderation, questions: new Map(s.questions), spotlightId: s.spotlight?.id ?? null };
    }
    return this.draft;
  }

  private commit(): void {
    const d = this.draft;
    const version = this.seq.current;
    if (!d && version === this.state.version) return;
    this.draft = undefined;
    const base = d ?? { premoderation: this.state.premoderation, questions: this.state.questions, spotlightId: this.state.spotlight?.id ?? null };
    this.state = {
      version,
      premoderation: base.premoderation,
      questions: base.questions,
      spotlight: base.spotlightId ? (base.questions.get(base.spotlightId) ?? null) : null,
    };
    this.onChange(this.state);
  }

  private applyChange(c: QaChange): void {
    const d = this.edit();
    switch (c.type) {
      case 'approved':
      case 'updated':
        this.upsert(c.question, c.version);
        break;
      case 'removed':
        d.questions.delete(c.questionId);
        break;
      case 'spotlight':
        if (c.question) this.upsert(c.question, c.version);
        d.spotlightId = c.question?.id ?? null;
        break;
      case 'premoderation':
        d.premoderation = c.enabled;
        break;
    }
  }

  private upsert(q: QuestionView, version: number): void {
    const r = this.readings.get(q.id);
    if (r && newer(r.version, r.seq, { version, seq: -1 })) {
      this.edit().questions.set(q.id, q.votes === r.votes ? q : { ...q, votes: r.votes });
      return;
    }
    this.remember(q.id, version, -1, q.votes);
    this.edit().questions.set(q.id, q);
  }

  private applyReading({ asOf, seq, votes }: RankingReading): void {
    if (!newer(asOf, seq, this.snapshotAt)) return;
    for (const [id, n] of votes) {
      const r = this.readings.get(id);
      if (r && !newer(asOf, seq, r)) continue;
      this.remember(id, asOf, seq, n);
      if (this.seq.current !== undefined) this.setVotes(id, n);
    }
  }

  private remember(id: string, version: number, seq: number, votes: number): void {
    const r = this.readings.get(id);
    if (!r) this.readings.set(id, { version, seq, votes });
    else Object.assign(r, { version, seq, votes });
  }

  private setVotes(id: string, votes: number): void {
    const current = (this.draft ?? this.state).questions.get(id);
    if (current && current.votes !== votes) this.edit().questions.set(id, { ...current, votes });
  }
}
