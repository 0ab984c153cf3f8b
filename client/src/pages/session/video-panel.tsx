import { useEffect, useRef, useState } from 'preact/hooks';
import type { SessionState } from '../../../../common/agenda.contract';
import { WEBRTC_FULL } from '../../../../common/stream.contract';
import { errorMessage } from '../../api/errors';
import { getSocket } from '../../api/socket';
import { formatTime } from '../../i18n/format';
import { t, withPageStrings } from '../../i18n/i18n';
import { useLazy } from '../../ui/lazy';
import { startsIn } from '../../i18n/relative';
import type { Lang } from '../../../../common/base';
import type { CaptionsModel } from '../../live/captions-model';
import { MediaError, watch, type Feed, type Listening, type MediaSession, type MediaState, type Viewer } from '../../media';
import { useStore } from '../../state/store';
import { mark } from '../../state/timeline';
import { useNow } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, Switch } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { ModeBar } from './mode-bar';
import '../../styles/live.css';
import { CaptionOverlay } from './caption-overlay';
import { CaptionChoice, LanguageChoice } from './listen-controls';
import { readListenPrefs, readPrefs, saveListenPrefs, savePrefs, type ListenPrefs, type Prefs } from './player-prefs';
import { useSound } from './sound';
import { claimEarly } from './early-watch';

interface Props {
  sessionId: string;
  state: SessionState;
  startsAt: string;
  timeZone: string;
  captions: CaptionsModel;
}

/** The broadcast area: the live video (or sound only), or what to expect when there is none. */
export function VideoPanel({ sessionId, state, startsAt, timeZone, captions }: Props) {
  const now = useNow();
  if (state === 'ended') return <ReplayPanel sessionId={sessionId} />;
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
  return <LiveStage sessionId={sessionId} captions={captions} />;
}

/** The HLS players and hls.js, fetched only when a page plays HLS (replays, the standard stream), with their strings. */
const loadStage = () => withPageStrings(import('./hls-stage'));

/** An ended session: its recording, if there is one to watch. */
function ReplayPanel({ sessionId }: { sessionId: string }) {
  const stage = useLazy(loadStage, true);
  return stage ? <stage.Replay sessionId={sessionId} /> : <div class="player player-off" aria-busy="true" />;
}

/**
 * A live session: live video (WebRTC) by default; the standard stream (HLS) when WebRTC
 * cannot connect, when its seats are full, or when the viewer chooses it.
 */
function LiveStage({ sessionId, captions }: { sessionId: string; captions: CaptionsModel }) {
  const [standard, setStandard] = useState(() => readPrefs().standard);
  const [fallback, setFallback] = useState<'blocked' | 'full' | undefined>(undefined);
  const hls = standard || fallback !== undefined;
  const stage = useLazy(loadStage, hls);
  const choose = (std: boolean) => {
    savePrefs({ ...readPrefs(), standard: std });
    setStandard(std);
    setFallback(undefined);
  };
  if (!hls) return <LivePlayer sessionId={sessionId} captions={captions} onFallback={setFallback} onStandard={() => choose(true)} />;
  if (!stage) return <div class="player player-off" aria-busy="true" />;
  return <stage.HlsLive sessionId={sessionId} reason={fallback ?? 'chosen'} onBack={() => choose(false)} />;
}

/** With a speaker on air, live video that has received nothing after this long counts as blocked. */
const NO_MEDIA_MS = 8000;

function LivePlayer({ sessionId, captions, onFallback, onStandard }: { sessionId: string; captions: CaptionsModel; onFallback: (why: 'blocked' | 'full') => void; onStandard: () => void }) {
  const [prefs, setPrefs] = useState<Prefs>(readPrefs);
  const [listen, setListen] = useState<ListenPrefs>(readListenPrefs);
  const [listening, setListening] = useState<Listening>({ chosen: listen.channel, hearing: null, fallback: false, floorUnder: listen.floorUnder, channels: [] });
  const cc = useStore(captions.state);
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
    mark('watch-start');
    // A retry always starts afresh; the first attempt takes over the early one if it worked.
    const started = (attempt === 0 ? claimEarly(sessionId) : undefined) ?? watch(getSocket(), sessionId, { audioOnly: prefs.audioOnly, preferredLayer: prefs.layer, listen: { channel: listen.channel, floorUnder: listen.floorUnder } });
    started.then(
      (w) => {
        if (closed) {
          w.viewer.close();
          w.session.close();
          return;
        }
        mark('watch-ready');
        session = w.session;
        viewer.current = w.viewer;
        setFeeds(w.viewer.feeds);
        setListening(w.viewer.listening);
        setMedia(w.session.state);
        offs.push(
          w.viewer.on('feeds', setFeeds),
          w.viewer.on('listening', setListening),
          w.session.on('state', setMedia),
          w.session.on('closed', (why) => why === 'failed' && onFallback('blocked')),
        );
        // Media ports blocked (UDP and TCP): the handshake works, nothing ever arrives.
        const check = async () => {
          if (closed) return;
          const stats = await w.viewer.stats().catch(() => undefined);
          if (closed || !stats) return;
          if (stats.video.packetsReceived + stats.audio.packetsReceived > 0) return;
          if (w.viewer.feeds.length > 0) onFallback('blocked');
          else probe = setTimeout(() => void check(), NO_MEDIA_MS / 2);
        };
        let probe = setTimeout(() => void check(), NO_MEDIA_MS);
        offs.push(() => clearTimeout(probe));
      },
      (e: unknown) => {
        if (closed) return;
        if (e instanceof MediaError && e.details.reason === WEBRTC_FULL) onFallback('full');
        else if (e instanceof MediaError && e.code === 'unsupported') onFallback('blocked');
        else setError(e);
      },
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
  const floor = feeds.filter((f) => f.kind === 'audio' && !f.channel);
  const heard = listening.hearing ? feeds.filter((f) => f.channel === listening.hearing) : floor;
  const under = listening.hearing && listening.floorUnder ? floor : [];
  const sound = [...heard, ...under];
  const speakers = [...new Set(feeds.filter((f) => !f.channel).map((f) => f.speaker.displayName).filter(Boolean))].join(', ');
  useSound(
    audio,
    heard.map((f) => f.track),
    under.map((f) => f.track),
    setSoundBlocked,
  );
  // The remembered caption language comes back with the page.
  useEffect(() => {
    if (listen.captions) void captions.show(listen.captions).catch((e: unknown) => setError(e));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- once per model: later choices go through chooseCaptions
  }, [captions]);

  useEffect(() => {
    const el = main.current;
    if (!el) return;
    el.srcObject = big ? new MediaStream([big.track]) : null;
    if (!big) return;
    void el.play().catch(() => undefined);
    // The first decoded frame on screen, for the viewer-load benchmark.
    mark('video-track');
    if ('requestVideoFrameCallback' in el) el.requestVideoFrameCallback(() => mark('first-frame'));
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a feed object is new on every update; only its track matters
  }, [big?.track]);
  useEffect(() => {
    if (pip.current) pip.current.srcObject = small ? new MediaStream([small.track]) : null;
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a feed object is new on every update; only its track matters
  }, [small?.track]);

  const update = (p: Partial<Prefs>) => {
    const next = { ...prefs, ...p };
    setPrefs(next);
    savePrefs(next);
    const v = viewer.current;
    if (!v) return;
    const done = p.audioOnly !== undefined ? v.setAudioOnly(p.audioOnly) : p.layer ? v.setPreferredLayer(p.layer) : Promise.resolve();
    done.catch((e: unknown) => setError(e));
  };
  const chooseListening = (p: { channel: Lang | null; floorUnder: boolean }) => {
    const next = { ...listen, ...p };
    setListen(next);
    saveListenPrefs(next);
    viewer.current?.listen(p).catch((e: unknown) => setError(e));
  };
  const chooseCaptions = (lang: Lang | null) => {
    const next = { ...listen, captions: lang };
    setListen(next);
    saveListenPrefs(next);
    captions.show(lang).catch((e: unknown) => setError(e));
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
        {cc.lang && cc.lines.length > 0 && <CaptionOverlay lines={cc.lines} lang={cc.lang} />}
        {soundBlocked && sound.length > 0 && (
          <button type="button" class="unmute" onClick={unmute}>
            <Icon name="speaker" size={18} /> {t('video.tap_for_sound')}
          </button>
        )}
      </div>
      <ModeBar mode="webrtc" onSwitch={onStandard} />
      <div class="player-bar">
        <Switch label={t('video.audio_only')} checked={prefs.audioOnly} onChange={(v) => update({ audioOnly: v })} />
        <LanguageChoice listening={listening} onChange={chooseListening} />
        <CaptionChoice tracks={cc.tracks} value={cc.lang} onChange={chooseCaptions} />
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
