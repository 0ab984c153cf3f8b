import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionState } from '../../../../common/agenda.contract';
import type { PreferredLayer } from '../../../../common/stream.contract';
import { errorMessage } from '../../api/errors';
import { getSocket } from '../../api/socket';
import { formatTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { startsIn } from '../../i18n/relative';
import { streamOf, watch, type Feed, type MediaSession, type MediaState, type Viewer } from '../../media';
import { useNow } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, Switch } from '../../ui/field';
import { Icon } from '../../ui/icons';
import '../../styles/live.css';

interface Props {
  sessionId: string;
  state: SessionState;
  startsAt: string;
  timeZone: string;
}

const PREFS = 'birge.player';
interface Prefs {
  audioOnly: boolean;
  layer: PreferredLayer;
}
function readPrefs(): Prefs {
  try {
    const raw: unknown = JSON.parse(localStorage.getItem(PREFS) ?? '{}');
    const o = raw && typeof raw === 'object' ? raw : {};
    const layer = 'layer' in o && (o.layer === 'low' || o.layer === 'medium' || o.layer === 'high') ? o.layer : 'auto';
    return { audioOnly: 'audioOnly' in o && o.audioOnly === true, layer };
  } catch {
    return { audioOnly: false, layer: 'auto' };
  }
}
function savePrefs(p: Prefs) {
  try {
    localStorage.setItem(PREFS, JSON.stringify(p));
  } catch {
    // Preferences are a convenience.
  }
}

/** The broadcast area: the live video (or sound only), or what to expect when there is none. */
export function VideoPanel({ sessionId, state, startsAt, timeZone }: Props) {
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
  return <LivePlayer sessionId={sessionId} />;
}

type Watching = Awaited<ReturnType<typeof watch>>;
const early = new Map<string, Promise<Watching>>();

/**
 * Starts receiving a session's broadcast before the page knows whether it is live, so the
 * media handshake overlaps loading the page's data instead of following it. The player
 * takes it over; if it is never claimed (the session was not live, or the page closed
 * first), {@link dropEarlyWatch} releases it.
 */
export function watchEarly(sessionId: string): void {
  if (early.has(sessionId)) return;
  const prefs = readPrefs();
  mark('birge:watch-start');
  const p = watch(getSocket(), sessionId, { audioOnly: prefs.audioOnly, preferredLayer: prefs.layer });
  p.catch(() => early.get(sessionId) === p && early.delete(sessionId));
  early.set(sessionId, p);
}

function claimEarly(sessionId: string): Promise<Watching> | undefined {
  const p = early.get(sessionId);
  early.delete(sessionId);
  return p;
}

export function dropEarlyWatch(sessionId: string): void {
  claimEarly(sessionId)?.then(
    (w) => {
      w.viewer.close();
      w.session.close();
    },
    () => undefined,
  );
}

/** Timeline marks for the viewer-load benchmark (first occurrence only). */
function mark(name: string) {
  if (!performance.getEntriesByName(name).length) performance.mark(name);
}

function LivePlayer({ sessionId }: { sessionId: string }) {
  const [prefs, setPrefs] = useState<Prefs>(readPrefs);
  const [feeds, setFeeds] = useState<Feed[]>([]);
  const [media, setMedia] = useState<MediaState | 'starting'>('starting');
  const [error, setError] = useState<unknown>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const viewer = useRef<Viewer | undefined>(undefined);
  const main = useRef<HTMLVideoElement>(null);
  const pip = useRef<HTMLVideoElement>(null);
  const audio = useRef<HTMLAudioElement>(null);
  const box = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let closed = false;
    let session: MediaSession | undefined;
    const offs: (() => void)[] = [];
    setError(undefined);
    setMedia('starting');
    mark('birge:watch-start');
    // A retry always starts afresh; the first attempt takes over the early one if it worked.
    const started = (attempt === 0 ? claimEarly(sessionId) : undefined) ?? watch(getSocket(), sessionId, { audioOnly: prefs.audioOnly, preferredLayer: prefs.layer });
    started.then(
      (w) => {
        if (closed) {
          w.viewer.close();
          w.session.close();
          return;
        }
        mark('birge:watch-ready');
        session = w.session;
        viewer.current = w.viewer;
        setFeeds(w.viewer.feeds);
        setMedia(w.session.state);
        offs.push(
          w.viewer.on('feeds', setFeeds),
          w.session.on('state', setMedia),
          w.session.on('closed', (why) => why === 'failed' && setError(new Error('timed out'))),
        );
      },
      (e: unknown) => !closed && setError(e),
    );
    return () => {
      closed = true;
      for (const off of offs) off();
      viewer.current?.close();
      viewer.current = undefined;
      session?.close();
    };
    // Preferences apply to the running viewer below; only a new session or a retry re-watches.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId, attempt]);

  const video = feeds.filter((f) => f.kind === 'video' && !f.paused);
  const screen = video.find((f) => f.source === 'screen');
  const camera = video.find((f) => f.source === 'camera');
  const big = screen ?? camera;
  const small = screen ? camera : undefined;
  const sound = feeds.filter((f) => f.kind === 'audio');
  const speakers = [...new Set(feeds.map((f) => f.speaker.displayName).filter(Boolean))].join(', ');

  useEffect(() => {
    const el = main.current;
    if (!el) return;
    el.srcObject = big ? new MediaStream([big.track]) : null;
    if (!big) return;
    void el.play().catch(() => undefined);
    // The first decoded frame on screen, for the viewer-load benchmark.
    mark('birge:video-track');
    if ('requestVideoFrameCallback' in el) el.requestVideoFrameCallback(() => mark('birge:first-frame'));
  }, [big?.track]);
  useEffect(() => {
    if (pip.current) pip.current.srcObject = small ? new MediaStream([small.track]) : null;
  }, [small?.track]);
  const soundKey = sound.map((f) => f.track.id).join();
  useEffect(() => {
    const el = audio.current;
    if (!el) return;
    el.srcObject = sound.length ? streamOf(sound) : null;
    if (!sound.length) return;
    // Browsers refuse sound before the visitor has touched the page; then we ask for a tap.
    el.muted = false;
    el.play().then(
      () => setSoundBlocked(false),
      () => {
        el.muted = true;
        void el.play().catch(() => undefined);
        setSoundBlocked(true);
      },
    );
  }, [soundKey]);

  const update = (p: Partial<Prefs>) => {
    const next = { ...prefs, ...p };
    setPrefs(next);
    savePrefs(next);
    const v = viewer.current;
    if (!v) return;
    const done = p.audioOnly !== undefined ? v.setAudioOnly(p.audioOnly) : p.layer ? v.setPreferredLayer(p.layer) : Promise.resolve();
    done.catch((e: unknown) => setError(e));
  };
  const unmute = () => {
    const el = audio.current;
    if (!el) return;
    el.muted = false;
    void el.play().then(() => setSoundBlocked(false), () => setSoundBlocked(true));
  };
  const fullscreen = () => {
    const el = box.current;
    if (!el) return;
    if (document.fullscreenElement) void document.exitFullscreen();
    else void el.requestFullscreen?.().catch(() => undefined);
  };

  let poster: string | undefined;
  if (error !== undefined) poster = undefined;
  else if (media === 'starting' || media === 'connecting') poster = t('video.connecting');
  else if (media === 'reconnecting') poster = t('video.reconnecting');
  else if (prefs.audioOnly) poster = t('video.audio_only_on');
  else if (!big) poster = feeds.some((f) => f.kind === 'video') ? t('video.camera_off') : t('video.waiting_speaker');

  return (
    <div class="player-wrap">
      <div ref={box} class={`player${prefs.audioOnly ? ' audio-only' : ''}`} data-media-state={media}>
        <video ref={main} autoplay playsinline muted aria-label={t('video.label')} hidden={!big || prefs.audioOnly} />
        <video ref={pip} autoplay playsinline muted class="pip" aria-hidden="true" hidden={!small || prefs.audioOnly} />
        <audio ref={audio} autoplay />
        {error !== undefined && (
          <div class="player-poster" role="alert">
            <p class="poster-title">{errorMessage(error, { invalid_state: 'video.not_live' })}</p>
            <Button variant="secondary" onClick={() => setAttempt((n) => n + 1)}>
              {t('action.retry')}
            </Button>
          </div>
        )}
        {poster && (
          <div class="player-poster" role="status">
            {prefs.audioOnly && <Icon name="speaker" size={40} />}
            <p class="poster-title">{poster}</p>
            {speakers && <p class="poster-sub">{speakers}</p>}
          </div>
        )}
        {big && !prefs.audioOnly && (
          <button type="button" class="player-fs" onClick={fullscreen} aria-label={t('video.fullscreen')} title={t('video.fullscreen')}>
            <Icon name="expand" size={22} />
          </button>
        )}
        {soundBlocked && sound.length > 0 && (
          <button type="button" class="unmute" onClick={unmute}>
            <Icon name="speaker" size={18} /> {t('video.tap_for_sound')}
          </button>
        )}
      </div>
      <div class="player-bar">
        <Switch label={t('video.audio_only')} checked={prefs.audioOnly} onChange={(v) => update({ audioOnly: v })} />
        <span class="spacer" />
        <Select
          label={t('video.quality')}
          value={prefs.layer}
          onChange={(v) => update({ layer: v })}
          options={[
            { value: 'auto', label: t('video.q_auto') },
            { value: 'high', label: t('video.q_high') },
            { value: 'medium', label: t('video.q_medium') },
            { value: 'low', label: t('video.q_low') },
          ]}
        />
      </div>
    </div>
  );
}
