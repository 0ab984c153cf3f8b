import type { SessionState } from '../../../common/agenda.contract';
import { t } from '../i18n/i18n';

const KEYS = {
  live: 'state.live',
  scheduled: 'state.scheduled',
  ended: 'state.ended',
  cancelled: 'state.cancelled',
} as const;

export function StateBadge({ state }: { state: SessionState }) {
  return (
    <span class={`badge badge-${state}`}>
      {state === 'live' && <span class="live-dot" aria-hidden="true" />}
      {t(KEYS[state])}
    </span>
  );
}
