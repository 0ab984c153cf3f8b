import { useEffect, useState } from 'preact/hooks';
import { t } from '../../i18n/i18n';

/** Seconds until `endsAt`, ticking each second (never below 0). */
export function useSecondsLeft(endsAt: string | null | undefined): number | undefined {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    if (!endsAt) return;
    const id = setInterval(() => setNow(Date.now()), 250);
    return () => clearInterval(id);
  }, [endsAt]);
  return endsAt ? Math.max(0, Math.ceil((Date.parse(endsAt) - now) / 1000)) : undefined;
}

export const clock = (s: number) => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;

/** The visible countdown of a turn on stage. A timer role: screen readers do not read every tick. */
export function Countdown({ endsAt }: { endsAt: string }) {
  const left = useSecondsLeft(endsAt) ?? 0;
  return (
    <span class={`countdown${left <= 30 ? ' is-short' : ''}`} role="timer" aria-label={`${t('floor.time_left')}: ${clock(left)}`}>
      <span aria-hidden="true">{clock(left)}</span>
    </span>
  );
}
