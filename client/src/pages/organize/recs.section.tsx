import { useEffect, useMemo, useState } from 'preact/hooks';
import type { AgendaView } from '../../../../common/agenda.contract';
import { RECS_ROUTES, type CompileRevisionView } from '../../../../common/recs.contract';
import { errorMessage } from '../../api/errors';
import { http } from '../../api/http';
import { formatTime, formatDayLong } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { CompilesModel, latestBy, progressKey } from '../../live/compiles-model';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { Switch } from '../../ui/field';
import { Localized } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { CompileStatus } from './compile-row';
import { TranscriptsRow } from '../../ui/transcripts';

/** Compiled recommendations: each ended session's documents, and the forum-wide set. */
export function RecsSection({ agenda }: { agenda: AgendaView }) {
  const { forum } = agenda;
  const model = useMemo(() => new CompilesModel(forum.id), [forum.id]);
  useEffect(() => {
    model.attach();
    return () => model.detach();
  }, [model]);
  const s = useStore(model.state);
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const ended = agenda.sessions.filter((x) => x.state === 'ended').sort((a, b) => b.startsAt.localeCompare(a.startsAt));
  const forumSet = latestBy(s.revisions, null);

  const [byConsensus, setByConsensus] = useState(false);
  const request = async (key: string, compile: () => Promise<CompileRevisionView>) => {
    setBusy(key);
    try {
      model.upsert(await compile());
    } catch (e) {
      toast(errorMessage(e, { invalid_state: 'recs.nothing_to_compile' }), 'error');
    } finally {
      setBusy(undefined);
    }
  };

  return (
    <section aria-labelledby="recs-org-h">
      <h2 id="recs-org-h">{t('recs.documents')}</h2>
      {s.error !== undefined && <ErrorNotice error={s.error} onRetry={() => void model.reload()} />}
      <div class="card panel">
        <div class="head-row">
          <div>
            <h3>{t('recs.forum_set')}</h3>
            <p class="muted small">{t('recs.forum_set_hint')}</p>
            <Switch label={t('recs.order_consensus')} checked={byConsensus} onChange={setByConsensus} />
          </div>
          <Button variant="primary" busy={busy === 'forum'} disabled={ended.length === 0} onClick={() => void request('forum', () => http.call(RECS_ROUTES.compileForum, { params: { forumId: forum.id }, body: byConsensus ? { ordering: 'consensus' } : {} }))}>
            {forumSet ? t('recs.compile_forum_again') : t('recs.compile_forum')}
          </Button>
        </div>
        {forumSet ? (
          <CompileStatus
            revision={forumSet}
            progress={s.progress.get(progressKey(forumSet))}
            timeZone={forum.timeZone}
            publish={(published) => http.call(RECS_ROUTES.publishForum, { params: { forumId: forum.id, revision: forumSet.revision }, body: { published } })}
            onChanged={(r) => model.upsert(r)}
          />
        ) : (
          <p class="muted">{t('recs.no_forum_set')}</p>
        )}
      </div>
      <h3 class="org-day-title">{t('recs.by_session')}</h3>
      {!s.ready ? (
        <p class="muted">{t('common.loading')}</p>
      ) : ended.length === 0 ? (
        <Notice>{t('recs.no_ended')}</Notice>
      ) : (
        <ul class="org-sessions compile-list" role="list">
          {ended.map((x) => {
            const latest = latestBy(s.revisions, x.id);
            return (
              <li key={x.id} class="org-session compile-item" data-session={x.id}>
                <div class="org-session-main">
                  <span class="org-time">
                    {formatDayLong(x.startsAt, forum.timeZone)}, {formatTime(x.startsAt, forum.timeZone)}
                  </span>
                  <Localized text={x.title} prefer={forum.languages} class="org-session-title" />
                </div>
                <div class="compile-side">
                  {latest ? (
                    <CompileStatus
                      revision={latest}
                      progress={s.progress.get(progressKey(latest))}
                      timeZone={forum.timeZone}
                      publish={(published) => http.call(RECS_ROUTES.publishSession, { params: { sessionId: x.id, revision: latest.revision }, body: { published } })}
                      onChanged={(r) => model.upsert(r)}
                    />
                  ) : (
                    <p class="muted small">{t('recs.not_compiled')}</p>
                  )}
                  <Button size="sm" variant="ghost" busy={busy === x.id} onClick={() => void request(x.id, () => http.call(RECS_ROUTES.recompileSession, { params: { sessionId: x.id } }))}>
                    {t('recs.compile_again')}
                  </Button>
                  <TranscriptsRow sessionId={x.id} canPublish />
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
