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
  /** Languages of the interpretation channels, and of the live captions. */
  interpreted: string;
  captioned: string;
  /** Each language's name in this document's language. */
  langNames: Record<Lang, string>;
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
  organizations: string;
  regions: string;
  speakersCount: string;
  platformsCount: string;
  raters: string;
  organizationsBehind: (orgs: number, regions: number) => string;
  agreement: string;
  agreeShort: string;
  disagreeShort: string;
  passShort: string;
  groupShort: string;
  consensusMark: string;
  divisiveMark: string;
  opinionGroups: string;
  opinionSummary: (groups: number, clustered: number, participants: number) => string;
  opinionNote: string;
  consensusScore: string;
  /** The part on citizens who took the floor: its heading, the header's count, and each turn's lines. */
  floor: string;
  floorTurns: string;
  floorSpeaker: string;
  duration: string;
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
  interpreted: 'Ілеспе аударма',
  floor: 'Сөз алғандар',
  floorTurns: 'Залдан сөз алғандар',
  floorSpeaker: 'Сөйлеуші',
  duration: 'Ұзақтығы',
  captioned: 'Тікелей субтитрлер',
  langNames: { kk: 'қазақ тілі', ru: 'орыс тілі', en: 'ағылшын тілі' },
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
  organizations: 'Ұйымдар',
  regions: 'Өңірлер',
  speakersCount: 'Спикерлер саны',
  platformsCount: 'Диалог алаңдарының саны',
  raters: 'Бағалаған қатысушылар',
  organizationsBehind: (o, r) => `${o} ұйым, ${r} өңір`,
  agreement: 'Келісім',
  agreeShort: 'келісемін',
  disagreeShort: 'келіспеймін',
  passShort: 'өткізіп жіберу',
  groupShort: 'Топ',
  consensusMark: 'кең келісім',
  divisiveMark: 'пікір бөлінді',
  opinionGroups: 'Пікір топтары',
  opinionSummary: (g, c, p) => `Жеткілікті баға берген ${c} қатысушы (барлығы ${p}) арасынан ${g} топ табылды`,
  opinionNote: 'Әр нүкте — бір қатысушы (бір ұйымның өкілдері бір рет саналады), бағалаулардың бас компоненттер жазықтығында. Кең келісім: әр топта «келісемін» үлесі 60%-дан жоғары.',
  consensusScore: 'топтар бойынша келісім көрсеткіші',
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
  interpreted: 'Синхронный перевод',
  floor: 'Выступления из зала',
  floorTurns: 'Выступили из зала',
  floorSpeaker: 'Выступающий',
  duration: 'Длительность',
  captioned: 'Живые субтитры',
  langNames: { kk: 'казахский', ru: 'русский', en: 'английский' },
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
  organizations: 'Организации',
  regions: 'Регионы',
  speakersCount: 'Число спикеров',
  platformsCount: 'Число диалоговых площадок',
  raters: 'Участники, давшие оценки',
  organizationsBehind: (o, r) => `организаций: ${o}, регионов: ${r}`,
  agreement: 'Согласие',
  agreeShort: 'за',
  disagreeShort: 'против',
  passShort: 'пропуск',
  groupShort: 'Группа',
  consensusMark: 'широкое согласие',
  divisiveMark: 'мнения разделились',
  opinionGroups: 'Группы мнений',
  opinionSummary: (g, c, p) => `Групп: ${g}; по оценкам ${c} из ${p} участников`,
  opinionNote: 'Каждая точка — участник (представители одной организации считаются один раз) на плоскости главных компонент оценок. Широкое согласие: доля «за» выше 60% в каждой группе.',
  consensusScore: 'показатель согласия групп',
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
  interpreted: 'Simultaneous interpretation',
  floor: 'Took the floor',
  floorTurns: 'Citizens who took the floor',
  floorSpeaker: 'Speaker',
  duration: 'Duration',
  captioned: 'Live captions',
  langNames: { kk: 'Kazakh', ru: 'Russian', en: 'English' },
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
  organizations: 'Organizations',
  regions: 'Regions',
  speakersCount: 'Number of speakers',
  platformsCount: 'Number of dialogue platforms',
  raters: 'Participants who rated',
  organizationsBehind: (o, r) => `${o} ${o === 1 ? 'organization' : 'organizations'} from ${r} ${r === 1 ? 'region' : 'regions'}`,
  agreement: 'Agreement',
  agreeShort: 'agree',
  disagreeShort: 'disagree',
  passShort: 'pass',
  groupShort: 'Group',
  consensusMark: 'broad consensus',
  divisiveMark: 'divisive',
  opinionGroups: 'Opinion groups',
  opinionSummary: (g, c, p) => `${g} groups among the ${c} of ${p} participants who rated enough items`,
  opinionNote: "Each point is a participant (one organization's representatives count once) on the plane of the ratings' first two principal components. Broad consensus: more than 60% agree in every group.",
  consensusScore: 'group-aware consensus score',
};

export const LABELS: Record<Lang, Labels> = { kk, ru, en };
