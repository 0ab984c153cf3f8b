import type { interpretationEn } from './interpretation.en';
import type { Plural } from './messages';

type Keys = typeof interpretationEn;

/** Ілеспе аударма арналары мен тікелей субтитрлер. */
export const interpretationKk: { readonly [K in keyof Keys]: Keys[K] extends string ? string : Plural } = {
  'agenda.interpret': 'Аудару',
  'agenda.caption': 'Субтитр жазу',

  'listen.label': 'Тыңдау тілі',
  'listen.original': 'Түпнұсқа',
  'listen.live': 'аударма жүріп жатыр',
  'listen.idle': 'қазір аудармашы жоқ',
  'listen.floor_under': 'Түпнұсқаны астынан ақырын қалдыру',
  'listen.fallback': '«{lang}» арнасында қазір эфирде аудармашы жоқ: сіз түпнұсқаны естисіз. Аударма өздігінен қайта қосылады.',
  'captions.label': 'Субтитрлер',
  'captions.off': 'Өшірулі',
  'captions.region': 'Тікелей субтитрлер',
};
