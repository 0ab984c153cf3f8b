import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { sessionWithAgenda } from '../../api/session-agenda';
import { t, useLang } from '../../i18n/i18n';
import { FloorModel } from '../../live/floor-model';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, Switch } from '../../ui/field';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { useBroadcast } from '../studio/broadcast';
import { useLevel, useLocalPreview } from '../studio/local-media';
import { Countdown } from './countdown';
import '../studio/studio.css';
import './floor.css';

/**
 * An invited citizen's page: a device check (microphone required, camera optional, level meter),
 * then the green room, where the moderators see and hear them, then the stage with its countdown.
 * What they may publish is decided on the server by their turn; this page follows it.
 */
export default function FloorPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const floor = useMemo(() => new FloorModel(sessionId), [sessionId]);
  const [syncError, setSyncError] = useState<unknown>(undefined);
  useEffect(() => {
    floor.attach();
    return () => floor.detach();
  }, [floor]);
  const room = useSessionRoom(sessionId, () => void floor.resync().then(() => setSyncError(undefined), setSyncError));
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const { mine } = useStore(floor.state);
  const bc = useBroadcast(sessionId);
  const [cameraId, setCameraId] = useState<string | undefined>(undefined);
  const [micId, setMicId] = useState<string | undefined>(undefined);
  const [wantCamera, setWantCamera] = useState(true);
  const granted = mine?.status === 'invited' || mine?.status === 'live';
  const local = useLocalPreview(bc.phase === 'off' && granted, cameraId, micId, wantCamera, true);
  const on = bc.phase === 'on';
  const camTrack = on ? bc.camera : local.camera;
  const micTrack = on ? bc.mic : local.mic;
  const level = useLevel(micTrack);
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  useTitle(session ? `${t('floor.room_title')}: ${pickText(session.title, forum?.languages)}` : t('floor.room_title'));

  // The turn is over (ended, declined, time up): the server has closed the tracks; let the devices go too.
  const over = mine !== null && !granted;
  useEffect(() => {
    if (over && bc.phase !== 'off') bc.stop();
  // eslint-disable-next-line react-hooks/exhaustive-deps -- reacts to the turn ending, not to each render of the broadcast
  }, [over]);

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session || !room.joined) return <PageLoading />;
  const back = (
    <Link href={`/s/${session.id}`} class="btn btn-secondary">
      {t('floor.to_session')}
    </Link>
  );
  if (!granted) {
    return (
      <div class="container page floor-page">
        <h1>{t('floor.room_title')}</h1>
        <Notice tone={mine?.status === 'done' ? 'success' : 'info'}>{mine?.status === 'done' ? t('floor.over') : t('floor.not_invited')}</Notice>
        {back}
      </div>
    );
  }
  const leave = () => {
    bc.stop();
    void floor.withdraw(mine.id).catch(setSyncError);
  };

  return (
    <div class="container floor-page">
      <header class="studio-head">
        <p class="eyebrow">
          {t('floor.room_title')} · <Link href={`/s/${session.id}`}>{t('floor.to_session')}</Link>
        </p>
        <Localized as="h1" text={session.title} prefer={forum?.languages} />
        <p class="floor-topic">{mine.topic}</p>
      </header>
      {(room.error !== undefined || syncError !== undefined) && <ErrorNotice error={room.error ?? syncError} />}
      <div role="status" class={`floor-state${mine.status === 'live' ? ' is-live' : ''}`}>
        {!on ? t('floor.room_intro') : mine.status === 'live' ? t('floor.on_air') : t('floor.waiting')}
        {mine.status === 'live' && mine.endsAt && <Countdown endsAt={mine.endsAt} />}
      </div>
      {mine.muted && <Notice tone="warning">{t('floor.muted_by_mod')}</Notice>}
      <section class="studio-stage" aria-labelledby="check-h">
        <h2 id="check-h">{t('floor.device_check')}</h2>
        <Preview camera={camTrack} />
        <div class="meter" role="meter" aria-label={t('floor.mic_level')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(level * 100)}>
          <span style={{ width: `${Math.round(level * 100)}%` }} />
        </div>
        {(local.error !== undefined || bc.error !== undefined) && <ErrorNotice error={bc.error ?? local.error} />}
        {!on && (
          <div class="device-row">
            <Switch label={t('floor.use_camera')} checked={wantCamera} onChange={setWantCamera} />
            <Select label={t('floor.camera')} value={cameraId ?? ''} onChange={setCameraId} options={local.devices.cameras.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('floor.camera')} ${i + 1}` }))} />
            <Select label={t('floor.microphone')} value={micId ?? ''} onChange={setMicId} options={local.devices.mics.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('floor.microphone')} ${i + 1}` }))} />
          </div>
        )}
        <div class="studio-controls">
          {on ? (
            <Button variant="danger" onClick={leave}>
              {mine.status === 'live' ? t('floor.end_my_turn') : t('floor.leave')}
            </Button>
          ) : (
            <Button variant="live" size="lg" busy={bc.phase === 'starting'} disabled={!micTrack} onClick={() => void bc.start({ camera: wantCamera, mic: true, cameraId, micId })}>
              {t('floor.join_room')}
            </Button>
          )}
        </div>
      </section>
    </div>
  );
}

function Preview({ camera }: { camera: MediaStreamTrack | undefined }) {
  const el = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (el.current) el.current.srcObject = camera ? new MediaStream([camera]) : null;
  }, [camera]);
  return (
    <div class="player studio-preview">
      <video ref={el} autoplay playsinline muted class="mirror" hidden={!camera} aria-label={t('floor.preview')} />
    </div>
  );
}
