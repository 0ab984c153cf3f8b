import { AGENDA_ROUTES } from '../../../../common/agenda.contract';
import { RECS_ROUTES, type CompileRevisionView } from '../../../../common/recs.contract';
import { http } from '../../api/http';
import { lang, t, useLang } from '../../i18n/i18n';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useAsync } from '../../state/use-async';
import { Downloads } from '../../ui/downloads';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { Tallies } from '../../ui/tallies';
import { TrackerItemHead } from '../../ui/tracker-item';
import { MonthlyChart, TrackerProgress, TrackerTimeline, useFeedLink } from '../../ui/tracker-follow';
import './home.css';

/** The newest published forum-wide set, if any; citizens only ever receive published ones. */
export async function publishedForumSet(forumId: string): Promise<CompileRevisionView | undefined> {
  const list = await http.call(RECS_ROUTES.forumCompilations, { params: { forumId } });
  return list.filter((r) => r.status === 'done' && r.publishedAt !== null).sort((a, b) => b.revision - a.revision)[0];
}

/** What became of a forum's recommendations, item by item: public once the set is published. */
export default function TrackerPage({ params }: PageProps) {
  useLang();
  const slug = params.slug ?? '';
  const data = useAsync(async () => {
    const agenda = await http.call(AGENDA_ROUTES.agenda, { params: { forum: slug } });
    const published = await publishedForumSet(agenda.forum.id);
    const tracker = published ? await http.call(RECS_ROUTES.tracker, { params: { forum: agenda.forum.id } }) : undefined;
    return { agenda, published, tracker };
  }, [slug]);
  const feed = data.status === 'ready' && data.data.tracker ? http.href(RECS_ROUTES.trackerFeed, { params: { forum: data.data.agenda.forum.slug }, query: { lang: lang.get() } }) : undefined;
  useFeedLink(feed, t('tracker.follow'));
  useTitle(data.status === 'ready' ? `${t('tracker.title')} · ${pickText(data.data.agenda.forum.title, data.data.agenda.forum.languages)}` : t('tracker.title'));
  if (data.status === 'loading') return <PageLoading />;
  if (data.status === 'error') return <PageError error={data.error} onRetry={data.reload} />;
  const { agenda, published, tracker } = data.data;
  const tz = agenda.forum.timeZone;
  return (
    <div class="container page">
      <header class="page-head">
        <p class="eyebrow">
          <Link href={`/f/${agenda.forum.slug}`}>
            <Localized text={agenda.forum.title} prefer={agenda.forum.languages} />
          </Link>
        </p>
        <h1>{t('tracker.title')}</h1>
        <p class="lead">{t('tracker.lead')}</p>
      </header>
      {!published || !tracker ? (
        <Notice>{t('tracker.not_public')}</Notice>
      ) : (
        <>
          <section class="card panel" aria-labelledby="tallies-h">
            <h2 id="tallies-h" class="sr-only">
              {t('tracker.summary')}
            </h2>
            <Tallies tallies={tracker.tallies} />
            <MonthlyChart monthly={tracker.monthly} />
            <p>
              <a href={feed} class="btn btn-secondary btn-md">
                {t('tracker.follow')}
              </a>
            </p>
            <h3 class="panel-title">{t('tracker.documents')}</h3>
            <Downloads revision={published} />
          </section>
          <ol class="tracker-list">
            {tracker.items.map((item) => (
              <li key={item.id} id={`item-${item.id}`} class="card tracker-item">
                <TrackerItemHead item={item} />
                <TrackerProgress item={item} />
                <TrackerTimeline item={item} timeZone={tz} />
                <p class="small">
                  <a href={http.href(RECS_ROUTES.itemFeed, { params: { itemId: item.id }, query: { lang: lang.get() } })}>{t('tracker.follow_item')}</a>
                </p>
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
