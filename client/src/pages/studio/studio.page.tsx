import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ModQuestionView } from '../../../../common/qa.contract';
import { errorMessage } from '../../api/errors';
import { sessionWithAgenda } from '../../api/session-agenda';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import { t, useLang } from '../../i18n/i18n';
import { approvedOf, QaModel } from '../../live/qa-model';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { StateBadge } from '../../ui/badge';
import { Button } from '../../ui/button';
import { Select } from '../../ui/field';
import { Icon } from '../../ui/icons';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { toast } from '../../ui/toast';
import { QuestionItem } from '../session/question-item';
import { Spotlight } from '../session/spotlight';
import { useBroadcast } from './broadcast';
import { useLevel, useLocalPreview } from './local-media';
import './studio.css';

/** The speaker's studio: camera, microphone and screen, going on air, and the questions put to them. */
export default function StudioPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const qa = useMemo(() => new QaModel(sessionId), [sessionId]);
  useEffect(() => {
    qa.attach();
    return () => qa.detach();
  }, [qa]);
  const room = useSessionRoom(sessionId, () => void qa.resync().catch(() => undefined));
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const pub = useStore(qa.state);
  const bc = useBroadcast(sessionId);
  const [cameraId, setCameraId] = useState<string | undefined>(undefined);
  const [micId, setMicId] = useState<string | undefined>(undefined);
  const [wantCamera, setWantCamera] = useState(true);
  const [wantMic, setWantMic] = useState(true);
  const caps = room.joined?.capabilities;
  // Devices open only for a confirmed speaker: nobody else's camera light should come on here.
  const local = useLocalPreview(bc.phase === 'off' && caps?.isSpeaker === true, cameraId, micId, wantCamera, wantMic);
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  useTitle(session ? `${t('studio.title')}: ${pickText(session.title, forum?.languages)}` : t('studio.title'));

  const on = bc.phase === 'on';
  const camTrack = on ? bc.camera : local.camera;
  const micTrack = on ? bc.mic : local.mic;
  const level = useLevel(micTrack);
  // The device in use, once known, becomes the selected one.
  useEffect(() => {
    if (!cameraId && camTrack) setCameraId(camTrack.getSettings().deviceId);
    if (!micId && micTrack) setMicId(micTrack.getSettings().deviceId);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- adopts the device of a new track; a choice made since stays
  }, [camTrack, micTrack]);

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  if (caps && !caps.isSpeaker) {
    return (
      <div class="container page">
        <Notice tone="error">{t('studio.not_speaker')}</Notice>
        <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
      </div>
    );
  }
  const state = room.state ?? session.state;
  const answered = (id: string) =>
    ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:answered', { questionId: id }), ModQuestionView).catch((e: unknown) => toast(errorMessage(e), 'error'));
  const chooseCamera = (id: string) => {
    setCameraId(id);
    if (on) void bc.switchDevice('camera', id);
  };
  const chooseMic = (id: string) => {
    setMicId(id);
    if (on) void bc.switchDevice('mic', id);
  };
  const camMuted = on ? bc.muted.has('camera') || !bc.camera : !wantCamera;
  const micMuted = on ? bc.muted.has('mic') || !bc.mic : !wantMic;
  const approved = approvedOf(pub);

  return (
    <div class="container studio">
      <header class="studio-head">
        <p class="eyebrow">
          {t('studio.title')} · <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
        </p>
        <Localized as="h1" text={session.title} prefer={forum?.languages} />
        <p class="console-sub">
          <StateBadge state={state} />
          {on && bc.media === 'connected' && (
            <span class="on-air" role="status">
              <span class="live-dot" aria-hidden="true" /> {t('studio.on_air')}
            </span>
          )}
          {on && bc.media === 'reconnecting' && <span role="status">{t('video.reconnecting')}</span>}
          {room.viewers !== undefined && (
            <span class="viewers">
              <Icon name="eye" size={18} /> {t('session.viewers', { count: room.viewers })}
            </span>
          )}
        </p>
      </header>
      {room.error !== undefined && <ErrorNotice error={room.error} />}
      <div class="studio-grid">
        <section class="studio-stage" aria-labelledby="preview-h">
          <h2 id="preview-h" class="sr-only">
            {t('studio.preview')}
          </h2>
          <Preview camera={camMuted ? undefined : camTrack} screen={on ? bc.screen : undefined} />
          <div class="meter" role="meter" aria-label={t('studio.mic_level')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
            <span style={{ width: `${Math.round(level * 100)}%` }} />
          </div>
          {(local.error !== undefined || bc.error !== undefined) && <ErrorNotice error={bc.error ?? local.error} context={{ forbidden: 'studio.not_live_yet', invalid_state: 'studio.not_live_yet' }} />}
          <div class="studio-controls" role="group" aria-label={t('studio.controls')}>
            <Button class="toggle-btn" aria-pressed={!camMuted} onClick={() => (on ? void bc.toggleMute('camera') : setWantCamera(!wantCamera))}>
              <Icon name="camera" size={18} /> {camMuted ? t('studio.camera_off') : t('studio.camera_on')}
            </Button>
            <Button class="toggle-btn" aria-pressed={!micMuted} onClick={() => (on ? void bc.toggleMute('mic') : setWantMic(!wantMic))}>
              <Icon name="mic" size={18} /> {micMuted ? t('studio.mic_off') : t('studio.mic_on')}
            </Button>
            <Button aria-pressed={Boolean(bc.screen)} onClick={() => void bc.toggleScreen()} disabled={!on}>
              <Icon name="screen" size={18} /> {bc.screen ? t('studio.stop_screen') : t('studio.share_screen')}
            </Button>
            <span class="spacer" />
            {on ? (
              <Button variant="danger" size="lg" onClick={() => bc.stop()}>
                {t('studio.stop')}
              </Button>
            ) : (
              <Button variant="live" size="lg" busy={bc.phase === 'starting'} disabled={state !== 'live' || (!wantCamera && !wantMic)} onClick={() => void bc.start({ camera: wantCamera, mic: wantMic, cameraId, micId })}>
                {t('studio.go_live')}
              </Button>
            )}
          </div>
          {state !== 'live' && <p class="muted small">{t('studio.wait_for_start')}</p>}
          <div class="device-row">
            <Select label={t('studio.camera')} value={cameraId ?? ''} onChange={chooseCamera} options={local.devices.cameras.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('studio.camera')} ${i + 1}` }))} />
            <Select label={t('studio.microphone')} value={micId ?? ''} onChange={chooseMic} options={local.devices.mics.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('studio.microphone')} ${i + 1}` }))} />
          </div>
        </section>
        <section class="studio-questions" aria-labelledby="sq-h">
          <Spotlight question={pub.spotlight} large />
          <h2 id="sq-h" class="panel-title">
            {t('studio.questions')} <span class="count">{approved.length}</span>
          </h2>
          {approved.length === 0 ? (
            <p class="muted">{t('studio.no_questions')}</p>
          ) : (
            <ol class="question-list">
              {approved.map((q) => (
                <QuestionItem
                  key={q.id}
                  q={q}
                  voted={false}
                  canVote={false}
                  spotlit={pub.spotlight?.id === q.id}
                  actions={
                    <Button size="sm" onClick={() => answered(q.id)}>
                      {t('mod.answered')}
                    </Button>
                  }
                />
              ))}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}

function Preview({ camera, screen }: { camera: MediaStreamTrack | undefined; screen: MediaStreamTrack | undefined }) {
  const main = useRef<HTMLVideoElement>(null);
  const pip = useRef<HTMLVideoElement>(null);
  const [big, small] = screen ? [screen, camera] : [camera, undefined];
  useEffect(() => {
    if (main.current) main.current.srcObject = big ? new MediaStream([big]) : null;
  }, [big]);
  useEffect(() => {
    if (pip.current) pip.current.srcObject = small ? new MediaStream([small]) : null;
  }, [small]);
  return (
    <div class="player studio-preview">
      <video ref={main} autoplay playsinline muted class={screen ? '' : 'mirror'} hidden={!big} aria-label={t('studio.preview')} />
      {small && <video ref={pip} autoplay playsinline muted class="pip mirror" aria-hidden="true" />}
      {!big && (
        <div class="player-poster">
          <Icon name="camera" size={40} />
          <p class="poster-title">{t('studio.camera_off')}</p>
        </div>
      )}
    </div>
  );
}
