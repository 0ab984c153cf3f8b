import type { SessionState } from '../../../../common/agenda.contract';
import { formatTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { useNow } from '../../state/use-async';
import { startsIn } from '../../i18n/relative';

interface Props {
  sessionId: string;
  state: SessionState;
  startsAt: string;
  timeZone: string;
}

/** The broadcast area: the live video, or what to expect when there is none. */
export function VideoPanel({ state, startsAt, timeZone }: Props) {
  const now = useNow();
  if (state !== 'live') {
    const soon = state === 'scheduled' ? startsIn({ startsAt }, now) : undefined;
    return (
      <div class="player player-off" role="img" aria-label={t(`video.off_${state}`)}>
        <div class="player-poster">
          <p class="poster-title">{t(`video.off_${state}`)}</p>
          {state === 'scheduled' && (
            <p class="poster-sub">
              {t('video.starts_at', { time: formatTime(startsAt, timeZone) })}
              {soon && ` · ${soon}`}
            </p>
          )}
        </div>
      </div>
    );
  }
  return (
    <div class="player">
      <div class="player-poster">
        <p class="poster-title">{t('video.connecting')}</p>
      </div>
    </div>
  );
}
