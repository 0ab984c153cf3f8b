import type { interpretationEn } from './interpretation.en';
import type { Plural } from './messages';

type Keys = typeof interpretationEn;

/** Ілеспе аударма арналары мен тікелей субтитрлер. */
export const interpretationKk: { readonly [K in keyof Keys]: Keys[K] extends string ? string : Plural } = {
  'role.interpreter': 'аудармашы',
  'role.captioner': 'субтитр жазушы',
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

  'transcripts.title': 'Субтитр мәтіндері',
  'transcripts.published': 'Мәтіндер жарияланған',
  'transcripts.published_hint': 'Оларды кез келген адам жүктей алады.',
  'transcripts.unpublished_hint': 'Әзірге оларды тек ұйымдастырушылар жүктей алады.',
  'transcripts.published_now': 'Мәтіндер жарияланды.',
  'transcripts.withdrawn_now': 'Мәтіндер жариялаудан алынды.',
};
