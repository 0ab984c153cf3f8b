import { AGENDA_ROUTES, type ForumView } from '../../../../common/agenda.contract';
import { http } from '../../api/http';
import { dateOnly, formatDateRange } from '../../i18n/format';
import { t, useLang } from '../../i18n/i18n';
import { Link, navigate } from '../../router';
import { me } from '../../state/me';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { Icon } from '../../ui/icons';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized } from '../../ui/localized';
import { useTitle } from '../../ui/page-title';
import './home.css';

const DAY = 24 * 3600_000;

/** Where a forum stands today, for ordering: running first, then upcoming, then past. */
function phase(f: ForumView, now: number): 'running' | 'upcoming' | 'past' {
  const start = Date.parse(`${f.startsOn}T00:00:00Z`) - DAY; // generous: time zones east of UTC start earlier
  const end = Date.parse(`${f.startsOn}T00:00:00Z`) + (f.days + 1) * DAY;
  if (now < start) return 'upcoming';
  if (now > end) return 'past';
  return 'running';
}

const ORDER = { running: 0, upcoming: 1, past: 2 } as const;

export default function HomePage() {
  useLang();
  useTitle(t('home.title'));
  const who = useStore(me);
  const forums = useAsync(() => http.call(AGENDA_ROUTES.forums), []);
  if (forums.status === 'loading') return <PageLoading />;
  if (forums.status === 'error') return <PageError error={forums.error} onRetry={forums.reload} />;
  const list = forums.data;
  // With a single forum, its agenda is the home page.
  if (list.length === 1 && list[0]) {
    navigate(`/f/${list[0].slug}`, { replace: true });
    return <PageLoading />;
  }
  const now = Date.now();
  const sorted = [...list].sort((a, b) => ORDER[phase(a, now)] - ORDER[phase(b, now)] || (phase(a, now) === 'past' ? b.startsOn.localeCompare(a.startsOn) : a.startsOn.localeCompare(b.startsOn)));
  return (
    <div class="container page">
      <header class="page-head">
        <h1>{t('home.title')}</h1>
        <p class="lead">{t('home.lead')}</p>
      </header>
      {sorted.length === 0 ? (
        <div class="empty">
          <p>{t('home.empty')}</p>
          {who?.actor.canCreateForums && (
            <Link class="btn btn-primary btn-md" href="/organize">
              {t('organize.create_forum')}
            </Link>
          )}
        </div>
      ) : (
        <ul class="forum-list" role="list">
          {sorted.map((f) => {
            const p = phase(f, now);
            const last = new Date(dateOnly(f.startsOn).getTime() + (f.days - 1) * DAY);
            return (
              <li key={f.id}>
                <Link href={`/f/${f.slug}`} class={`forum-card phase-${p}`}>
                  <span class="forum-card-phase">{t(`home.phase_${p}`)}</span>
                  <Localized as="h2" text={f.title} prefer={f.languages} class="forum-card-title" />
                  <span class="forum-card-dates">
                    {formatDateRange(dateOnly(f.startsOn), last, 'UTC')} · {t('home.days', { count: f.days })}
                  </span>
                  <Icon name="chevron" class="forum-card-go" />
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
