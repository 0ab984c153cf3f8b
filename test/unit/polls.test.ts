import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { InputPoll } from '../../common/polls.contract';
import { generatedSession } from '../../bench/compile-data';
import { mergePollsPart } from '../../server/polls/polls.module';
import { normalizeChoices, results } from '../../server/polls/polls.model';
import { compileSession } from '../../workers/recommendations/compile';
import { documentModel } from '../../workers/recommendations/document';
import { renderCsv } from '../../workers/recommendations/render-csv';
import { renderMarkdown } from '../../workers/recommendations/render-md';
import { thrownCode } from '../helpers/errors';

describe('poll rules', () => {
  it('stores choices sorted and once each, so a repeated vote compares equal', () => {
    expect(normalizeChoices({ kind: 'multiple', optionCount: 4 }, [3, 1, 3])).toEqual([1, 3]);
    expect(normalizeChoices({ kind: 'scale', optionCount: 5 }, [4])).toEqual([4]);
  });

  it('refuses an option the poll does not have, and several choices where one is asked', () => {
    expect(thrownCode(() => normalizeChoices({ kind: 'single', optionCount: 3 }, [3]))).toBe('invalid_input');
    expect(thrownCode(() => normalizeChoices({ kind: 'single', optionCount: 3 }, [0, 1]))).toBe('invalid_input');
    expect(thrownCode(() => normalizeChoices({ kind: 'scale', optionCount: 5 }, [0, 4]))).toBe('invalid_input');
  });

  it('gives the counts in option order, or none while they are hidden', () => {
    const tally = { voters: 3, byOption: new Map([[2, 2], [0, 1]]) };
    expect(results('p', 7, tally, 3, true)).toEqual({ pollId: 'p', seq: 7, voters: 3, counts: [1, 0, 2] });
    expect(results('p', 7, tally, 3, false)).toEqual({ pollId: 'p', seq: 7, voters: 3, counts: null });
    expect(results('p', 0, undefined, 2, true)).toEqual({ pollId: 'p', seq: 0, voters: 0, counts: [0, 0] });
  });

  it('keeps every push for the next frame, in order', () => {
    const a = mergePollsPart(undefined, { results: [{ pollId: 'a', seq: 1, voters: 1, counts: [1] }] });
    const b = mergePollsPart(a, { removed: ['x'], results: [{ pollId: 'a', seq: 2, voters: 2, counts: [2] }] });
    expect(b).toEqual({ results: [{ pollId: 'a', seq: 1, voters: 1, counts: [1] }, { pollId: 'a', seq: 2, voters: 2, counts: [2] }], removed: ['x'] });
  });
});

describe('polls in a compilation', () => {
  const poll = (o: Partial<InputPoll>): InputPoll => ({
    id: randomUUID(),
    number: 1,
    kind: 'single',
    question: { ru: 'Какая мера важнее?', kk: 'Қай шара маңыздырақ?' },
    options: [
      { index: 0, text: { ru: 'Бюджет', en: 'Budget' } },
      { index: 1, text: { en: 'Councils' } },
    ],
    hideResults: false,
    state: 'closed',
    openedAt: '2026-11-23T05:20:00.000Z',
    closedAt: '2026-11-23T05:25:00.000Z',
    voters: 4,
    counts: [3, 1],
    ...o,
  });

  it('takes each text in the document language where the poll has it, with the language it is in, and works out shares and a scale average', () => {
    const base = generatedSession(0, 0);
    const scale = poll({ number: 2, kind: 'scale', options: [0, 1, 2, 3, 4].map((index) => ({ index, text: null })), voters: 3, counts: [0, 0, 1, 0, 2] });
    const c = compileSession({ ...base, polls: [scale, poll({})] });
    // The generated forum's first language is Kazakh; the second option has only English.
    expect(c.polls.map((p) => p.number)).toEqual([1, 2]);
    expect(c.polls[0]).toMatchObject({ question: 'Қай шара маңыздырақ?', lang: 'kk', voters: 4, average: null, options: [{ label: 'Бюджет', lang: 'ru', votes: 3, share: 0.75 }, { label: 'Councils', lang: 'en', votes: 1, share: 0.25 }] });
    expect(c.polls[1]).toMatchObject({ kind: 'scale', average: 4.33, options: [{ label: '1', lang: null }, {}, { votes: 1 }, {}, { label: '5', votes: 2 }] });

    const md = renderMarkdown(documentModel(c));
    expect(md).toContain('## 1-сауалнама');
    expect(md).toMatch(/\| Бюджет \| █+ \| 3 \\\(75 ?%\\\) \|/);
    expect(md).toContain('Орташа баға | 4,33');
    const [recs, polls] = renderCsv(c).split('\r\n\r\n');
    expect(recs!.startsWith('\uFEFFnumber,key,text')).toBe(true);
    expect(polls!.split('\r\n').filter(Boolean)).toHaveLength(1 + 2 + 5);
  });

  it('adds nothing to a session without polls', () => {
    const c = compileSession(generatedSession(0, 0));
    expect(c.polls).toEqual([]);
    expect(renderCsv(c)).not.toContain('poll_number');
    expect(documentModel(c).blocks.some((b) => b.kind === 'bars')).toBe(false);
  });
});
