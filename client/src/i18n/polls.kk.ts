import type { Plural } from './messages';
import type { pollsEn } from './polls.en';

type Dict = { readonly [K in keyof typeof pollsEn]: (typeof pollsEn)[K] extends string ? string : Plural };

export const pollsKk: Dict = {
  'poll.title': 'Сауалнамалар',
  'poll.number': '{n}-сауалнама',
  'poll.state_draft': 'Жоба',
  'poll.state_open': 'Жүріп жатыр',
  'poll.state_closed': 'Аяқталды',
  'poll.vote': 'Дауыс беру',
  'poll.change_vote': 'Дауысымды өзгерту',
  'poll.voted': 'Дауысыңыз есептелді.',
  'poll.choose_one': 'Бір жауапты таңдаңыз.',
  'poll.choose_some': 'Бір немесе бірнеше жауапты таңдаңыз.',
  'poll.choose_scale': '1-ден (ең аз) 5-ке (ең көп) дейін баға таңдаңыз.',
  'poll.scale_point': '5-тен {n}',
  'poll.voters': { other: '{count} адам дауыс берді' },
  'poll.votes_share': '{votes} ({share})',
  'poll.average': 'Орташа баға: {value}',
  'poll.hidden': 'Нәтижелер сауалнама аяқталғанда көрсетіледі.',
  'poll.results': 'Нәтижелер',
  'poll.option': '{n}-жауап',
};
