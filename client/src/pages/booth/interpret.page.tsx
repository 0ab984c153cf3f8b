import { useEffect, useRef, useState } from 'preact/hooks';
import { LANG_NAMES, type Lang } from '../../../../common/base';
import { BoothView } from '../../../../common/interpretation.contract';
import { sessionWithAgenda } from '../../api/session-agenda';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import { t, useLang } from '../../i18n/i18n';
import { isLang } from '../../i18n/lang';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { PageError, PageLoading } from '../../ui/loading';
import { pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { useSound } from '../session/sound';
import { useLevel } from '../studio/local-media';
import { useFloor } from './floor';
import { FloorView } from './floor-view';
import { useChannelMic } from './use-channel-mic';
import { BoothHead } from './booth-head';
import './booth.css';

const FLOOR = 'floor';

/**
 * The interpreter's booth: hears the floor (or, relaying, another channel) with the least delay,
 * sees the speaker and the screen, and puts the interpreter's microphone on air in their
 * channel with one switch; mute, a hold-to-cough button and a level meter beside it.
 */
export default function InterpretPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const [booth, setBooth] = useState<BoothView | undefined>(undefined);
  const [boothError, setBoothError] = useState<unknown>(undefined);
  const room = useSessionRoom(sessionId, () => {
    ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('interp:booth', { sessionId }), BoothView).then(setBooth, setBoothError);
  });
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const [lang, setLang] = useState<Lang | undefined>(undefined);
  const [micId, setMicId] = useState<string | undefined>(undefined);
  const [mics, setMics] = useState<MediaDeviceInfo[]>([]);
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  const state = room.state ?? session?.state;
  const mine = booth?.languages ?? [];
  const myLang = lang && mine.includes(lang) ? lang : mine[0];
  const floor = useFloor(sessionId, state === 'live' && mine.length > 0);
  const booth$ = useChannelMic(floor.session, myLang, micId);
  const mic = booth$.mic;
  const level = useLevel(mic?.track);
  const audio = useRef<HTMLAudioElement>(null);
  const [soundBlocked, setSoundBlocked] = useState(false);
  const hearing = floor.listening?.hearing ?? null;
  const heard = floor.feeds.filter((f) => f.kind === 'audio' && (hearing ? f.channel === hearing : !f.channel));
  useSound(audio, heard.map((f) => f.track), [], setSoundBlocked);
  useTitle(session ? `${t('interp.title')}: ${pickText(session.title, forum?.languages)}` : t('interp.title'));

  useEffect(() => {
    if (!mic) return;
    // Device names are readable once the microphone is open.
    void navigator.mediaDevices.enumerateDevices().then((all) => setMics(all.filter((d) => d.kind === 'audioinput')));
  }, [mic]);

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  if (boothError !== undefined) {
    return (
      <div class="container page">
        <ErrorNotice error={boothError} context={{ forbidden: 'interp.not_interpreter' }} />
        <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
      </div>
    );
  }
  const onAir = mic?.onAir === true;
  const channel = mic?.channel ?? booth?.channels.find((c) => c.lang === myLang);
  const relays = (floor.listening?.channels ?? booth?.channels ?? []).filter((c) => c.lang !== myLang);
  const colleague = channel?.live && !onAir ? channel.interpreter?.displayName : undefined;
  const silent = mic ? mic.muted || mic.coughing : false;
  const cough = (held: boolean) => mic?.setCough(held);

  return (
    <div class="container booth">
      <BoothHead titleKey="interp.title" session={session} languages={forum?.languages} state={state}>
        {myLang && (
          <span class="booth-lang" lang={myLang}>
            {t('interp.channel')}: {LANG_NAMES[myLang]}
          </span>
        )}
        <span class={`air-state${onAir ? ' is-on' : ''}`} role="status" data-on-air={onAir ? 'true' : 'false'}>
          {onAir && <span class="live-dot" aria-hidden="true" />}
          {onAir ? t('interp.on_air') : t('interp.off_air')}
        </span>
      </BoothHead>
      {room.error !== undefined && <ErrorNotice error={room.error} />}
      <div class="booth-grid">
        <section class="booth-stage" aria-labelledby="floor-h">
          <h2 id="floor-h" class="sr-only">
            {t('interp.floor_video')}
          </h2>
          <FloorView feeds={floor.feeds} poster={state !== 'live' ? t('interp.wait_for_start') : floor.media === 'starting' ? t('interp.connecting') : undefined} />
          <audio ref={audio} autoplay />
          {soundBlocked && heard.length > 0 && (
            <Button class="booth-unmute" onClick={() => void audio.current?.play().then(() => setSoundBlocked(false), () => undefined)}>
              <Icon name="speaker" size={18} /> {t('video.tap_for_sound')}
            </Button>
          )}
          <Select
            label={t('interp.listen_to')}
            value={floor.listening?.chosen ?? FLOOR}
            onChange={(v) => floor.relay(isLang(v) ? v : null)}
            options={[{ value: FLOOR, label: t('interp.floor') }, ...relays.map((c) => ({ value: c.lang, label: `${t('interp.relay', { lang: LANG_NAMES[c.lang] })} · ${c.live ? t('listen.live') : t('listen.idle')}` }))]}
          />
          {floor.listening?.fallback && <Notice tone="info">{t('interp.relay_idle')}</Notice>}
        </section>
        <section class="booth-console" aria-labelledby="console-h">
          <h2 id="console-h" class="panel-title">
            {t('interp.controls')}
          </h2>
          {mine.length > 1 && (
            <Select label={t('interp.channel')} value={myLang ?? mine[0]!} onChange={(v) => setLang(v)} options={mine.map((l) => ({ value: l, label: LANG_NAMES[l] }))} />
          )}
          {(booth$.error !== undefined || floor.error !== undefined) && <ErrorNotice error={booth$.error ?? floor.error} context={{ invalid_state: 'interp.wait_for_start' }} />}
          {booth$.handedTo !== undefined && <Notice tone="warning">{t('interp.handed_over', { name: booth$.handedTo ?? '—' })}</Notice>}
          <Button variant={onAir ? 'danger' : 'live'} size="lg" class="air-switch" aria-pressed={onAir} busy={booth$.busy} disabled={!mic || state !== 'live'} onClick={() => void booth$.toggleAir()}>
            <Icon name="mic" size={22} /> {onAir ? t('interp.leave_air') : t('interp.go_on_air')}
          </Button>
          <p class="booth-status">
            {onAir && myLang ? t('interp.you_on_air', { lang: LANG_NAMES[myLang] }) : colleague ? t('interp.colleague_on_air', { name: colleague }) : t('interp.channel_idle')}
          </p>
          <div class="meter" role="meter" aria-label={t('studio.mic_level')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={silent ? 0 : Math.round(level * 100)}>
            <span style={{ width: `${silent ? 0 : Math.round(level * 100)}%` }} />
          </div>
          <div class="booth-buttons" role="group" aria-label={t('interp.controls')}>
            <Button class="toggle-btn" aria-pressed={mic?.muted ?? false} disabled={!mic} onClick={() => mic?.setMuted(!mic.muted)}>
              <Icon name="mic" size={18} /> {mic?.muted ? t('interp.muted') : t('interp.mute')}
            </Button>
            <Button
              class="cough-btn"
              aria-pressed={mic?.coughing ?? false}
              disabled={!mic}
              onPointerDown={() => cough(true)}
              onPointerUp={() => cough(false)}
              onPointerLeave={() => cough(false)}
              onKeyDown={(e) => (e.key === ' ' || e.key === 'Enter') && (e.preventDefault(), cough(true))}
              onKeyUp={(e) => (e.key === ' ' || e.key === 'Enter') && cough(false)}
            >
              {t('interp.cough')}
            </Button>
          </div>
          <Select label={t('studio.microphone')} value={micId ?? mic?.track.getSettings().deviceId ?? ''} onChange={setMicId} options={mics.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('studio.microphone')} ${i + 1}` }))} />
        </section>
      </div>
    </div>
  );
}
