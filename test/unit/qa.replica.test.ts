import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { QaChange, QuestionView, RankingReading } from '../../common/qa.contract';
import { QaReplica, type PublicQa } from '../../client/src/live/qa-replica';

const S = '11111111-1111-4111-8111-111111111111';
const A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const question = (id: string, votes = 0, text = 'Q'): QuestionView => ({
  id, sessionId: S, text, lang: 'en', authorName: null, status: 'approved', votes, edited: false, createdAt: '2026-11-23T05:00:00.000Z', answeredAt: null, organization: null,
});
const approved = (version: number, q: QuestionView): QaChange => ({ type: 'approved', version, question: q });
const reading = (asOf: number, seq: number, votes: [string, number][]): RankingReading => ({ asOf, seq, votes });
const snapshot = (version: number, approvedList: QuestionView[] = []) => ({ version, premoderation: false, approved: approvedList, answered: [], spotlight: null });

function replica() {
  const changes: PublicQa[] = [];
  const gaps = { n: 0 };
  const r = new QaReplica((s) => changes.push(s), () => gaps.n++);
  const votes = (id: string) => r.current.questions.get(id)?.votes;
  return { r, changes, gaps, votes };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('Q&A replica', () => {
  it('applies changes in version order whatever order frames arrive in, as one state change per frame (none while a change waits)', () => {
    const { r, changes } = replica();
    r.applySnapshot(snapshot(0));
    r.applyFrame({ changes: [approved(2, question(B))] });
    expect(r.current.questions.has(B)).toBe(false);
    r.applyFrame({ changes: [approved(1, question(A)), { type: 'premoderation', version: 3, enabled: true }] });
    expect([...r.current.questions.keys()].sort()).toEqual([A, B]);
    expect(r.current).toMatchObject({ version: 3, premoderation: true });
    expect(changes.map((c) => c.version)).toEqual([0, 3]);
  });

  it('asks for a snapshot when a gap is not filled, and drops what the snapshot already holds', () => {
    const { r, gaps } = replica();
    r.applySnapshot(snapshot(0));
    r.applyFrame({ changes: [approved(2, question(B))] });
    vi.advanceTimersByTime(1000);
    expect(gaps.n).toBe(1);
    r.applySnapshot(snapshot(2, [question(A), question(B)]));
    r.applyFrame({ changes: [approved(2, question(B, 0, 'stale'))] });
    expect(r.current.questions.get(B)?.text).toBe('Q');
  });

  it('keeps the newest vote count when ranking readings arrive out of order', () => {
    const { r, votes } = replica();
    r.applySnapshot(snapshot(1, [question(A), question(B)]));
    r.applyFrame({ rankings: [reading(1, 6, [[A, 9]])] });
    r.applyFrame({ rankings: [reading(1, 5, [[A, 7], [B, 4]])] });
    // The older reading loses for A, but is the newest news about B.
    expect([votes(A), votes(B)]).toEqual([9, 4]);
  });

  it('ignores readings older than the snapshot and applies ones of its version', () => {
    const { r, votes } = replica();
    r.applySnapshot(snapshot(3, [question(A, 5), question(B, 5)]));
    r.applyFrame({ rankings: [reading(2, 9, [[A, 1]]), reading(3, 1, [[B, 6]])] });
    expect([votes(A), votes(B)]).toEqual([5, 6]);
  });

  it('does not let a change carry an older count over a newer reading, nor a reading older than a change', () => {
    const { r, votes } = replica();
    r.applySnapshot(snapshot(1, [question(A, 2)]));
    // Read after version 2 committed, delivered before version 2 itself (another process).
    r.applyFrame({ rankings: [reading(2, 4, [[A, 8]])] });
    r.applyFrame({ changes: [{ type: 'updated', version: 2, question: question(A, 3, 'edited') }] });
    expect(r.current.questions.get(A)).toMatchObject({ text: 'edited', votes: 8 });
    r.applyFrame({ changes: [{ type: 'updated', version: 3, question: question(A, 11, 'merged into') }] });
    r.applyFrame({ rankings: [reading(2, 5, [[A, 9]])] });
    expect(votes(A)).toBe(11);
  });

  it('keeps frames that arrive before the first snapshot and applies what is newer than it', () => {
    const { r, votes } = replica();
    r.applyFrame({ changes: [approved(2, question(B, 1))], rankings: [reading(2, 3, [[A, 4]])] });
    expect(r.current.version).toBeUndefined();
    r.applySnapshot(snapshot(1, [question(A, 1)]));
    expect([votes(A), votes(B)]).toEqual([4, 1]);
    expect(r.current.version).toBe(2);
  });

  it('shows the spotlit question as listed, and clears it with the change that clears it', () => {
    const { r } = replica();
    r.applySnapshot(snapshot(1, [question(A)]));
    r.applyFrame({ changes: [{ type: 'spotlight', version: 2, question: question(A) }], rankings: [reading(2, 1, [[A, 3]])] });
    expect(r.current.spotlight).toMatchObject({ id: A, votes: 3 });
    r.applyFrame({ changes: [{ type: 'removed', version: 3, questionId: A, reason: 'rejected', mergedInto: null }, { type: 'spotlight', version: 4, question: null }] });
    expect(r.current.spotlight).toBeNull();
    expect(r.current.questions.size).toBe(0);
  });
});
