import { useEffect, useMemo, useState } from 'preact/hooks';
import { sessionWithAgenda } from '../../api/session-agenda';
import { formatDayLong, formatTime } from '../../i18n/format';
import { formatNumber, t, useLang, withPageStrings } from '../../i18n/i18n';
import { CaptionsModel } from '../../live/captions-model';
import { PollsModel } from '../../live/polls-model';
import { FloorModel } from '../../live/floor-model';
import { QaModel } from '../../live/qa-model';
import { useSessionRoom } from '../../live/session-room';
import type { PageProps } from '../../routes';
import { Link, queryParam, setQueryParam } from '../../router';
import { holds, me } from '../../state/me';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { StateBadge } from '../../ui/badge';
import { Icon } from '../../ui/icons';
import { PageError, PageLoading, Spinner } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { ErrorNotice } from '../../ui/notice';
import { useLazy } from '../../ui/lazy';
import { useTitle } from '../../ui/page-title';
import { QaPanel } from './qa-panel';
import { DelayedSpotlight } from './spotlight';
import { dropEarlyWatch, watchEarly } from './early-watch';
import { mark } from '../../state/timeline';
import { VideoPanel } from './video-panel';
import './session.css';

type Tab = 'qa' | 'recs';

// Parts that not every viewer sees are fetched when they appear, not before the first frame.
// Those that show strings the page's first view does not come with them (i18n.ts `pages`).
const loadPolls = () => withPageStrings(import('./polls-panel'));
const loadFloor = () => import('../floor/floor-panel');
const loadRecs = () => withPageStrings(import('./recs-panel'));
const loadTranscripts = () => withPageStrings(import('../../ui/transcripts'));

mark('page-module');

/** The citizen's view of a session: the broadcast, the questions and the recommendations. */
export default function SessionPage({ params }: PageProps) {
  useLang();
  const sessionId = params.sessionId ?? '';
  const who = useStore(me);
  const qa = useMemo(() => new QaModel(sessionId), [sessionId]);
  const captions = useMemo(() => new CaptionsModel(sessionId), [sessionId]);
  const polls = useMemo(() => new PollsModel(sessionId), [sessionId]);
  const floor = useMemo(() => new FloorModel(sessionId), [sessionId]);
  const [liveError, setLiveError] = useState<unknown>(undefined);
  // Open the broadcast at once, in parallel with the page's data; it is released if unused.
  useState(() => watchEarly(sessionId));
  useEffect(() => () => dropEarlyWatch(sessionId), [sessionId]);
  useEffect(() => {
    qa.attach();
    captions.attach();
    polls.attach();
    floor.attach();
    return () => {
      qa.detach();
      captions.detach();
      polls.detach();
      floor.detach();
    };
  }, [qa, captions, polls, floor]);
  // Snapshots follow the join, as the contract asks, after every join (reconnects included).
  const room = useSessionRoom(sessionId, () => {
    Promise.all([qa.resync(), captions.resync(), polls.resync(), floor.resync()]).then(() => setLiveError(undefined), setLiveError);
  });
  const info = useAsync(() => sessionWithAgenda(sessionId), [sessionId]);
  const qaState = useStore(qa.state);
  const [tab, setTab] = useState<Tab>(queryParam('tab') === 'recs' ? 'recs' : 'qa');
  const session = room.joined?.session ?? (info.status === 'ready' ? info.data.session : undefined);
  const forum = info.status === 'ready' ? info.data.agenda.forum : undefined;
  useTitle(session ? pickText(session.title, forum?.languages) : undefined);
  const pollsUi = useLazy(loadPolls, useStore(polls.state).polls.some((p) => p.state !== 'draft'));
  // The floor's ask form is for every viewer of a live session; who holds the floor, whenever someone does.
  const onFloor = useStore(floor.state).stage !== null;
  const current = room.state ?? session?.state;
  const floorUi = useLazy(loadFloor, current === 'live' || onFloor);
  // The Q&A tab is the one open on arrival; the recommendations' tab (code and data) comes when chosen.
  const recsUi = useLazy(loadRecs, tab === 'recs');
  const transcriptsUi = useLazy(loadTranscripts, current === 'ended');

  if (info.status === 'error' && !room.joined) return <PageError error={info.error} onRetry={info.reload} />;
  if (!session) return <PageLoading />;
  mark('session-known');
  const state = room.state ?? session.state;
  const live = state === 'live';
  const platform = info.status === 'ready' ? info.data.agenda.platforms.find((p) => p.id === session.platformId) : undefined;
  const tz = forum?.timeZone ?? 'UTC';
  const choose = (x: Tab) => {
    setTab(x);
    setQueryParam('tab', x === 'qa' ? null : x);
  };
  const moderates = forum ? holds(who, 'moderator', forum.id, session.id) : false;
  const speaks = forum ? holds(who, 'speaker', forum.id, session.id) : false;
  const interprets = forum ? holds(who, 'interpreter', forum.id, session.id) : false;
  const captionsHere = forum ? holds(who, 'captioner', forum.id, session.id) : false;

  return (
    <div class="container session-page">
      <nav class="crumbs" aria-label={t('session.breadcrumbs')}>
        {forum && (
          <Link href={`/f/${forum.slug}`}>
            <Localized text={forum.title} prefer={forum.languages} />
          </Link>
        )}
        {platform && (
          <>
            <span aria-hidden="true"> › </span>
            <Localized text={platform.title} prefer={forum?.languages} />
          </>
        )}
      </nav>
      <header class="session-head">
        <div class="session-head-main">
          <Localized as="h1" text={session.title} prefer={forum?.languages} class="session-h1" />
          <p class="session-sub">
            <StateBadge state={state} />
            <span>
              {formatDayLong(session.startsAt, tz)}, {formatTime(session.startsAt, tz)}–{formatTime(session.endsAt, tz)}
            </span>
            {room.viewers !== undefined && live && (
              <span class="viewers" title={t('session.viewers', { count: room.viewers })}>
                <Icon name="eye" size={18} />
                <span aria-hidden="true">{formatNumber(room.viewers)}</span>
                <span class="sr-only">{t('session.viewers', { count: room.viewers })}</span>
              </span>
            )}
          </p>
        </div>
        {(moderates || speaks || interprets || captionsHere) && (
          <div class="staff-links">
            {moderates && (
              <Link href={`/s/${session.id}/moderate`} class="btn btn-secondary btn-sm">
                {t('agenda.moderate')}
              </Link>
            )}
            {speaks && (
              <Link href={`/s/${session.id}/studio`} class="btn btn-secondary btn-sm">
                {t('agenda.studio')}
              </Link>
            )}
            {interprets && (
              <Link href={`/s/${session.id}/interpret`} class="btn btn-secondary btn-sm">
                {t('agenda.interpret')}
              </Link>
            )}
            {captionsHere && (
              <Link href={`/s/${session.id}/caption`} class="btn btn-secondary btn-sm">
                {t('agenda.caption')}
              </Link>
            )}
          </div>
        )}
      </header>
      {room.error !== undefined && <ErrorNotice error={room.error} />}
      {liveError !== undefined && <ErrorNotice error={liveError} />}
      <div class="session-grid">
        <div class="session-stage">
          <VideoPanel sessionId={session.id} state={state} startsAt={session.startsAt} timeZone={tz} captions={captions} />
          <DelayedSpotlight question={qaState.spotlight} />
          {pollsUi && <pollsUi.PollsPanel model={polls} live={live} prefer={forum?.languages} />}
          {floorUi && <floorUi.FloorStage model={floor} />}
        </div>
        <div class="session-about">
          {session.speakers.length > 0 && (
            <section class="about" aria-labelledby="speakers-h">
              <h2 id="speakers-h" class="panel-title">
                {t('session.speakers')}
              </h2>
              <ul class="speaker-list">
                {session.speakers.map((sp, i) => (
                  <li key={i}>
                    <strong>{sp.name}</strong>
                    {sp.affiliation && <Localized text={sp.affiliation} prefer={forum?.languages} class="muted block small" />}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <Localized as="p" text={session.description} prefer={forum?.languages} class="session-desc" />
          {live && floorUi && <floorUi.FloorPanel model={floor} live={live} />}
          {state === 'ended' && transcriptsUi && <transcriptsUi.TranscriptsRow sessionId={session.id} canPublish={false} />}
        </div>
        <aside class="session-side card" aria-label={t('session.participate')}>
          <div class="side-tabs" role="tablist" aria-label={t('session.participate')}>
            <button type="button" role="tab" id="tab-qa" aria-controls="panel-qa" aria-selected={tab === 'qa'} tabIndex={tab === 'qa' ? 0 : -1} class="side-tab" onClick={() => choose('qa')} onKeyDown={(e) => e.key === 'ArrowRight' && (choose('recs'), document.getElementById('tab-recs')?.focus())}>
              {t('session.tab_qa')}
            </button>
            <button type="button" role="tab" id="tab-recs" aria-controls="panel-recs" aria-selected={tab === 'recs'} tabIndex={tab === 'recs' ? 0 : -1} class="side-tab" onClick={() => choose('recs')} onKeyDown={(e) => e.key === 'ArrowLeft' && (choose('qa'), document.getElementById('tab-qa')?.focus())}>
              {t('session.tab_recs')}
            </button>
          </div>
          <div id={`panel-${tab}`} role="tabpanel" aria-labelledby={`tab-${tab}`} class="side-panel">
            {tab === 'qa' ? <QaPanel model={qa} live={live} /> : recsUi ? <recsUi.RecsTab sessionId={session.id} joined={room.joined} live={live} ended={state === 'ended'} /> : <Spinner />}
          </div>
        </aside>
      </div>
    </div>
  );
}
