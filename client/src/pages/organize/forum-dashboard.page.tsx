import { useEffect, useState } from 'preact/hooks';
import { AGENDA_ROUTES } from '../../../../common/agenda.contract';
import { http } from '../../api/http';
import { t, useLang, type MessageKey } from '../../i18n/i18n';
import type { PageProps } from '../../routes';
import { Link, navigate, queryParam, setQueryParam } from '../../router';
import { holds, me } from '../../state/me';
import { useStore } from '../../state/store';
import { useAsync, useRefresh } from '../../state/use-async';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { revealInStrip } from '../../ui/scroll';
import { toast } from '../../ui/toast';
import { ForumForm } from './forum-form';
import { AttendanceSection } from './attendance.section';
import { OrganizationsSection } from './organizations.section';
import { PlatformsSection } from './platforms.section';
import { RecordingsSection } from './recordings.section';
import { RecsSection } from './recs.section';
import { TrackerSection } from './tracker.section';
import { SessionsSection } from './sessions.section';
import { TeamSection } from './team.section';
import './organize.css';

const TABS = ['sessions', 'recordings', 'recs', 'tracker', 'orgs', 'attendance', 'platforms', 'details', 'team'] as const;
type Tab = (typeof TABS)[number];
const TAB_LABEL: Record<Tab, MessageKey> = {
  sessions: 'organize.tab_sessions',
  recordings: 'broadcast.recordings',
  recs: 'organize.tab_recs',
  tracker: 'organize.tab_tracker',
  orgs: 'org.title',
  attendance: 'organize.tab_attendance',
  platforms: 'organize.tab_platforms',
  details: 'organize.tab_details',
  team: 'organize.tab_team',
};

function isTab(v: string | null): v is Tab {
  return TABS.some((x) => x === v);
}

/** One forum's control room for its organizers. */
export default function ForumDashboardPage({ params }: PageProps) {
  useLang();
  const forumId = params.forumId ?? '';
  const who = useStore(me);
  const agenda = useAsync(() => http.call(AGENDA_ROUTES.agenda, { params: { forum: forumId } }), [forumId]);
  useRefresh(agenda.reload, 15_000);
  const q = queryParam('tab');
  const [tab, setTab] = useState<Tab>(isTab(q) ? q : 'sessions');
  // On a phone the tab strip scrolls: keep the open tab in view.
  useEffect(() => revealInStrip(`otab-${tab}`), [tab, agenda.status]);
  useTitle(agenda.status === 'ready' ? `${t('organize.title')}: ${pickText(agenda.data.forum.title, agenda.data.forum.languages)}` : t('organize.title'));
  if (!who || agenda.status === 'loading') return <PageLoading />;
  if (agenda.status === 'error') return <PageError error={agenda.error} onRetry={agenda.reload} />;
  const a = agenda.data;
  if (who.actor.kind !== 'account') {
    navigate(`/login?next=${encodeURIComponent(`/organize/${forumId}`)}`, { replace: true });
    return <PageLoading />;
  }
  if (!holds(who, 'organizer', a.forum.id)) {
    return (
      <div class="container page">
        <Notice tone="error">{t('error.forbidden')}</Notice>
      </div>
    );
  }
  const choose = (x: Tab) => {
    setTab(x);
    setQueryParam('tab', x);
  };
  const onKey = (e: KeyboardEvent) => {
    const i = TABS.indexOf(tab);
    const to = e.key === 'ArrowRight' ? TABS[(i + 1) % TABS.length] : e.key === 'ArrowLeft' ? TABS[(i - 1 + TABS.length) % TABS.length] : undefined;
    if (!to) return;
    e.preventDefault();
    choose(to);
    document.getElementById(`otab-${to}`)?.focus();
  };
  return (
    <div class="container page org-page">
      <header class="page-head">
        <p class="eyebrow">
          <Link href="/organize">{t('organize.title')}</Link>
        </p>
        <div class="head-row">
          <Localized as="h1" text={a.forum.title} prefer={a.forum.languages} />
          <Link href={`/f/${a.forum.slug}`} class="btn btn-secondary btn-md">
            {t('organize.public_page')}
          </Link>
        </div>
      </header>
      <div class="org-tabs" role="tablist" aria-label={t('organize.sections')} onKeyDown={onKey}>
        {TABS.map((x) => (
          <button key={x} id={`otab-${x}`} type="button" role="tab" class="org-tab" aria-selected={tab === x} aria-controls={`opanel-${x}`} tabIndex={tab === x ? 0 : -1} onClick={() => choose(x)}>
            {t(TAB_LABEL[x])}
          </button>
        ))}
      </div>
      <div id={`opanel-${tab}`} role="tabpanel" aria-labelledby={`otab-${tab}`} class="org-panel">
        {tab === 'sessions' && <SessionsSection agenda={a} onChanged={agenda.reload} />}
        {tab === 'recordings' && <RecordingsSection agenda={a} />}
        {tab === 'recs' && <RecsSection agenda={a} />}
        {tab === 'tracker' && <TrackerSection forum={a.forum} />}
        {tab === 'orgs' && <OrganizationsSection forum={a.forum} />}
        {tab === 'attendance' && <AttendanceSection agenda={a} />}
        {tab === 'platforms' && <PlatformsSection agenda={a} onChanged={agenda.reload} />}
        {tab === 'details' && (
          <section aria-labelledby="details-h">
            <h2 id="details-h">{t('organize.tab_details')}</h2>
            <div class="card panel">
              <ForumForm
                forum={a.forum}
                onSaved={(f) => {
                  toast(t('organize.saved'), 'success');
                  agenda.set({ ...a, forum: f });
                }}
              />
            </div>
          </section>
        )}
        {tab === 'team' && <TeamSection agenda={a} />}
      </div>
    </div>
  );
}
