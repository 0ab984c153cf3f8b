import { useEffect, useRef } from 'preact/hooks';
import { t } from '../../i18n/i18n';
import type { Feed } from '../../media';
import { Icon } from '../../ui/icons';
import '../../styles/live.css';

/** The speaker and the shared screen as a booth sees them (screen large, camera in the corner). */
export function FloorView({ feeds, poster }: { feeds: readonly Feed[]; poster?: string | undefined }) {
  const main = useRef<HTMLVideoElement>(null);
  const pip = useRef<HTMLVideoElement>(null);
  const video = feeds.filter((f) => f.kind === 'video' && !f.paused);
  const screen = video.find((f) => f.source === 'screen');
  const camera = video.find((f) => f.source === 'camera');
  const big = screen ?? camera;
  const small = screen ? camera : undefined;
  useEffect(() => {
    const el = main.current;
    if (!el) return;
    el.srcObject = big ? new MediaStream([big.track]) : null;
    if (big) void el.play().catch(() => undefined);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a feed object is new on every update; only its track matters
  }, [big?.track]);
  useEffect(() => {
    if (pip.current) pip.current.srcObject = small ? new MediaStream([small.track]) : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- as above
  }, [small?.track]);
  const speakers = [...new Set(feeds.filter((f) => !f.channel).map((f) => f.speaker.displayName).filter(Boolean))].join(', ');
  return (
    <div class="player">
      <video ref={main} autoplay playsinline muted aria-label={t('interp.floor_video')} hidden={!big} />
      <video ref={pip} autoplay playsinline muted class="pip" aria-hidden="true" hidden={!small} />
      {(!big || poster) && (
        <div class="player-poster" role="status">
          <Icon name="camera" size={40} />
          <p class="poster-title">{poster ?? t('video.waiting_speaker')}</p>
          {speakers && <p class="poster-sub">{speakers}</p>}
        </div>
      )}
    </div>
  );
}
