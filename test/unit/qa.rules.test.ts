import { describe, expect, it } from 'vitest';
import * as M from '../../server/qa/qa.model';
import type { Question } from '../../server/qa/qa.model';
import { plan, type SessionChange } from '../../server/qa/qa.plan';
import { thrownCode } from '../helpers/errors';

const NOW = '2026-11-23T06:00:00.000Z';
function question(over: Partial<Question> = {}): Question {
  return {
    id: '11111111-1111-4111-8111-111111111111',
    sessionId: '22222222-2222-4222-8222-222222222222',
    forumId: '33333333-3333-4333-8333-333333333333',
    authorId: '44444444-4444-4444-8444-444444444444',
    authorName: 'Дина',
    anonymous: false,
    lang: 'ru',
    text: 'Текст',
    originalText: null,
    normalized: 'текст',
    status: 'pending',
    flags: [],
    matchedWords: [],
    duplicateOf: null,
    rejectReason: null,
    rejectNote: null,
    mergedInto: null,
    votes: 0,
    createdAt: NOW,
    approvedAt: null,
    answeredAt: null,
    organization: null,
    ...over,
  };
}
const apply = (q: Question, next: M.QuestionState): Question => ({ ...q, ...next });
const quiet: SessionChange = { spotlightBefore: null, spotlightAfter: null, spotlit: null, premoderationBefore: true, premoderationAfter: true };

describe('moderation rules', () => {
  it('approves pending and rejected questions only', () => {
    expect(M.approve(M.stateOf(question()), NOW)).toMatchObject({ status: 'approved', approvedAt: NOW });
    expect(M.approve(M.stateOf(question({ status: 'rejected', rejectReason: 'other' })), NOW)).toMatchObject({ status: 'approved', rejectReason: null });
    for (const status of ['approved', 'answered', 'merged'] as const) expect(thrownCode(() => M.approve(M.stateOf(question({ status })), NOW))).toBe('invalid_state');
  });
  it('rejects pending and approved questions with a reason', () => {
    expect(M.reject(M.stateOf(question({ status: 'approved' })), 'abusive', 'n')).toMatchObject({ status: 'rejected', rejectReason: 'abusive', rejectNote: 'n' });
    expect(thrownCode(() => M.reject(M.stateOf(question({ status: 'merged' })), 'other', null))).toBe('invalid_state');
  });
  it('keeps the first original text across several edits', () => {
    const once = M.edit(M.stateOf(question()), 'Второй');
    const twice = M.edit(once, 'Третий');
    expect(twice).toMatchObject({ text: 'Третий', originalText: 'Текст' });
    expect(thrownCode(() => M.edit(twice, 'Третий'))).toBe('invalid_input');
  });
  it('marks only approved questions answered', () => {
    expect(M.markAnswered(M.stateOf(question({ status: 'approved' })), NOW)).toMatchObject({ status: 'answered', answeredAt: NOW });
    expect(thrownCode(() => M.markAnswered(M.stateOf(question()), NOW))).toBe('invalid_state');
  });
  it('compares states field by field for undo', () => {
    const s = M.stateOf(question());
    expect(M.sameState(s, { ...s })).toBe(true);
    expect(M.sameState(s, { ...s, text: 'x' })).toBe(false);
  });
});

describe('event plan', () => {
  it('sends an approved new question to viewers and the author, and nothing to the queue', () => {
    const p = plan([{ before: null, after: question({ status: 'approved' }) }], quiet);
    expect(p.public.map((e) => e.type)).toEqual(['approved']);
    expect(p.queue).toEqual([]);
    expect(p.mine).toHaveLength(1);
  });
  it('sends a pending new question only to the queue and the author', () => {
    const p = plan([{ before: null, after: question() }], quiet);
    expect(p.public).toEqual([]);
    expect(p.queue.map((e) => e.type)).toEqual(['upserted']);
  });
  it('turns approval into queue removal plus a public arrival', () => {
    const before = question();
    const p = plan([{ before, after: apply(before, M.approve(M.stateOf(before), NOW)) }], quiet);
    expect(p.public.map((e) => e.type)).toEqual(['approved']);
    expect(p.queue).toEqual([{ type: 'removed', questionId: before.id, status: 'approved' }]);
  });
  it('announces a merge as a removal pointing at the target', () => {
    const before = question({ status: 'approved' });
    const after = apply(before, M.mergeInto(M.stateOf(before), 'target'));
    expect(plan([{ before, after }], quiet).public).toEqual([{ type: 'removed', questionId: before.id, reason: 'merged', mergedInto: 'target' }]);
  });
  it('re-sends the spotlight when the spotlit question is edited', () => {
    const before = question({ status: 'approved' });
    const after = apply(before, M.edit(M.stateOf(before), 'Новый'));
    const p = plan([{ before, after }], { ...quiet, spotlightBefore: before.id, spotlightAfter: before.id, spotlit: after });
    expect(p.public.map((e) => e.type)).toEqual(['updated', 'spotlight']);
  });
  it('hides the anonymous author from viewers in every public event', () => {
    const p = plan([{ before: null, after: question({ status: 'approved', anonymous: true, authorName: 'Тайный' }) }], quiet);
    expect(JSON.stringify(p.public)).not.toContain('Тайный');
  });
  it("names the author's organization to viewers and moderators unless they asked anonymously", () => {
    const organization = { id: '55555555-5555-4555-8555-555555555555', name: { ru: 'Эко-Альянс' }, kind: 'ngo' as const, region: 'astana' as const };
    const named = plan([{ before: null, after: question({ status: 'approved', organization }) }], quiet);
    expect(named.public).toEqual([{ type: 'approved', question: expect.objectContaining({ organization }) }]);
    const hidden = plan([{ before: null, after: question({ anonymous: true, organization }) }], quiet);
    expect(hidden.queue).toEqual([{ type: 'upserted', question: expect.objectContaining({ anonymous: true, organization: null }) }]);
    expect(JSON.stringify(hidden)).not.toContain('Эко-Альянс');
  });
  it("re-sends a question whose author's organization changed, unless it was asked anonymously", () => {
    const organization = { id: '55555555-5555-4555-8555-555555555555', name: { ru: 'Эко-Альянс' }, kind: 'ngo' as const, region: 'astana' as const };
    const before = question({ status: 'approved' });
    const confirmed = plan([{ before, after: { ...before, organization } }], quiet);
    expect(confirmed.public).toEqual([{ type: 'updated', question: expect.objectContaining({ organization }) }]);
    expect(confirmed.mine).toEqual([]);
    const pending = question();
    expect(plan([{ before: pending, after: { ...pending, organization } }], quiet).queue).toEqual([{ type: 'upserted', question: expect.objectContaining({ organization }) }]);
    const anonymous = question({ status: 'approved', anonymous: true });
    expect(plan([{ before: anonymous, after: { ...anonymous, organization } }], quiet)).toEqual({ public: [], queue: [], mine: [] });
  });
  it('keeps a vote change of a pending merge target among the moderators', () => {
    const before = question();
    const p = plan([{ before, after: { ...before, votes: 3 } }], quiet);
    expect(p.public).toEqual([]);
    expect(p.queue).toEqual([{ type: 'upserted', question: expect.objectContaining({ id: before.id, votes: 3 }) }]);
    expect(p.mine).toEqual([]);
  });
});
