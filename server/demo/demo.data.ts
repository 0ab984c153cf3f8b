import type { Speaker } from '../../common/agenda.contract';
import type { LocalizedText } from '../../common/base';
import type { ForumImport } from '../agenda/agenda.service';
import { addDays, zonedInstant } from './zoned-time';

// The demo forum is shaped like Kazakhstan's online Civil Forum: five days, a dozen
// meetings on parallel dialogue platforms, ministers in dialogue with NGO leaders.
// People and organisations are fictional; the forum description says so.

export const DEMO_SLUG = 'civil-forum-demo';
export const DEMO_TIME_ZONE = 'Asia/Almaty';
export const DEMO_ORGANIZER = { email: 'organizer@demo.birge.kz', name: 'Демо ұйымдастырушы' } as const;

const person = (name: string, kk: string, ru: string, en: string): Speaker => ({ name, affiliation: { kk, ru, en } });

const minInfo = person('Асхат Жұмабеков', 'Ақпарат және қоғамдық даму министрі', 'Министр информации и общественного развития', 'Minister of Information and Social Development');
const antiCorruption = person('Ерлан Сәрсенбаев', 'Сыбайлас жемқорлыққа қарсы іс-қимыл агенттігі төрағасының орынбасары', 'Заместитель председателя Агентства по противодействию коррупции', 'Deputy Chair of the Anti-Corruption Agency');
const viceLabour = person('Гүлнар Ахметова', 'Еңбек және халықты әлеуметтік қорғау вице-министрі', 'Вице-министр труда и социальной защиты населения', 'Vice Minister of Labour and Social Protection');
const minDigital = person('Бауыржан Тоқтаров', 'Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрі', 'Министр цифрового развития, инноваций и аэрокосмической промышленности', 'Minister of Digital Development, Innovation and Aerospace Industry');
const viceEducation = person('Айжан Құрманғалиева', 'Оқу-ағарту вице-министрі', 'Вице-министр просвещения', 'Vice Minister of Education');
const viceEcology = person('Мұрат Исабеков', 'Экология және табиғи ресурстар вице-министрі', 'Вице-министр экологии и природных ресурсов', 'Vice Minister of Ecology and Natural Resources');
const viceFinance = person('Нұрлан Қасымов', 'Қаржы вице-министрі', 'Вице-министр финансов', 'Vice Minister of Finance');
const ngoAlliance = person('Сәуле Әбдірахманова', 'Қазақстан ҮЕҰ альянсының төрайымы', 'Председатель Альянса НПО Казахстана', 'Chair of the Kazakhstan NGO Alliance');
const ngoRights = person('Талғат Мұқанов', '«Әділдік» құқық қорғау орталығының директоры', 'Директор правозащитного центра «Адилдик»', 'Director of the Adildik Human Rights Centre');
const ngoDisability = person('Жанар Төлеуова', 'Мүгедектігі бар адамдар қауымдастығының төрайымы', 'Председатель Ассоциации людей с инвалидностью', 'Chair of the Association of People with Disabilities');
const ngoGreen = person('Қайрат Бекмұхамедов', '«Жасыл дала» экологиялық қозғалысының жетекшісі', 'Руководитель экологического движения «Жасыл дала»', 'Leader of the Zhasyl Dala environmental movement');
const ngoCouncils = person('Әйгерім Серікбаева', 'Қоғамдық кеңестер қауымдастығының төрайымы', 'Председатель Ассоциации общественных советов', 'Chair of the Association of Public Councils');
const ngoBudget = person('Лаура Жақыпова', '«Бюджет мониторингі» орталығының сарапшысы', 'Эксперт центра «Бюджетный мониторинг»', 'Expert at the Budget Monitoring Centre');
const ngoMedia = person('Дина Оспанова', 'Журналист, «Ашық ақпарат» қорының заңгері', 'Журналист, юрист фонда «Открытая информация»', 'Journalist and lawyer at the Open Information Foundation');

const PLATFORMS: LocalizedText[] = [
  { kk: 'Сыбайлас жемқорлыққа қарсы іс-қимыл', ru: 'Противодействие коррупции', en: 'Countering corruption' },
  { kk: 'Азаматтық қоғамды дамыту', ru: 'Развитие гражданского общества', en: 'Developing civil society' },
  { kk: 'Әлеуметтік саясат', ru: 'Социальная политика', en: 'Social policy' },
  { kk: 'Ашық мемлекет және цифрландыру', ru: 'Открытое государство и цифровизация', en: 'Open government and digitalisation' },
];

interface DemoSession {
  day: number;
  platform: number;
  from: string;
  to: string;
  title: LocalizedText;
  description: LocalizedText;
  speakers: Speaker[];
}

const SESSIONS: DemoSession[] = [
  {
    day: 0, platform: 0, from: '10:00', to: '11:30',
    title: { kk: 'Сыбайлас жемқорлықпен күрес', ru: 'Борьба с коррупцией', en: 'Fight against corruption' },
    description: {
      kk: 'Мемлекеттік қызметтердегі сыбайлас жемқорлық тәуекелдері, хабар берушілерді қорғау және қоғамдық бақылау.',
      ru: 'Коррупционные риски в государственных услугах, защита сообщающих о коррупции и общественный контроль.',
      en: 'Corruption risks in public services, protection of whistleblowers and public oversight.',
    },
    speakers: [antiCorruption, ngoRights],
  },
  {
    day: 0, platform: 1, from: '10:00', to: '11:30',
    title: { kk: 'Азаматтық қоғамның мәселелері мен даму перспективалары', ru: 'Проблемы и перспективы развития гражданского общества', en: 'Problems and prospects of civil society' },
    description: {
      kk: 'ҮЕҰ мен мемлекеттің әріптестігі: заңнама, қаржыландыру және шешім қабылдауға қатысу.',
      ru: 'Партнёрство НПО и государства: законодательство, финансирование и участие в принятии решений.',
      en: 'How NGOs and the state work together: legislation, funding and a say in decisions.',
    },
    speakers: [minInfo, ngoAlliance],
  },
  {
    day: 0, platform: 2, from: '15:00', to: '16:30',
    title: { kk: 'Әлеуметтік осал топтарды қолдау', ru: 'Поддержка социально уязвимых групп', en: 'Support for socially vulnerable groups' },
    description: {
      kk: 'Атаулы әлеуметтік көмек, мүгедектігі бар адамдарды жұмысқа орналастыру және әлеуметтік қызметтердің сапасы.',
      ru: 'Адресная социальная помощь, трудоустройство людей с инвалидностью и качество социальных услуг.',
      en: 'Targeted social assistance, jobs for people with disabilities and the quality of social services.',
    },
    speakers: [viceLabour, ngoDisability],
  },
  {
    day: 1, platform: 1, from: '10:00', to: '11:30',
    title: { kk: 'Қоғамдық кеңестердің тиімділігі', ru: 'Эффективность общественных советов', en: 'Effectiveness of public councils' },
    description: {
      kk: 'Қоғамдық кеңестер министрліктер мен әкімдіктердің шешімдеріне қаншалықты ықпал етеді және бұл ықпалды қалай күшейтуге болады.',
      ru: 'Насколько общественные советы влияют на решения министерств и акиматов и как усилить это влияние.',
      en: 'How much public councils shape the decisions of ministries and akimats, and how to strengthen their voice.',
    },
    speakers: [minInfo, ngoCouncils],
  },
  {
    day: 1, platform: 3, from: '10:00', to: '11:30',
    title: { kk: 'Ашық бюджеттер және азаматтардың қатысуы', ru: 'Открытые бюджеты и участие граждан', en: 'Open budgets and citizen participation' },
    description: {
      kk: 'Қатысымдық бюджеттеу, бюджеттік есептердің қолжетімділігі және жергілікті шығыстарды қоғамдық талқылау.',
      ru: 'Бюджет участия, доступность бюджетных отчётов и общественное обсуждение местных расходов.',
      en: 'Participatory budgeting, accessible budget reports and public debate on local spending.',
    },
    speakers: [viceFinance, ngoBudget],
  },
  {
    day: 1, platform: 0, from: '15:00', to: '16:30',
    title: { kk: 'Мемлекеттік сатып алудың ашықтығы', ru: 'Прозрачность государственных закупок', en: 'Transparency of public procurement' },
    description: {
      kk: 'Сатып алу порталының ашық деректері, мүдделер қақтығысы және азаматтық мониторинг тәжірибесі.',
      ru: 'Открытые данные портала закупок, конфликт интересов и опыт гражданского мониторинга.',
      en: 'Open data from the procurement portal, conflicts of interest and lessons from civic monitoring.',
    },
    speakers: [antiCorruption, viceFinance, ngoBudget],
  },
  {
    day: 2, platform: 2, from: '10:00', to: '11:30',
    title: { kk: 'Инклюзивті білім беру', ru: 'Инклюзивное образование', en: 'Inclusive education' },
    description: {
      kk: 'Ерекше білім беру қажеттіліктері бар балаларға арналған мектептер, мұғалімдерді даярлау және ата-аналармен жұмыс.',
      ru: 'Школы для детей с особыми образовательными потребностями, подготовка учителей и работа с родителями.',
      en: 'Schools for children with special educational needs, teacher training and working with parents.',
    },
    speakers: [viceEducation, ngoDisability],
  },
  {
    day: 2, platform: 1, from: '15:00', to: '16:30',
    title: { kk: 'Мемлекеттік әлеуметтік тапсырыс және ҮЕҰ-ға арналған гранттар', ru: 'Государственный социальный заказ и гранты для НПО', en: 'State social contracting and grants for NGOs' },
    description: {
      kk: 'Конкурстардың ашықтығы, нәтижелерді бағалау және шағын ұйымдардың қолжетімділігі.',
      ru: 'Прозрачность конкурсов, оценка результатов и доступность для небольших организаций.',
      en: 'Fair competitions, measuring results and access for small organisations.',
    },
    speakers: [minInfo, ngoAlliance],
  },
  {
    day: 3, platform: 3, from: '10:00', to: '11:30',
    title: { kk: 'Цифрлық мемлекеттік қызметтер: азаматтардың кері байланысы', ru: 'Цифровые госуслуги: обратная связь граждан', en: 'Digital public services: feedback from citizens' },
    description: {
      kk: 'eGov қызметтерінің ыңғайлылығы, дербес деректерді қорғау және ауыл тұрғындарының цифрлық сауаттылығы.',
      ru: 'Удобство услуг eGov, защита персональных данных и цифровая грамотность сельских жителей.',
      en: 'How easy eGov services are to use, personal data protection and digital skills in rural areas.',
    },
    speakers: [minDigital, ngoMedia],
  },
  {
    day: 3, platform: 2, from: '15:00', to: '16:30',
    title: { kk: 'Қоршаған ортаны қорғау және қоғамдық тыңдаулар', ru: 'Охрана окружающей среды и общественные слушания', en: 'Environmental protection and public hearings' },
    description: {
      kk: 'Қоғамдық тыңдауларды өткізу тәртібі, ауа сапасы және өнеркәсіптік жобаларды экологиялық бағалау.',
      ru: 'Порядок проведения общественных слушаний, качество воздуха и экологическая оценка промышленных проектов.',
      en: 'How public hearings are run, air quality and the environmental assessment of industrial projects.',
    },
    speakers: [viceEcology, ngoGreen],
  },
  {
    day: 4, platform: 0, from: '10:00', to: '11:30',
    title: { kk: 'Ақпаратқа қол жеткізу', ru: 'Доступ к информации', en: 'Access to information' },
    description: {
      kk: 'Ақпарат сұрауларына жауап беру мерзімдері, ашық деректер порталы және журналистердің құқықтары.',
      ru: 'Сроки ответов на информационные запросы, портал открытых данных и права журналистов.',
      en: 'Deadlines for answering information requests, the open data portal and the rights of journalists.',
    },
    speakers: [minDigital, ngoMedia, ngoRights],
  },
  {
    day: 4, platform: 1, from: '15:00', to: '17:00',
    title: { kk: 'Қорытынды пленарлық отырыс: Форум ұсынымдары', ru: 'Итоговое пленарное заседание: рекомендации Форума', en: 'Closing plenary: the Forum’s recommendations' },
    description: {
      kk: 'Алаңдардың модераторлары ұсынымдарды таныстырады; мемлекеттік органдар оларды орындау мерзімдерін атайды.',
      ru: 'Модераторы площадок представляют рекомендации; государственные органы называют сроки их исполнения.',
      en: 'Platform moderators present the recommendations; government bodies commit to deadlines for carrying them out.',
    },
    speakers: [minInfo, ngoAlliance, ngoCouncils],
  },
];

/** The demo agenda with day 1 on `startsOn` (the loader passes today in Almaty). */
export function demoForum(startsOn: string): ForumImport {
  return {
    forum: {
      slug: DEMO_SLUG,
      title: { kk: 'Азаматтық форум (демо)', ru: 'Гражданский форум (демо)', en: 'Civil Forum (demo)' },
      description: {
        kk: 'Мемлекеттік органдар мен азаматтық қоғамның бес күндік онлайн-диалогы: министрлер ҮЕҰ мен азаматтардың сұрақтарына жауап береді, әр кездесуден кейін ұсынымдар жинақталады. Демо деректер: барлық есімдер мен ұйымдар ойдан шығарылған.',
        ru: 'Пятидневный онлайн-диалог государственных органов и гражданского общества: министры отвечают на вопросы НПО и граждан, после каждой встречи собираются рекомендации. Демо-данные: все имена и организации вымышлены.',
        en: 'A five-day online dialogue between government and civil society: ministers answer questions from NGOs and citizens, and the advice heard at each meeting is compiled into recommendations. Demo data: all names and organisations are fictional.',
      },
      languages: ['kk', 'ru', 'en'],
      timeZone: DEMO_TIME_ZONE,
      startsOn,
      days: 5,
    },
    platforms: PLATFORMS.map((title, position) => ({ title, position })),
    sessions: SESSIONS.map((s) => {
      const date = addDays(startsOn, s.day);
      return {
        platform: s.platform,
        title: s.title,
        description: s.description,
        speakers: s.speakers,
        startsAt: zonedInstant(date, s.from, DEMO_TIME_ZONE).toISOString(),
        endsAt: zonedInstant(date, s.to, DEMO_TIME_ZONE).toISOString(),
      };
    }),
  };
}
