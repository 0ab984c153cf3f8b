import { useEffect, useState } from 'preact/hooks';
import { AGENDA_ROUTES, type AgendaView, type ForumView } from '../../../../common/agenda.contract';
import { RECS_ROUTES } from '../../../../common/recs.contract';
import { http } from '../../api/http';
import { dateOnly, formatDateRange, formatDayLong, utcOffset } from '../../i18n/format';
import { t, useLang } from '../../i18n/i18n';
import type { PageProps } from '../../routes';
import { Link, queryParam, setQueryParam } from '../../router';
import { useAsync, useNow, useRefresh } from '../../state/use-async';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { useTitle } from '../../ui/page-title';
import { revealInStrip } from '../../ui/scroll';
import { Tallies } from '../../ui/tallies';
import { publishedForumSet } from './tracker.page';
import { agendaDays, byPlatform, defaultDay, liveSessions, nextSessions, recentlyEnded, type AgendaDay } from './agenda-model';
import { SessionCard } from './session-card';
import './home.css';
import { OrganizationsSection } from './organizations.section';

const REFRESH_MS = 30_000;

export default function ForumPage({ params }: PageProps) {
  const l = useLang();
  const slug = params.slug ?? '';
  const agenda = useAsync(() => http.call(AGENDA_ROUTES.agenda, { params: { forum: slug } }), [slug]);
  // Session states change on the server; a light poll keeps "live now" honest without a socket.
  useRefresh(agenda.reload, REFRESH_MS);
  const now = useNow();
  useTitle(agenda.status === 'ready' ? pickText(agenda.data.forum.title, agenda.data.forum.languages) : undefined);
  if (agenda.status === 'loading') return <PageLoading />;
  if (agenda.status === 'error') return <PageError error={agenda.error} onRetry={agenda.reload} />;
  const a = agenda.data;
  const live = liveSessions(a);
  const next = nextSessions(a);
  const ended = recentlyEnded(a);
  const platformOf = (id: string) => a.platforms.find((p) => p.id === id);
  return (
    <div class="forum-page" key={l}>
      <ForumHero forum={a.forum} />
      <div class="container page">
        <div class="now-grid">
          <section aria-labelledby="live-h" class="now-block">
            <h2 id="live-h" class="section-title">
              {t('agenda.live_now')}
              {live.length > 0 && <span class="count-pill">{live.length}</span>}
            </h2>
            {live.length === 0 ? (
              <p class="muted">{t('agenda.nothing_live')}</p>
            ) : (
              <div class="card-list">
                {live.map((s) => (
                  <SessionCard key={s.id} session={s} forum={a.forum} platform={platformOf(s.platformId)} now={now} variant="feature" />
                ))}
              </div>
            )}
          </section>
          <section aria-labelledby="next-h" class="now-block">
            <h2 id="next-h" class="section-title">{t('agenda.up_next')}</h2>
            {next.length === 0 ? (
              <p class="muted">{t('agenda.nothing_next')}</p>
            ) : (
              <div class="card-list">
                {next.map((s) => (
                  <SessionCard key={s.id} session={s} forum={a.forum} platform={platformOf(s.platformId)} now={now} withDay />
                ))}
              </div>
            )}
          </section>
        </div>
        {ended.length > 0 && (
          <section aria-labelledby="ended-h" class="now-block">
            <h2 id="ended-h" class="section-title">{t('agenda.recently_ended')}</h2>
            <div class="card-list">
              {ended.map((s) => (
                <SessionCard key={s.id} session={s} forum={a.forum} platform={platformOf(s.platformId)} now={now} withDay />
              ))}
            </div>
          </section>
        )}
        <TrackerTeaser forumId={a.forum.id} slug={a.forum.slug} />
        <Agenda agenda={a} now={now} />
        <OrganizationsSection forum={a.forum} />
      </div>
    </div>
  );
}

/** Once the forum-wide recommendations are published: how many were carried out, and where to read more. */
function TrackerTeaser({ forumId, slug }: { forumId: string; slug: string }) {
  const data = useAsync(async () => {
    const published = await publishedForumSet(forumId);
    return published ? http.call(RECS_ROUTES.tracker, { params: { forum: forumId } }) : undefined;
  }, [forumId]);
  if (data.status !== 'ready' || !data.data) return null;
  return (
    <section class="card panel tracker-teaser" aria-labelledby="teaser-h">
      <h2 id="teaser-h" class="section-title">
        {t('tracker.title')}
      </h2>
      <Tallies tallies={data.data.tallies} />
      <p>
        <Link href={`/f/${slug}/tracker`}>{t('tracker.read_more')}</Link>
      </p>
    </section>
  );
}

function ForumHero({ forum }: { forum: ForumView }) {
  const first = dateOnly(forum.startsOn);
  const last = new Date(first.getTime() + (forum.days - 1) * 24 * 3600_000);
  const localZone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const differs = utcOffset(localZone) !== utcOffset(forum.timeZone);
  return (
    <section class="hero">
      <div class="container">
        <p class="hero-dates">
          {formatDateRange(first, last, 'UTC')} · {t('home.days', { count: forum.days })}
        </p>
        <Localized as="h1" text={forum.title} prefer={forum.languages} class="hero-title" />
        <Localized as="p" text={forum.description} prefer={forum.languages} class="hero-desc" />
        <p class="hero-zone">
          {t('agenda.times_in_zone', { zone: forum.timeZone.split('/').pop()?.replace(/_/g, ' ') ?? forum.timeZone, offset: utcOffset(forum.timeZone) })}
          {differs && ` ${t('agenda.zone_differs', { offset: utcOffset(localZone) })}`}
        </p>
      </div>
    </section>
  );
}

function Agenda({ agenda: a, now }: { agenda: AgendaView; now: number }) {
  const days = agendaDays(a);
  const [selected, setSelected] = useState<string | undefined>(() => {
    const n = Number(queryParam('day'));
    return days[n - 1]?.key ?? defaultDay(days, a.forum.timeZone, now);
  });
  const day = days.find((d) => d.key === selected) ?? days[0];
  useEffect(() => {
    if (day) revealInStrip(`day-tab-${day.index}`);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- runs when the chosen day changes, not on every render's new object
  }, [day?.key]);
  const choose = (d: AgendaDay) => {
    setSelected(d.key);
    setQueryParam('day', String(d.index));
  };
  // Arrow keys move between day tabs, as in any tab list.
  const onKey = (e: KeyboardEvent) => {
    if (!day) return;
    const i = days.indexOf(day);
    const to = e.key === 'ArrowRight' ? days[i + 1] : e.key === 'ArrowLeft' ? days[i - 1] : e.key === 'Home' ? days[0] : e.key === 'End' ? days[days.length - 1] : undefined;
    if (!to) return;
    e.preventDefault();
    choose(to);
    document.getElementById(`day-tab-${to.index}`)?.focus();
  };
  return (
    <section aria-labelledby="agenda-h" class="agenda">
      <h2 id="agenda-h" class="section-title">{t('agenda.title')}</h2>
      <div class="day-tabs" role="tablist" aria-label={t('agenda.days')} onKeyDown={onKey}>
        {days.map((d) => (
          <button
            key={d.key}
            id={`day-tab-${d.index}`}
            type="button"
            role="tab"
            class="day-tab"
            aria-selected={d === day}
            aria-controls="day-panel"
            tabIndex={d === day ? 0 : -1}
            onClick={() => choose(d)}
          >
            <span class="day-tab-n">{t('agenda.day_n', { n: d.index })}</span>
            <span class="day-tab-date">{formatDayLong(dateOnly(d.key), 'UTC')}</span>
            {d.sessions.some((s) => s.state === 'live') && <span class="live-dot" aria-label={t('state.live')} />}
          </button>
        ))}
      </div>
      <div id="day-panel" role="tabpanel" aria-labelledby={day ? `day-tab-${day.index}` : undefined} class="day-panel">
        {!day || day.sessions.length === 0 ? (
          <p class="muted">{t('agenda.empty_day')}</p>
        ) : (
          byPlatform(a.platforms, day.sessions).map((g) => (
            <section key={g.platform?.id ?? 'none'} class="platform-group" aria-label={g.platform ? pickText(g.platform.title, a.forum.languages) : undefined}>
              <h3 class="platform-title">
                {g.platform ? <Localized text={g.platform.title} prefer={a.forum.languages} /> : t('agenda.no_platform')}
              </h3>
              <div class="card-list">
                {g.sessions.map((s) => (
                  <SessionCard key={s.id} session={s} forum={a.forum} now={now} />
                ))}
              </div>
            </section>
          ))
        )}
      </div>
    </section>
  );
}
