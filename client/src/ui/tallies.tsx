import { TRACKER_STATUSES, type TrackerStatus, type TrackerTallies } from '../../../common/recs.contract';
import { formatNumber, t, type MessageKey } from '../i18n/i18n';
import '../styles/tracker.css';

export const STATUS_KEY: Record<TrackerStatus, MessageKey> = {
  new: 'tracker.new',
  accepted: 'tracker.accepted',
  in_progress: 'tracker.in_progress',
  executed: 'tracker.executed',
  rejected: 'tracker.rejected',
};

const TALLY_KEY: Record<TrackerStatus, MessageKey> = {
  new: 'tracker.t_new',
  accepted: 'tracker.t_accepted',
  in_progress: 'tracker.t_in_progress',
  executed: 'tracker.t_executed',
  rejected: 'tracker.t_rejected',
};

/** "Of 53 items, 18 executed, 35 in progress" — the sentence the state reports with, and a bar. */
export function Tallies({ tallies }: { tallies: TrackerTallies }) {
  const parts = TRACKER_STATUSES.filter((s) => tallies[s] > 0);
  return (
    <div class="tallies">
      <p class="tallies-line">
        {t('tracker.of_total', { count: tallies.total })}{' '}
        {parts.map((s, i) => (
          <span key={s}>
            {i > 0 && ', '}
            <strong>{formatNumber(tallies[s])}</strong> {t(TALLY_KEY[s])}
          </span>
        ))}
      </p>
      {tallies.total > 0 && (
        <div class="tally-bar" aria-hidden="true">
          {parts.map((s) => (
            <span key={s} class={`tally-${s}`} style={{ flexGrow: tallies[s] }} />
          ))}
        </div>
      )}
    </div>
  );
}

