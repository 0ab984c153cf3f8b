import { useState } from 'preact/hooks';
import { AGENDA_ROUTES } from '../../../../common/agenda.contract';
import { http } from '../../api/http';
import { dateOnly, formatDate } from '../../i18n/format';
import { t, useLang } from '../../i18n/i18n';
import { Link, navigate } from '../../router';
import { loadMe, me, organizedForumIds } from '../../state/me';
import { useStore } from '../../state/store';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { ForumForm } from './forum-form';
import './organize.css';

/** The organizer's start page: their forums, and a new one. */
export default function OrganizePage() {
  useLang();
  useTitle(t('organize.title'));
  const who = useStore(me);
  const [creating, setCreating] = useState(false);
  const forums = useAsync(() => http.call(AGENDA_ROUTES.forums), []);
  if (!who || forums.status === 'loading') return <PageLoading />;
  if (who.actor.kind !== 'account') {
    navigate(`/login?next=${encodeURIComponent('/organize')}`, { replace: true });
    return <PageLoading />;
  }
  if (forums.status === 'error') return <PageError error={forums.error} onRetry={forums.reload} />;
  const mine = organizedForumIds(who);
  const list = forums.data.filter((f) => mine.includes(f.id));
  return (
    <div class="container page">
      <header class="page-head head-row">
        <h1>{t('organize.title')}</h1>
        {who.actor.canCreateForums && !creating && (
          <Button variant="primary" onClick={() => setCreating(true)}>
            {t('organize.create_forum')}
          </Button>
        )}
      </header>
      {creating && (
        <section class="card panel" aria-labelledby="new-forum-h">
          <h2 id="new-forum-h">{t('organize.new_forum')}</h2>
          <ForumForm
            onCancel={() => setCreating(false)}
            onSaved={async (f) => {
              await loadMe(true);
              navigate(`/organize/${f.id}`);
            }}
          />
        </section>
      )}
      {list.length === 0 && !creating ? (
        <Notice>{who.actor.canCreateForums ? t('organize.no_forums_create') : t('organize.no_forums')}</Notice>
      ) : (
        <ul class="org-forums" role="list">
          {list.map((f) => (
            <li key={f.id} class="card org-forum">
              <div>
                <Localized as="h2" text={f.title} prefer={f.languages} />
                <p class="muted">
                  {formatDate(dateOnly(f.startsOn), 'UTC')} · {t('home.days', { count: f.days })} · /f/{f.slug}
                </p>
              </div>
              <div class="org-forum-actions">
                <Link href={`/f/${f.slug}`} class="btn btn-ghost btn-md">
                  {t('organize.public_page')}
                </Link>
                <Link href={`/organize/${f.id}`} class="btn btn-primary btn-md">
                  {t('organize.manage')}
                </Link>
              </div>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
