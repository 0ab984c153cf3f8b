import type { Plural } from './messages';
import type { pollsEn } from './polls.en';

type Dict = { readonly [K in keyof typeof pollsEn]: (typeof pollsEn)[K] extends string ? string : Plural };

export const pollsRu: Dict = {
  'poll.title': 'Опросы',
  'poll.number': 'Опрос {n}',
  'poll.state_draft': 'Черновик',
  'poll.state_open': 'Идёт',
  'poll.state_closed': 'Завершён',
  'poll.vote': 'Голосовать',
  'poll.change_vote': 'Изменить голос',
  'poll.voted': 'Ваш голос учтён.',
  'poll.choose_one': 'Выберите один ответ.',
  'poll.choose_some': 'Выберите один или несколько ответов.',
  'poll.choose_scale': 'Выберите оценку от 1 (меньше всего) до 5 (больше всего).',
  'poll.scale_point': '{n} из 5',
  'poll.voters': { one: '{count} проголосовавший', few: '{count} проголосовавших', many: '{count} проголосовавших', other: '{count} проголосовавших' },
  'poll.votes_share': '{votes} ({share})',
  'poll.average': 'Средняя оценка: {value}',
  'poll.hidden': 'Результаты покажут, когда опрос завершится.',
  'poll.results': 'Результаты',
  'poll.option': 'Ответ {n}',
};
