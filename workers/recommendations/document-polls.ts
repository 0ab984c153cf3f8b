/** The live polls part of a session's document: per poll its question, figures and a bar chart of the answers. */
import type { Lang } from '../../common/base';
import type { PollKind } from '../../common/polls.contract';
import type { Compilation } from '../../common/compilation.contract';
import type { DocBlock } from './document';

interface PollLabels {
  polls: string;
  poll: (n: string) => string;
  kind: string;
  kinds: Record<PollKind, string>;
  voters: string;
  average: string;
  results: string;
}

export const POLL_LABELS: Record<Lang, PollLabels> = {
  kk: {
    polls: 'Сауалнамалар',
    poll: (n) => `${n}-сауалнама`,
    kind: 'Түрі',
    kinds: { single: 'бір жауап', multiple: 'бірнеше жауап', scale: '1–5 шкаласы' },
    voters: 'Дауыс бергендер',
    average: 'Орташа баға',
    results: 'Нәтижелер',
  },
  ru: {
    polls: 'Опросы',
    poll: (n) => `Опрос ${n}`,
    kind: 'Тип',
    kinds: { single: 'один ответ', multiple: 'несколько ответов', scale: 'шкала 1–5' },
    voters: 'Проголосовали',
    average: 'Средняя оценка',
    results: 'Результаты',
  },
  en: {
    polls: 'Polls',
    poll: (n) => `Poll ${n}`,
    kind: 'Kind',
    kinds: { single: 'one answer', multiple: 'several answers', scale: '1–5 scale' },
    voters: 'Voters',
    average: 'Average rating',
    results: 'Results',
  },
};

/** Nothing when the session had no polls. */
export function pollBlocks(c: Compilation): DocBlock[] {
  if (!c.polls.length) return [];
  const L = POLL_LABELS[c.language];
  const num = new Intl.NumberFormat(c.language);
  const pct = new Intl.NumberFormat(c.language, { style: 'percent', maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(c.language, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const blocks: DocBlock[] = [{ kind: 'heading', level: 1, text: L.polls }];
  for (const p of c.polls) {
    blocks.push(
      { kind: 'heading', level: 2, text: L.poll(num.format(p.number)) },
      { kind: 'paragraph', text: p.question, lang: p.lang },
      {
        kind: 'facts',
        rows: [
          [L.kind, L.kinds[p.kind]],
          [L.voters, num.format(p.voters)],
          ...(p.average === null ? [] : [[L.average, decimal.format(p.average)] as [string, string]]),
        ],
      },
      {
        kind: 'bars',
        caption: `${L.results}: ${L.poll(num.format(p.number))}`,
        max: Math.max(0, ...p.options.map((o) => o.votes)),
        // The figures are printed beside each bar: the chart is readable without its colours or lengths.
        bars: p.options.map((o) => ({ label: o.label, ...(o.lang ? { lang: o.lang } : {}), value: o.votes, display: o.share === null ? num.format(o.votes) : `${num.format(o.votes)} (${pct.format(o.share)})` })),
      },
    );
  }
  return blocks;
}
