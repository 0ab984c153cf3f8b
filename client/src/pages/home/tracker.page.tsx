import { z } from 'zod';
import { AgendaView } from '../../../../common/agenda.contract';
import { CompileRevisionView, TrackerView } from '../../../../common/recs.contract';
import { http } from '../../api/http';
import { formatDateTime } from '../../i18n/format';
import { t, useLang } from '../../i18n/i18n';
import type { PageProps } from '../../routes';
import { Link } from '../../router';
import { useAsync } from '../../state/use-async';
import { Downloads } from '../../ui/downloads';
import { PageError, PageLoading } from '../../ui/loading';
import { Localized, pickText } from '../../ui/localized';
import { Notice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import { STATUS_KEY, Tallies } from '../../ui/tallies';
import { TrackerItemHead } from '../../ui/tracker-item';
import './home.css';

/** The newest published forum-wide set, if any; citizens only ever receive published ones. */
export async function publishedForumSet(forumId: string): Promise<CompileRevisionView | undefined> {
  const list = await http.get(`/api/forums/${forumId}/compilations`, z.array(CompileRevisionView));
  return list.filter((r) => r.status === 'done' && r.publishedAt !== null).sort((a, b) => b.revision - a.revision)[0];
}

/** What became of a forum's recommendations, item by item: public once the set is published. */
export default function TrackerPage({ params }: PageProps) {
  useLang();
  const slug = params.slug ?? '';
  const data = useAsync(async () => {
    const agenda = await http.get(`/api/forums/${encodeURIComponent(slug)}`, AgendaView);
    const published = await publishedForumSet(agenda.forum.id);
    const tracker = published ? await http.get(`/api/forums/${agenda.forum.id}/tracker`, TrackerView) : undefined;
    return { agenda, published, tracker };
  }, [slug]);
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
            <h3 class="panel-title">{t('tracker.documents')}</h3>
            <Downloads revision={published} />
          </section>
          <ol class="tracker-list">
            {tracker.items.map((item) => (
              <li key={item.id} class="card tracker-item">
                <TrackerItemHead item={item} />
                {item.history.length > 0 && (
                  <details class="tracker-history">
                    <summary>{t('tracker.history', { count: item.history.length })}</summary>
                    <ol>
                      {item.history.map((h, i) => (
                        <li key={i}>
                          <time dateTime={h.at}>{formatDateTime(h.at, tz)}</time> · {t(STATUS_KEY[h.status])}
                          {h.note && <span> — {h.note}</span>}
                        </li>
                      ))}
                    </ol>
                  </details>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}
