import type { Lang } from '../../../common/base';
import type { PollView } from '../../../common/polls.contract';
import { formatNumber, t, useLang } from '../i18n/i18n';
import { Localized } from './localized';
import './polls.css';

/**
 * A poll's results as horizontal bars. Every bar carries its figures as text (votes and share),
 * so the chart reads without its colour or lengths, and a screen reader reads a plain list.
 */
export function PollChart({ poll, prefer }: { poll: PollView; prefer?: readonly Lang[] | undefined }) {
  const lang = useLang();
  const { counts, voters } = poll.results;
  if (!counts) return null;
  const max = Math.max(1, ...counts);
  const pct = (n: number) => formatNumber(voters ? n / voters : 0, lang, { style: 'percent', maximumFractionDigits: 0 });
  const average = poll.kind === 'scale' && voters ? counts.reduce((s, n, i) => s + n * (i + 1), 0) / voters : undefined;
  return (
    <figure class="poll-chart">
      <figcaption class="poll-chart-caption">
        {t('poll.results')} · {t('poll.voters', { count: voters })}
        {average !== undefined && <> · {t('poll.average', { value: formatNumber(average, lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 }) })}</>}
      </figcaption>
      <ul class="poll-bars">
        {poll.options.map((o) => {
          const n = counts[o.index] ?? 0;
          return (
            <li key={o.index} class="poll-bar" data-option={o.index}>
              <span class="poll-bar-label">{o.text ? <Localized text={o.text} prefer={prefer} /> : formatNumber(o.index + 1, lang)}</span>
              <span class="poll-bar-track" aria-hidden="true">
                <span class="poll-bar-fill" style={{ width: `${(n / max) * 100}%` }} />
              </span>
              <span class="poll-bar-figure">{t('poll.votes_share', { votes: formatNumber(n, lang), share: pct(n) })}</span>
            </li>
          );
        })}
      </ul>
    </figure>
  );
}

const STATE_KEYS = { draft: 'poll.state_draft', open: 'poll.state_open', closed: 'poll.state_closed' } as const;

export function PollStateBadge({ state }: { state: PollView['state'] }) {
  return <span class={`badge poll-state poll-state-${state}`}>{t(STATE_KEYS[state])}</span>;
}
