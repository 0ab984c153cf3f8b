import type { floorEn } from './floor.en';
import type { Plural } from './messages';

type Keys = typeof floorEn;

/** Залдан сөз алу. */
export const floorKk: { readonly [K in keyof Keys]: Keys[K] extends string ? string : Plural } = {
  'floor.title': 'Сөз сұрау',
  'floor.intro': 'Сөз сұраңыз: модератор сізді сахнаға шақыра алады, сонда сізді бәрі көріп, естиді.',
  'floor.topic': 'Не туралы айтқыңыз келеді?',
  'floor.topic_hint': 'Бір жол; оны модераторлар, сахнада бәрі көреді.',
  'floor.organization': 'Атынан сөйлейтін ұйым (міндетті емес)',
  'floor.ask': 'Сөз сұрау',
  'floor.need_name': 'Алдымен атыңызды көрсетіңіз: кім сөйлейтінін бәрі көреді.',
  'floor.not_live': 'Отырыс эфирде жүріп жатқанда сөз сұрауға болады.',
  'floor.queued': 'Сіз сөйлеу кезегінде {n}-шісіз.',
  'floor.withdraw': 'Кері алу',
  'floor.invited': 'Модератор сізді сөйлеуге шақырады. Күту бөлмесінде микрофон мен камераны тексеріңіз.',
  'floor.to_green_room': 'Күту бөлмесіне өту',
  'floor.live_mine': 'Сіз сахнадасыз.',
  'floor.declined': 'Сөз сұрауыңыз қабылданбады: {reason}',
  'floor.done': 'Сөзіңіз аяқталды. Рақмет!',
  'floor.withdrawn': 'Сіз сұрауыңызды кері алдыңыз.',
  'floor.lapsed': 'Кезегіңіз келгенше отырыс аяқталды.',
  'floor.ask_again': 'Қайта сұрау',
  'floor.on_stage': 'Залдан сөз',
  'floor.time_left': 'Қалған уақыт',
  'floor.for_org': '«{org}» атынан',
};
