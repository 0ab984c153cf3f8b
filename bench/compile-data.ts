/**
 * A generated session for benchmarks and load tests: questions and recommendations in
 * Kazakh, Russian and English built from phrase pools, so that some items are
 * near-duplicates of others (as at a real forum) and most are distinct. Seeded: the
 * same arguments always give the same session.
 */
import { createHash } from 'node:crypto';
import type { Lang } from '../common/base';
import type { InputQuestion, InputRecommendation, SessionCompileInput } from '../common/jobs';

import { seeded } from '../workers/recommendations/opinion-math';

/** The seeded generator the opinion groups use (mulberry32): one implementation for data and analysis. */
export const prng = seeded;

const LANGS: Lang[] = ['kk', 'ru', 'en'];
const ADDRESSEES = ['Министерство юстиции', 'Министерство цифрового развития', 'Агентство по противодействию коррупции', 'Министерство финансов', 'Әділет министрлігі', 'Ministry of Information', null, null];

function uuid(rand: () => number): string {
  const h = createHash('sha256').update(String(rand())).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Free-form text over a Zipf-distributed vocabulary of inflected civic words: real
 * submissions share topic words but rarely whole phrases, which is what makes most
 * character grams rare, as in real text.
 */
const VOCAB: Record<Lang, { stems: string[]; endings: string[]; glue: string[] }> = {
  kk: {
    stems: ['кеңес', 'әкімдік', 'азамат', 'бюджет', 'заң', 'есеп', 'сот', 'мектеп', 'аурухана', 'жол', 'ауыл', 'қала', 'жастар', 'зейнеткер', 'фермер', 'кәсіпкер', 'журналист', 'дәрігер', 'мұғалім', 'студент', 'полиция', 'прокуратура', 'министрлік', 'комиссия', 'сараптама', 'мониторинг', 'өтініш', 'шағым', 'тендер', 'грант', 'субсидия', 'салық', 'жәрдемақы', 'тұрғын үй', 'су', 'жылу', 'интернет', 'көлік', 'экология', 'орман', 'өзен', 'ауа', 'қоқыс', 'волонтер', 'кәсіподақ', 'қауымдастық', 'ұйым', 'платформа', 'портал', 'қосымша', 'дерек', 'ашықтық', 'есептілік', 'жемқорлық', 'құқық', 'бостандық', 'теңдік', 'мүгедектік', 'отбасы', 'бала'],
    endings: ['', 'тың', 'ға', 'да', 'дан', 'ты', 'мен', 'тар', 'тардың', 'тарға', 'лық', 'лар'],
    glue: ['және', 'үшін', 'бойынша', 'арқылы', 'туралы', 'қажет', 'керек', 'ұсынамыз', 'енгізу', 'арттыру', 'қамтамасыз ету', 'жақсарту', 'бекіту', 'қысқарту', 'кеңейту', 'жариялау', 'тексеру', 'қолдау', 'жыл сайын', 'міндетті түрде'],
  },
  ru: {
    stems: ['совет', 'акимат', 'граждан', 'бюджет', 'закон', 'отчёт', 'суд', 'школ', 'больниц', 'дорог', 'сел', 'город', 'молодёж', 'пенсионер', 'фермер', 'предпринимател', 'журналист', 'врач', 'учител', 'студент', 'полици', 'прокуратур', 'министерств', 'комисси', 'экспертиз', 'мониторинг', 'обращени', 'жалоб', 'тендер', 'грант', 'субсиди', 'налог', 'пособи', 'жиль', 'вод', 'тепл', 'интернет', 'транспорт', 'экологи', 'лес', 'рек', 'воздух', 'мусор', 'волонтёр', 'профсоюз', 'ассоциаци', 'организаци', 'платформ', 'портал', 'приложени', 'данн', 'прозрачност', 'подотчётност', 'коррупци', 'прав', 'свобод', 'равенств', 'инвалидност', 'семь', 'дет'],
    endings: ['', 'а', 'ы', 'ов', 'ам', 'ами', 'ах', 'ой', 'ей', 'ию', 'ия', 'ом'],
    glue: ['и', 'для', 'по', 'через', 'о', 'необходимо', 'нужно', 'предлагаем', 'ввести', 'повысить', 'обеспечить', 'улучшить', 'закрепить', 'сократить', 'расширить', 'публиковать', 'проверять', 'поддержать', 'ежегодно', 'обязательно'],
  },
  en: {
    stems: ['council', 'akimat', 'citizen', 'budget', 'law', 'report', 'court', 'school', 'hospital', 'road', 'village', 'city', 'youth', 'pensioner', 'farmer', 'entrepreneur', 'journalist', 'doctor', 'teacher', 'student', 'police', 'prosecutor', 'ministry', 'commission', 'review', 'monitor', 'petition', 'complaint', 'tender', 'grant', 'subsid', 'tax', 'benefit', 'housing', 'water', 'heating', 'internet', 'transport', 'ecology', 'forest', 'river', 'air', 'waste', 'volunteer', 'union', 'association', 'organisation', 'platform', 'portal', 'app', 'data', 'transparency', 'accountab', 'corruption', 'right', 'freedom', 'equality', 'disabilit', 'family', 'child'],
    endings: ['', 's', 'es', 'ing', 'ed', 'al', 'ity', 'ies', 'ly', 'er'],
    glue: ['and', 'for', 'by', 'through', 'about', 'must', 'should', 'we propose', 'introduce', 'increase', 'ensure', 'improve', 'enshrine', 'shorten', 'expand', 'publish', 'check', 'support', 'every year', 'always'],
  },
};

const SYLLABLES: Record<Lang, string[]> = {
  kk: ['қа', 'ға', 'ңы', 'өз', 'ұл', 'үй', 'һа', 'ін', 'әр', 'ба', 'ты', 'лы', 'ме', 'ке', 'са', 'ді', 'мұ', 'ре', 'ту', 'жа'],
  ru: ['про', 'ва', 'ни', 'ст', 'ра', 'ко', 'ме', 'ли', 'то', 'да', 'же', 'чи', 'шу', 'ве', 'ры', 'бо', 'зе', 'ку', 'мо', 'пе'],
  en: ['pro', 'con', 'ment', 'tion', 'ab', 'ing', 're', 'ver', 'sta', 'ble', 'ous', 'ex', 'ad', 'ter', 'im', 'ly', 'pre', 'dis', 'ful', 'an'],
};

/** Real texts use thousands of word types; made-up words from each language's syllables stand in for the long tail. */
const rareWords = new Map<Lang, string[]>();
function longTail(lang: Lang): string[] {
  let words = rareWords.get(lang);
  if (!words) {
    const rand = prng(lang.charCodeAt(0) * 31 + lang.charCodeAt(1));
    const syl = SYLLABLES[lang];
    words = Array.from({ length: 4000 }, () => Array.from({ length: 2 + Math.floor(rand() * 3) }, () => syl[Math.floor(rand() * syl.length)]!).join(''));
    rareWords.set(lang, words);
  }
  return words;
}

export function generatedText(rand: () => number, lang: Lang): string {
  const v = VOCAB[lang];
  // Zipf-like: low indexes much more frequent.
  const zipf = <T>(xs: T[]) => xs[Math.floor(xs.length * rand() ** 2.2)]!;
  const word = () => {
    const r = rand();
    return r < 0.25 ? zipf(v.glue) : r < 0.7 ? zipf(v.stems) + zipf(v.endings) : zipf(longTail(lang));
  };
  const words = Array.from({ length: 10 + Math.floor(rand() * 22) }, word);
  const text = words.join(' ');
  return `${text[0]!.toUpperCase()}${text.slice(1)}.`;
}

/** A near-duplicate: some words dropped, swapped or added, as when two people propose the same thing. */
function variant(rand: () => number, lang: Lang, text: string): string {
  const words = text.replace(/[.]$/, '').split(' ');
  const edits = 1 + Math.floor(rand() * 3);
  for (let e = 0; e < edits; e++) {
    const at = Math.floor(rand() * words.length);
    const r = rand();
    if (r < 0.4) words.splice(at, 1);
    else if (r < 0.7) words.splice(at, 0, VOCAB[lang].glue[Math.floor(rand() * VOCAB[lang].glue.length)]!);
    else words[at] = `${words[at]}${VOCAB[lang].endings[Math.floor(rand() * VOCAB[lang].endings.length)]}`;
  }
  return `${words.join(' ')}.`;
}

/** A session input as the API would freeze it, with `questions` questions and `recs` recommendations. */
export function generatedSession(questions: number, recs: number, seed = 1): SessionCompileInput {
  const rand = prng(seed);
  const start = Date.parse('2026-11-23T05:00:00Z');
  const at = (i: number, n: number) => new Date(start + Math.floor((i / n) * 7_200_000)).toISOString();
  const qs: InputQuestion[] = Array.from({ length: questions }, (_, i) => {
    const lang = LANGS[i % 3]!;
    const r = rand();
    const status = r < 0.5 ? 'approved' : r < 0.6 ? 'answered' : r < 0.8 ? 'pending' : r < 0.95 ? 'rejected' : 'merged';
    return {
      id: uuid(rand),
      text: generatedText(rand, lang).replace(/[.:]$/, '?'),
      lang,
      authorName: rand() < 0.3 ? `Азамат ${i}` : null,
      votes: Math.floor(rand() ** 3 * 400),
      status,
      createdAt: at(i, questions),
      answeredAt: status === 'answered' ? at(i + 1, questions) : null,
    };
  });
  const originals: InputRecommendation[] = [];
  const items: InputRecommendation[] = Array.from({ length: recs }, (_, i) => {
    const lang = LANGS[i % 3]!;
    // One in five repeats an earlier item with small changes: what grouping should catch.
    const base = originals.length && rand() < 0.2 ? originals[Math.floor(rand() * originals.length)]! : undefined;
    const text = base ? variant(rand, base.lang, base.text) : generatedText(rand, lang);
    const fromQuestion = rand() < 0.1 ? qs[Math.floor(rand() * qs.length)] : undefined;
    const rec: InputRecommendation = {
      id: uuid(rand),
      text: text.slice(0, 1000),
      lang: base?.lang ?? lang,
      addressee: ADDRESSEES[Math.floor(rand() * ADDRESSEES.length)] ?? null,
      state: 'open',
      origin: fromQuestion ? 'question' : 'citizen',
      sourceQuestionId: fromQuestion?.id ?? null,
      answer: fromQuestion && rand() < 0.5 ? 'Министрлік бұл ұсынысты 2027 жылғы жоспарға енгізеді.' : null,
      authorName: rand() < 0.3 ? `Қатысушы ${i}` : null,
      endorsements: Math.floor(rand() ** 4 * 200),
      mergedInto: null,
      createdAt: at(i, recs),
    };
    if (!base) originals.push(rec);
    return rec;
  });
  const sessionId = uuid(rand);
  return {
    kind: 'session',
    revision: 1,
    inputHash: createHash('sha256').update(`generated:${questions}:${recs}:${seed}`).digest('hex'),
    similarityThreshold: 0.6,
    forum: { id: uuid(rand), slug: 'civil-forum-2026', title: { kk: 'Азаматтық форум 2026', ru: 'Гражданский форум 2026', en: 'Civil Forum 2026' }, languages: ['kk', 'ru', 'en'], timeZone: 'Asia/Almaty' },
    session: {
      id: sessionId,
      title: { kk: 'Қоғамдық кеңестердің тиімділігі', ru: 'Эффективность общественных советов' },
      platform: { kk: 'Сыбайлас жемқорлыққа қарсы күрес', ru: 'Противодействие коррупции' },
      startsAt: new Date(start).toISOString(),
      endsAt: new Date(start + 7_200_000).toISOString(),
      startedAt: new Date(start + 60_000).toISOString(),
      endedAt: new Date(start + 7_260_000).toISOString(),
      speakers: ['Әділет министрі', 'Дәулет Ахметов', 'Анна Петрова'],
      moderators: ['Айгүл Серікқызы'],
      interpreted: ['ru', 'en'],
      captioned: ['kk'],
      // A dozen citizens take the floor in a two-hour session.
      floor: Array.from({ length: 12 }, (_, i) => ({
        speaker: `Азамат ${i + 1}`,
        topic: i % 2 ? 'Ауыл мектептеріне жылдам интернет' : 'Доступ к данным общественных советов',
        organization: i % 3 ? null : 'Жастар орталығы',
        organizationId: null,
        startedAt: new Date(start + 600_000 * (i + 1)).toISOString(),
        seconds: 120 + i * 5,
      })),
    },
    attendance: { peak: 4213, uniqueViewers: 18_402 },
    questionCounts: {
      asked: qs.length,
      approved: qs.filter((q) => q.status === 'approved' || q.status === 'answered').length,
      answered: qs.filter((q) => q.status === 'answered').length,
    },
    questions: qs,
    recommendations: items,
    polls: [],
  };
}

/**
 * Ratings of the first `items` recommendations by `participants` people, each cell rated
 * with probability `density`: three camps that lean differently on each item, and one
 * participant in twenty a representative of one of ten organizations (counted once each).
 */
export function generatedRatings(recommendations: readonly InputRecommendation[], participants: number, items: number, density: number, seed = 3): Pick<SessionCompileInput, 'ratings' | 'organizations'> {
  const rand = prng(seed);
  const kinds = ['ngo', 'business', 'state', 'international', 'academic', 'media'] as const;
  const regions = ['astana', 'almaty_city', 'shymkent', 'karaganda', 'pavlodar'] as const;
  const organizations = Array.from({ length: 10 }, (_, i) => ({
    id: uuid(rand),
    name: { kk: `Қоғамдық бірлестік ${i + 1}`, ru: `Общественное объединение ${i + 1}` },
    kind: kinds[i % kinds.length]!,
    region: regions[i % regions.length]!,
  }));
  const n = Math.min(items, recommendations.length);
  const lean = Array.from({ length: n }, () => [rand() * 2 - 1, rand() * 2 - 1, rand() * 2 - 1]);
  const raters = Array.from({ length: participants }, (_, p) => {
    const camp = p % 3;
    let votes = '';
    for (let i = 0; i < n; i++) {
      if (rand() >= density) continue;
      const x = lean[i]![camp]! + (rand() - 0.5);
      votes += `${i}${x > 0.25 ? 'a' : x < -0.25 ? 'd' : 'p'}`;
    }
    return { organizationId: p % 20 === 0 ? organizations[(p / 20) % 10]!.id : null, votes };
  });
  return { ratings: { raters }, organizations };
}
