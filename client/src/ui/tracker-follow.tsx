import { useEffect } from 'preact/hooks';
import { TRACKER_PROGRESS, TRACKER_STATUSES, type MonthTallies, type TrackerItemView } from '../../../common/recs.contract';
import { formatDateTime } from '../i18n/format';
import { formatNumber, lang, t } from '../i18n/i18n';
import { STATUS_KEY } from './tallies';
import '../styles/orgs.css';

/** How far an item has come (new → accepted → in progress → executed); a rejected item is closed. */
export function TrackerProgress({ item }: { item: TrackerItemView }) {
  const p = TRACKER_PROGRESS[item.status];
  if (p === null) return <p class="progress small muted">{t('tracker.closed_item')}</p>;
  const label = t('tracker.progress', { percent: formatNumber(p / 100, lang.get(), { style: 'percent' }) });
  return (
    <p class="progress small">
      <progress max={100} value={p} aria-label={label} />
      <span>{label}</span>
    </p>
  );
}

/** The item's story: when it joined the tracker, then every change with its note (the public tracker and the organizers' editor). */
export function TrackerTimeline({ item, timeZone }: { item: TrackerItemView; timeZone: string }) {
  return (
    <details class="tracker-history">
      <summary>{t('tracker.timeline', { count: item.history.length + 1 })}</summary>
      <ol class="timeline">
        <li>
          <time dateTime={item.createdAt}>{formatDateTime(item.createdAt, timeZone)}</time> · {t('tracker.added')}
        </li>
        {item.history.map((h, i) => (
          <li key={i}>
            <time dateTime={h.at}>{formatDateTime(h.at, timeZone)}</time> · {t(STATUS_KEY[h.status])}
            {h.deadline && <span> · {t('tracker.deadline_on', { date: h.deadline })}</span>}
            {h.note && <span class="history-note"> — {h.note}</span>}
          </li>
        ))}
      </ol>
    </details>
  );
}

/** "Of 53: 18 executed, 35 in progress" month by month, as stacked bars (a table carries the same figures for screen readers). */
export function MonthlyChart({ monthly }: { monthly: MonthTallies[] }) {
  if (!monthly.length) return null;
  const max = Math.max(1, ...monthly.map((m) => m.total));
  return (
    <figure class="month-figure" aria-labelledby="month-h">
      <figcaption id="month-h" class="panel-title">
        {t('tracker.by_month')}
      </figcaption>
      <div class="month-chart" aria-hidden="true">
        {monthly.map((m) => (
          <div key={m.month} class="month-col" title={`${m.month}: ${t('tracker.month_items', { count: m.total })}`}>
            <div class="month-stack">
              {TRACKER_STATUSES.filter((s) => m[s] > 0).map((s) => (
                <span key={s} class={`tally-${s}`} style={{ height: `${(m[s] / max) * 100}%` }} />
              ))}
            </div>
            <span class="month-label">{m.month}</span>
          </div>
        ))}
      </div>
      <ul class="chart-legend" aria-hidden="true">
        {TRACKER_STATUSES.map((s) => (
          <li key={s}>
            <i class={`tally-${s}`} />
            {t(STATUS_KEY[s])}
          </li>
        ))}
      </ul>
      <table class="sr-only">
        <thead>
          <tr>
            <th scope="col">{t('tracker.by_month')}</th>
            {TRACKER_STATUSES.map((s) => (
              <th key={s} scope="col">
                {t(STATUS_KEY[s])}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {monthly.map((m) => (
            <tr key={m.month}>
              <th scope="row">{m.month}</th>
              {TRACKER_STATUSES.map((s) => (
                <td key={s}>{m[s]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}

/** Announces the feed to browsers and feed readers while the page is open. */
export function useFeedLink(href: string | undefined, title: string) {
  useEffect(() => {
    if (!href) return;
    const link = document.createElement('link');
    link.rel = 'alternate';
    link.type = 'application/atom+xml';
    link.href = href;
    link.title = title;
    document.head.append(link);
    return () => link.remove();
  }, [href, title]);
}
