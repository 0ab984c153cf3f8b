import type { Lang } from '../../common/base';

/** Headings and captions of the compiled documents, in the forum's first language. */
export interface Labels {
  sessionTitle: string;
  forumTitle: string;
  forum: string;
  session: string;
  sessions: string;
  platform: string;
  date: string;
  speakers: string;
  moderators: string;
  viewersPeak: string;
  viewersTotal: string;
  figures: string;
  questionsAsked: string;
  questionsApproved: string;
  questionsAnswered: string;
  recommendationsSubmitted: string;
  recommendationsGrouped: string;
  recommendations: string;
  addressee: string;
  notSpecified: string;
  support: string;
  endorsements: string;
  questionVotes: string;
  sources: string;
  topQuestions: string;
  votes: string;
  annex: string;
  annexNote: string;
  group: string;
  language: string;
  origin: string;
  text: string;
  fromCitizen: string;
  fromQuestion: string;
  answer: string;
  revision: string;
  none: string;
  page: (n: number, of: number) => string;
  generatedBy: string;
}

const kk: Labels = {
  sessionTitle: 'Отырыс ұсынымдары',
  forumTitle: 'Форумның жиынтық ұсынымдары',
  forum: 'Форум',
  session: 'Отырыс',
  sessions: 'Отырыстар',
  platform: 'Диалог алаңы',
  date: 'Күні',
  speakers: 'Спикерлер',
  moderators: 'Модераторлар',
  viewersPeak: 'Көрермендердің ең көп саны',
  viewersTotal: 'Көрермендердің жалпы саны',
  figures: 'Көрсеткіштер',
  questionsAsked: 'Қойылған сұрақтар',
  questionsApproved: 'Мақұлданған сұрақтар',
  questionsAnswered: 'Жауап берілген сұрақтар',
  recommendationsSubmitted: 'Түскен ұсыныстар',
  recommendationsGrouped: 'Топтастырылған ұсынымдар',
  recommendations: 'Ұсынымдар',
  addressee: 'Адресат',
  notSpecified: 'Адресаты көрсетілмеген',
  support: 'Қолдау',
  endorsements: 'қолдау белгілері',
  questionVotes: 'сұрақ дауыстары',
  sources: 'Дереккөздер',
  topQuestions: 'Жауап берілген ең көп дауыс жинаған сұрақтар',
  votes: 'Дауыстар',
  annex: 'Қосымша: барлық ұсыныстар',
  annexNote: 'Әр ұсыныс өз идентификаторымен және ол кірген ұсыным нөмірімен берілген.',
  group: 'Ұсыным №',
  language: 'Тіл',
  origin: 'Көзі',
  text: 'Мәтін',
  fromCitizen: 'азамат',
  fromQuestion: 'сұрақтан',
  answer: 'Жауап',
  revision: 'Нұсқа',
  none: 'жоқ',
  page: (n, of) => `${n} / ${of} бет`,
  generatedBy: 'Birge платформасында жасалды',
};

const ru: Labels = {
  sessionTitle: 'Рекомендации сессии',
  forumTitle: 'Сводные рекомендации форума',
  forum: 'Форум',
  session: 'Сессия',
  sessions: 'Сессии',
  platform: 'Диалоговая площадка',
  date: 'Дата',
  speakers: 'Спикеры',
  moderators: 'Модераторы',
  viewersPeak: 'Пиковое число зрителей',
  viewersTotal: 'Всего зрителей',
  figures: 'Показатели',
  questionsAsked: 'Задано вопросов',
  questionsApproved: 'Одобрено вопросов',
  questionsAnswered: 'Вопросов с ответом',
  recommendationsSubmitted: 'Подано предложений',
  recommendationsGrouped: 'Рекомендаций после объединения',
  recommendations: 'Рекомендации',
  addressee: 'Адресат',
  notSpecified: 'Адресат не указан',
  support: 'Поддержка',
  endorsements: 'поддержек',
  questionVotes: 'голосов за вопросы',
  sources: 'Источники',
  topQuestions: 'Самые поддержанные вопросы, получившие ответ',
  votes: 'Голоса',
  annex: 'Приложение: все предложения',
  annexNote: 'Каждое предложение указано с идентификатором и номером рекомендации, в которую оно вошло.',
  group: 'Рекомендация №',
  language: 'Язык',
  origin: 'Источник',
  text: 'Текст',
  fromCitizen: 'гражданин',
  fromQuestion: 'из вопроса',
  answer: 'Ответ',
  revision: 'Редакция',
  none: 'нет',
  page: (n, of) => `Стр. ${n} из ${of}`,
  generatedBy: 'Подготовлено на платформе Birge',
};

const en: Labels = {
  sessionTitle: 'Session recommendations',
  forumTitle: 'Forum recommendations: consolidated set',
  forum: 'Forum',
  session: 'Session',
  sessions: 'Sessions',
  platform: 'Dialogue platform',
  date: 'Date',
  speakers: 'Speakers',
  moderators: 'Moderators',
  viewersPeak: 'Peak viewers',
  viewersTotal: 'Total viewers',
  figures: 'Figures',
  questionsAsked: 'Questions asked',
  questionsApproved: 'Questions approved',
  questionsAnswered: 'Questions answered',
  recommendationsSubmitted: 'Recommendations submitted',
  recommendationsGrouped: 'Recommendations after grouping',
  recommendations: 'Recommendations',
  addressee: 'Addressee',
  notSpecified: 'No addressee given',
  support: 'Support',
  endorsements: 'endorsements',
  questionVotes: 'question votes',
  sources: 'Sources',
  topQuestions: 'Most supported answered questions',
  votes: 'Votes',
  annex: 'Annex: every submitted item',
  annexNote: 'Each item is listed with its id and the number of the recommendation it was grouped into.',
  group: 'Recommendation no.',
  language: 'Language',
  origin: 'Origin',
  text: 'Text',
  fromCitizen: 'citizen',
  fromQuestion: 'from a question',
  answer: 'Answer',
  revision: 'Revision',
  none: 'none',
  page: (n, of) => `Page ${n} of ${of}`,
  generatedBy: 'Prepared with Birge',
};

export const LABELS: Record<Lang, Labels> = { kk, ru, en };
