import type { floorEn } from './floor.en';
import type { Plural } from './messages';

type Keys = typeof floorEn;

/** Выступления из зала. */
export const floorRu: { readonly [K in keyof Keys]: Keys[K] extends string ? string : Plural } = {
  'floor.title': 'Попросить слово',
  'floor.intro': 'Попросите слово: модератор может пригласить вас на сцену, где вас увидят и услышат все.',
  'floor.topic': 'О чём вы хотите сказать?',
  'floor.topic_hint': 'Одна строка; её видят модераторы, а на сцене — все.',
  'floor.organization': 'Организация, от которой вы говорите (необязательно)',
  'floor.ask': 'Попросить слово',
  'floor.need_name': 'Сначала укажите имя: все видят, кто выступает.',
  'floor.not_live': 'Попросить слово можно, пока заседание идёт в эфире.',
  'floor.queued': 'Вы {n}-й в очереди на выступление.',
  'floor.withdraw': 'Отозвать',
  'floor.invited': 'Модератор приглашает вас выступить. Проверьте микрофон и камеру в комнате ожидания.',
  'floor.to_green_room': 'В комнату ожидания',
  'floor.live_mine': 'Вы на сцене.',
  'floor.declined': 'Вашу просьбу о слове отклонили: {reason}',
  'floor.done': 'Ваше выступление окончено. Спасибо!',
  'floor.withdrawn': 'Вы отозвали просьбу.',
  'floor.lapsed': 'Заседание закончилось раньше, чем дошла ваша очередь.',
  'floor.ask_again': 'Попросить снова',
  'floor.on_stage': 'Слово из зала',
  'floor.time_left': 'Осталось',
  'floor.for_org': 'от организации «{org}»',
};
