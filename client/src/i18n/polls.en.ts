import type { Plural } from './messages';

/** Live polls (issue 12), in English: the reference keys. */
export const pollsEn = {
  'poll.title': 'Polls',
  'poll.number': 'Poll {n}',
  'poll.state_draft': 'Draft',
  'poll.state_open': 'Open',
  'poll.state_closed': 'Closed',
  'poll.vote': 'Vote',
  'poll.change_vote': 'Change my vote',
  'poll.voted': 'Your vote is counted.',
  'poll.choose_one': 'Choose one answer.',
  'poll.choose_some': 'Choose one or more answers.',
  'poll.choose_scale': 'Choose a point from 1 (least) to 5 (most).',
  'poll.scale_point': '{n} of 5',
  'poll.voters': { one: '{count} voter', other: '{count} voters' } satisfies Plural,
  'poll.votes_share': '{votes} ({share})',
  'poll.average': 'Average: {value}',
  'poll.hidden': 'The results are shown when the poll closes.',
  'poll.results': 'Results',
  'poll.option': 'Answer {n}',
};
