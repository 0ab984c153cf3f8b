import { t } from './i18n';

/** "in 25 min" / "in 3 h" / "starting soon"; undefined when it is more than a day away. */
export function startsIn(s: { startsAt: string }, now: number): string | undefined {
  const ms = Date.parse(s.startsAt) - now;
  if (ms <= 0) return t('agenda.starting_soon');
  const min = Math.ceil(ms / 60_000);
  if (min < 60) return t('agenda.in_minutes', { count: min });
  const h = Math.round(min / 60);
  if (h < 24) return t('agenda.in_hours', { count: h });
  return undefined;
}
