import { useState } from 'preact/hooks';
import type { AgendaView } from '../../../../common/agenda.contract';
import { SESSIONS_ROUTES } from '../../../../common/sessions.contract';
import { http } from '../../api/http';
import { formatTime } from '../../i18n/format';
import { formatNumber, t } from '../../i18n/i18n';
import { useAsync } from '../../state/use-async';
import { Select } from '../../ui/field';
import { AttendanceChart } from '../../ui/line-chart';
import { pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';

/** How many watched each session: peak and unique viewers, and viewers over time. */
export function AttendanceSection({ agenda }: { agenda: AgendaView }) {
  const { forum } = agenda;
  const watched = agenda.sessions.filter((s) => s.state === 'live' || s.state === 'ended').sort((a, b) => a.startsAt.localeCompare(b.startsAt));
  const [selected, setSelected] = useState<string>(watched.find((s) => s.state === 'live')?.id ?? watched[watched.length - 1]?.id ?? '');
  const all = useAsync(() => Promise.all(watched.map((s) => http.call(SESSIONS_ROUTES.attendance, { params: { sessionId: s.id } }))), [watched.map((s) => s.id).join()]);
  if (watched.length === 0) return <Notice>{t('attendance.none')}</Notice>;
  if (all.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (all.status === 'error') return <ErrorNotice error={all.error} onRetry={all.reload} />;
  const byId = new Map(all.data.map((a) => [a.sessionId, a]));
  const current = byId.get(selected);
  const session = watched.find((s) => s.id === selected);
  const title = session ? pickText(session.title, forum.languages) : '';
  const peakAt = current?.series.reduce((best, p) => (p.viewers > best.viewers ? p : best), current.series[0] ?? { at: '', viewers: 0 });
  return (
    <section aria-labelledby="att-h">
      <h2 id="att-h">{t('attendance.title')}</h2>
      <div class="card panel">
        <Select label={t('attendance.session')} value={selected} onChange={setSelected} options={watched.map((s) => ({ value: s.id, label: `${formatTime(s.startsAt, forum.timeZone)} · ${pickText(s.title, forum.languages)}` }))} />
        {current && (
          <>
            <dl class="figures">
              <div>
                <dt>{t('attendance.peak')}</dt>
                <dd>{formatNumber(current.peak)}</dd>
              </div>
              <div>
                <dt>{t('attendance.unique')}</dt>
                <dd>{formatNumber(current.uniqueViewers)}</dd>
              </div>
            </dl>
            {current.series.length > 1 ? (
              <AttendanceChart
                series={current.series}
                timeZone={forum.timeZone}
                label={t('attendance.chart_label', { title, peak: current.peak, time: peakAt?.at ? formatTime(peakAt.at, forum.timeZone) : '' })}
              />
            ) : (
              <p class="muted">{t('attendance.no_series')}</p>
            )}
          </>
        )}
      </div>
      <table class="data-table">
        <caption class="sr-only">{t('attendance.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('attendance.session')}</th>
            <th scope="col" class="num">
              {t('attendance.peak')}
            </th>
            <th scope="col" class="num">
              {t('attendance.unique')}
            </th>
          </tr>
        </thead>
        <tbody>
          {watched.map((s) => {
            const a = byId.get(s.id);
            return (
              <tr key={s.id}>
                <th scope="row">
                  <button type="button" class="as-link link-btn" onClick={() => setSelected(s.id)}>
                    {formatTime(s.startsAt, forum.timeZone)} · {pickText(s.title, forum.languages)}
                  </button>
                </th>
                <td class="num">{a ? formatNumber(a.peak) : '—'}</td>
                <td class="num">{a ? formatNumber(a.uniqueViewers) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
