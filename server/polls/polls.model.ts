/** Pure poll rules: which choices a vote may make, what results look like, who sees them. */
import { AppError } from '../../common/errors';
import type { PollDefinition, PollKind, PollResults } from '../../common/polls.contract';

/**
 * The choices as stored: sorted and without repeats, so a repeated vote compares equal.
 * Throws `invalid_input` when they do not fit the poll (index out of range; more than one
 * for a single-choice or scale poll).
 */
export function normalizeChoices(poll: { kind: PollKind; optionCount: number }, choices: readonly number[]): number[] {
  const set = [...new Set(choices)].sort((a, b) => a - b);
  const bad = set.filter((c) => c >= poll.optionCount);
  if (bad.length) throw new AppError('invalid_input', `this poll has options 0 to ${poll.optionCount - 1}`, { choices: bad });
  if (poll.kind !== 'multiple' && set.length !== 1) throw new AppError('invalid_input', `a ${poll.kind === 'scale' ? 'scale' : 'single-choice'} poll takes exactly one choice`);
  return set;
}

/** Whether viewers (not moderators) may see a poll's counts now. */
export const resultsPublic = (p: Pick<PollDefinition, 'hideResults' | 'state'>) => !p.hideResults || p.state === 'closed';

/** The counts per option in index order, from the stored tally. */
export function countsOf(optionCount: number, byOption: ReadonlyMap<number, number> | undefined): number[] {
  return Array.from({ length: optionCount }, (_, i) => byOption?.get(i) ?? 0);
}

export function results(pollId: string, seq: number, tally: { voters: number; byOption: ReadonlyMap<number, number> } | undefined, optionCount: number, visible: boolean): PollResults {
  return { pollId, seq, voters: tally?.voters ?? 0, counts: visible ? countsOf(optionCount, tally?.byOption) : null };
}
