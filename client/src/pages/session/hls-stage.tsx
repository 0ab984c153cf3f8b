/**
 * Everything the session page plays over HLS: the standard stream of a live session and the
 * recording of an ended one. Its own chunk (with hls.js), loaded only when needed, so the
 * WebRTC page stays as light as it was.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { BROADCAST_ROUTES, type Chapter } from '../../../../common/broadcast.contract';
import { ClientError } from '../../api/errors';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { playbackDelay } from '../../live/playback-delay';
import { HlsUnsupported, playHls, type HlsPlayback } from '../../media/hls';
import { Link } from '../../router';
import { useAsync } from '../../state/use-async';
import { Icon } from '../../ui/icons';
import { ModeBar } from './mode-bar';

/** Server time minus local time, from the Date header (segment dates are the server's clock). */
async function clockOffset(url: string): Promise<number> {
  try {
    const before = Date.now();
    const r = await fetch(url, { method: 'HEAD', cache: 'no-store' });
    const date = Date.parse(r.headers.get('date') ?? '');
    return Number.isNaN(date) ? 0 : date + 500 - (before + Date.now()) / 2;
  } catch {
    return 0;
  }
}

function usePlayer(url: string | null | undefined, live: boolean, onDelay?: (ms: number) => void) {
  const delayed = useRef(onDelay);
  delayed.current = onDelay;
  const video = useRef<HTMLVideoElement>(null);
  const player = useRef<HlsPlayback | undefined>(undefined);
  const [error, setError] = useState<'unsupported' | 'failed' | undefined>(undefined);
  useEffect(() => {
    const el = video.current;
    if (!el || !url) return;
    let closed = false;
    let timer: ReturnType<typeof setInterval> | undefined;
    void clockOffset(url).then((clockOffsetMs) => {
      if (closed) return;
      try {
        player.current = playHls(el, url, { live, clockOffsetMs, onFatal: () => setError('failed') });
      } catch (e) {
        setError(e instanceof HlsUnsupported ? 'unsupported' : 'failed');
        return;
      }
      timer = setInterval(() => {
        const d = player.current?.delayMs();
        if (d !== undefined) delayed.current?.(Math.max(0, d));
      }, 1000);
    });
    return () => {
      closed = true;
      clearInterval(timer);
      player.current?.destroy();
      player.current = undefined;
    };
  }, [url, live]);
  return { video, player, error };
}

/** The live session's standard stream. `reason` says why it plays instead of live video. */
export function HlsLive({ sessionId, reason, onBack }: { sessionId: string; reason: 'blocked' | 'full' | 'chosen'; onBack?: (() => void) | undefined }) {
  const [feed, setFeed] = useState<string | null>(null);
  useEffect(() => {
    let stop = false;
    let timer: ReturnType<typeof setTimeout>;
    const look = () =>
      http.call(BROADCAST_ROUTES.liveFeed, { params: { sessionId } }).then(
        (f) => {
          if (stop) return;
          if (f.hls) setFeed(f.hls);
          else timer = setTimeout(look, 2000);
        },
        () => !stop && (timer = setTimeout(look, 4000)),
      );
    void look();
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [sessionId]);
  const { video, error } = usePlayer(feed, true, (ms) => playbackDelay.set(Math.round(ms / 250) * 250));
  useEffect(() => () => playbackDelay.set(0), []);
  const [frames, setFrames] = useState(false);
  useEffect(() => {
    const el = video.current;
    if (!el) return;
    const on = () => setFrames(true);
    el.addEventListener('playing', on);
    return () => el.removeEventListener('playing', on);
  }, [video]);
  const poster = error === 'unsupported' ? t('broadcast.hls_unsupported') : !frames ? t('broadcast.hls_starting') : undefined;
  return (
    <div class="player-wrap" data-playback="hls">
      <div class="player">
        <video ref={video} autoplay playsinline controls aria-label={t('video.label')} />
        {poster && (
          <div class="player-poster" role="status">
            <p class="poster-title">{poster}</p>
          </div>
        )}
      </div>
      <ModeBar mode="hls" note={reason === 'blocked' ? t('broadcast.fallback_blocked') : reason === 'full' ? t('broadcast.fallback_full') : undefined} onSwitch={onBack} />
    </div>
  );
}

function clock(s: number): string {
  const t = Math.max(0, Math.floor(s));
  const h = Math.floor(t / 3600);
  const mm = String(Math.floor((t % 3600) / 60)).padStart(h ? 2 : 1, '0');
  const ss = String(t % 60).padStart(2, '0');
  return h ? `${h}:${mm}:${ss}` : `${mm}:${ss}`;
}

/** An ended session's recording: the video, chapters that seek, answered questions at their moment. */
export function Replay({ sessionId }: { sessionId: string }) {
  const rec = useAsync(() => http.call(BROADCAST_ROUTES.recording, { params: { sessionId } }), [sessionId]);
  const ready = rec.status === 'ready' && rec.data.urls ? rec.data : undefined;
  const { video, player } = usePlayer(ready?.urls?.hls, false);
  if (!ready) {
    const processing = rec.status === 'ready' && (rec.data.state === 'processing' || rec.data.state === 'live');
    const missing = rec.status === 'error' && rec.error instanceof ClientError && rec.error.code === 'not_found';
    return (
      <div class="player player-off" role="img" aria-label={t('video.off_ended')}>
        <div class="player-poster">
          <p class="poster-title">{t('video.off_ended')}</p>
          {(processing || missing) && <p class="poster-sub">{processing ? t('broadcast.processing') : t('broadcast.no_recording')}</p>}
        </div>
      </div>
    );
  }
  const seek = (c: Chapter) => {
    player.current?.seek(c.startS);
    void video.current?.play().catch(() => undefined);
  };
  const answered = ready.chapters.filter((c) => c.kind === 'answered');
  return (
    <div class="player-wrap replay" data-playback="replay">
      <div class="player">
        <video ref={video} controls playsinline preload="metadata" poster={ready.urls!.poster} aria-label={t('broadcast.replay_label')} />
      </div>
      <div class="replay-links">
        <a class="btn btn-secondary btn-sm" href={`${ready.urls!.mp4}?download`} download>
          <Icon name="download" size={16} /> {t('broadcast.download_mp4')}
        </a>
        <Link href={`/s/${sessionId}?tab=recs`} class="btn btn-ghost btn-sm">
          {t('broadcast.recommendations_link')}
        </Link>
      </div>
      <ChapterList title={t('broadcast.chapters')} id="chapters-h" chapters={ready.chapters} onSeek={seek} />
      {answered.length > 0 && <ChapterList title={t('broadcast.answered')} id="answered-h" chapters={answered} onSeek={seek} />}
    </div>
  );
}

function ChapterList({ title, id, chapters, onSeek }: { title: string; id: string; chapters: Chapter[]; onSeek: (c: Chapter) => void }) {
  return (
    <section class="chapters" aria-labelledby={id}>
      <h2 id={id} class="panel-title">
        {title}
      </h2>
      <ol>
        {chapters.map((c) => (
          <li key={`${c.kind}-${c.startS}`}>
            <button type="button" class="chapter" onClick={() => onSeek(c)}>
              <span class="sr-only">{t('broadcast.seek_to')} </span>
              <time class="chapter-time">{clock(c.startS)}</time> <span class="chapter-title">{c.title}</span>
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
