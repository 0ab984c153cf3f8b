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
  'floor.asked': 'Ваша просьба о слове в очереди.',
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

  'floor.room_title': 'Комната ожидания',
  'floor.room_intro': 'Здесь вас видят и слышат только модераторы, пока они не выведут вас на сцену.',
  'floor.device_check': 'Проверка устройств',
  'floor.mic_level': 'Уровень микрофона',
  'floor.use_camera': 'Камера включена',
  'floor.camera': 'Камера',
  'floor.microphone': 'Микрофон',
  'floor.join_room': 'Войти в комнату ожидания',
  'floor.waiting': 'Вы в комнате ожидания: модератор выведет вас на сцену.',
  'floor.on_air': 'В эфире: вас видят и слышат все.',
  'floor.muted_by_mod': 'Модератор выключил ваш микрофон.',
  'floor.leave': 'Выйти',
  'floor.end_my_turn': 'Закончить выступление',
  'floor.not_invited': 'Вас не приглашали выступить на этом заседании.',
  'floor.over': 'Ваше выступление окончено: микрофон и камера выключены.',
  'floor.to_session': 'Вернуться к заседанию',
  'floor.preview': 'Ваша камера',
};
