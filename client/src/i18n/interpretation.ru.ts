import type { interpretationEn } from './interpretation.en';
import type { Plural } from './messages';

type Keys = typeof interpretationEn;

/** Каналы синхронного перевода и живые субтитры. */
export const interpretationRu: { readonly [K in keyof Keys]: Keys[K] extends string ? string : Plural } = {
  'agenda.interpret': 'Переводить',
  'agenda.caption': 'Субтитры',

  'listen.label': 'Язык звука',
  'listen.original': 'Оригинал',
  'listen.live': 'идёт перевод',
  'listen.idle': 'сейчас без переводчика',
  'listen.floor_under': 'Оставить оригинал тихо на фоне',
  'listen.fallback': 'В канале «{lang}» сейчас нет переводчика в эфире: вы слышите оригинал. Перевод включится сам.',
  'captions.label': 'Субтитры',
  'captions.off': 'Выкл.',
  'captions.region': 'Живые субтитры',
};
