import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { AgendaView, SessionView } from '../../../../common/agenda.contract';
import { errorMessage } from '../../api/errors';
import { ack, ACK_TIMEOUT_MS, getSocket } from '../../api/socket';
import { http } from '../../api/http';
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
import { useLocalMedia } from './local-media';
import { ModQuestionView } from '../../../../common/qa.contract';
import './studio.css';

/** The speaker's studio: own camera and microphone, going on air, and the questions put to them. */
export default function StudioPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const qa = useMemo(() => new QaModel(sessionId), [sessionId]);
  useEffect(() => {
    qa.attach();
    return () => qa.detach();
  }, [qa]);
  const room = useSessionRoom(sessionId, () => void qa.resync().catch(() => undefined));
  const info = useAsync(async () => {
    const session = await http.get(`/api/sessions/${encodeURIComponent(sessionId)}`, SessionView);
    return { session, agenda: await http.get(`/api/forums/${session.forumId}`, AgendaView) };
  }, [sessionId]);
  const media = useLocalMedia();
  const pub = useStore(qa.state);
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  useTitle(session ? `${t('studio.title')}: ${pickText(session.title, forum?.languages)}` : t('studio.title'));

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  const caps = room.joined?.capabilities;
  if (caps && !caps.isSpeaker && !caps.isOrganizer) {
    return (
      <div class="container page">
        <Notice tone="error">{t('studio.not_speaker')}</Notice>
      </div>
    );
  }
  const state = room.state ?? session.state;
  const answered = (id: string) =>
    ack(getSocket().timeout(ACK_TIMEOUT_MS).emitWithAck('qa:answered', { questionId: id }), ModQuestionView).catch((e: unknown) => toast(errorMessage(e), 'error'));

  return (
    <div class="container studio">
      <header class="studio-head">
        <div>
          <p class="eyebrow">
            {t('studio.title')} · <Link href={`/s/${session.id}`}>{t('mod.to_public')}</Link>
          </p>
          <Localized as="h1" text={session.title} prefer={forum?.languages} />
          <p class="console-sub">
            <StateBadge state={state} />
            {room.viewers !== undefined && (
              <span class="viewers">
                <Icon name="eye" size={18} /> {t('session.viewers', { count: room.viewers })}
              </span>
            )}
          </p>
        </div>
      </header>
      {room.error !== undefined && <ErrorNotice error={room.error} />}
      <div class="studio-grid">
        <section class="studio-stage" aria-labelledby="preview-h">
          <h2 id="preview-h" class="sr-only">
            {t('studio.preview')}
          </h2>
          <Preview camera={media.camera} screen={media.screen} />
          {media.error !== undefined && <Notice tone="error">{t('studio.device_error')}</Notice>}
          <div class="device-row">
            <Select label={t('studio.camera')} value={media.cameraId ?? ''} onChange={media.setCameraId} options={media.devices.cameras.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('studio.camera')} ${i + 1}` }))} />
            <Select label={t('studio.microphone')} value={media.micId ?? ''} onChange={media.setMicId} options={media.devices.mics.map((d, i) => ({ value: d.deviceId, label: d.label || `${t('studio.microphone')} ${i + 1}` }))} />
          </div>
        </section>
        <section class="studio-questions" aria-labelledby="sq-h">
          <Spotlight question={pub.spotlight} large />
          <h2 id="sq-h" class="panel-title">
            {t('studio.questions')}
          </h2>
          {approvedOf(pub).length === 0 ? (
            <p class="muted">{t('qa.none_yet')}</p>
          ) : (
            <ol class="question-list">
              {approvedOf(pub).map((q) => (
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
      <video ref={main} autoplay playsinline muted class={screen ? '' : 'mirror'} />
      {small && <video ref={pip} autoplay playsinline muted class="pip mirror" />}
    </div>
  );
}
