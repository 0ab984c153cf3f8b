import type { ForumView, PlatformView, SessionView } from '../../../../common/agenda.contract';
import { formatDayLong, formatTime } from '../../i18n/format';
import { t, useLang } from '../../i18n/i18n';
import { startsIn } from '../../i18n/relative';
import { Link } from '../../router';
import { holds, me } from '../../state/me';
import { useStore } from '../../state/store';
import { StateBadge } from '../../ui/badge';
import { usePublished } from '../../ui/downloads';
import { Localized } from '../../ui/localized';
import { useReplays } from '../../ui/replays';

interface Props {
  session: SessionView;
  forum: ForumView;
  platform?: PlatformView | undefined;
  /** Show the day too (in "what's next" lists that span days). */
  withDay?: boolean;
  now: number;
  variant?: 'row' | 'feature';
}

/** One session in the agenda: time, title, speakers, state and what one can do with it. */
export function SessionCard({ session: s, forum, platform, withDay, now, variant = 'row' }: Props) {
  useLang();
  const who = useStore(me);
  const tz = forum.timeZone;
  const moderates = holds(who, 'moderator', forum.id, s.id);
  const speaks = holds(who, 'speaker', forum.id, s.id);
  const soon = s.state === 'scheduled' ? startsIn(s, now) : undefined;
  // Ended sessions link to their recommendations once an organizer has published them.
  const published = usePublished(s.id, s.state === 'ended');
  const pdf = published?.artifacts.find((a) => a.format === 'pdf');
  const replay = useReplays(forum.id, s.state === 'ended').has(s.id);
  return (
    <article class={`session-card session-${s.state} variant-${variant}`} aria-labelledby={`st-${s.id}`}>
      <div class="session-when">
        <span class="when-range">
          <time dateTime={s.startsAt}>{formatTime(s.startsAt, tz)}</time>
          <span aria-hidden="true">–</span>
          <span class="sr-only"> {t('agenda.until')} </span>
          <time dateTime={s.endsAt}>{formatTime(s.endsAt, tz)}</time>
        </span>
        {withDay && <span class="session-day">{formatDayLong(s.startsAt, tz)}</span>}
      </div>
      <div class="session-body">
        <div class="session-meta">
          <StateBadge state={s.state} />
          {soon && <span class="soon">{soon}</span>}
          {platform && <Localized text={platform.title} prefer={forum.languages} class="session-platform" />}
        </div>
        <h3 class="session-title" id={`st-${s.id}`}>
          <Link href={`/s/${s.id}`} class="stretched">
            <Localized text={s.title} prefer={forum.languages} />
          </Link>
        </h3>
        {s.speakers.length > 0 && (
          <p class="session-speakers">
            {s.speakers.map((sp, i) => (
              <span key={i}>
                {i > 0 && ', '}
                {sp.name}
                {sp.affiliation && (
                  <span class="affiliation">
                    {' '}
                    (<Localized text={sp.affiliation} prefer={forum.languages} />)
                  </span>
                )}
              </span>
            ))}
          </p>
        )}
        <div class="session-actions">
          {s.state === 'live' && (
            <Link href={`/s/${s.id}`} class="btn btn-live btn-sm">
              {t('agenda.watch')}
            </Link>
          )}
          {replay && (
            <Link href={`/s/${s.id}`} class="btn btn-secondary btn-sm" data-replay="true">
              {t('broadcast.watch_again')}
            </Link>
          )}
          {published && (
            <>
              <Link href={`/s/${s.id}?tab=recs`} class="btn btn-secondary btn-sm">
                {t('agenda.recommendations')}
              </Link>
              {pdf && (
                <a href={pdf.url} class="btn btn-ghost btn-sm" download>
                  PDF
                </a>
              )}
            </>
          )}
          {moderates && (s.state === 'live' || s.state === 'scheduled') && (
            <Link href={`/s/${s.id}/moderate`} class="btn btn-ghost btn-sm staff-link">
              {t('agenda.moderate')}
            </Link>
          )}
          {speaks && (s.state === 'live' || s.state === 'scheduled') && (
            <Link href={`/s/${s.id}/studio`} class="btn btn-ghost btn-sm staff-link">
              {t('agenda.studio')}
            </Link>
          )}
        </div>
      </div>
    </article>
  );
}
