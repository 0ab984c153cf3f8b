import { useState } from 'preact/hooks';
import { AGENDA_ROUTES, PlatformInput, type AgendaView, type PlatformView } from '../../../../common/agenda.contract';
import type { LocalizedText } from '../../../../common/base';
import { http } from '../../api/http';
import { errorMessage } from '../../api/errors';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { Localized } from '../../ui/localized';
import { ErrorNotice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { issueAt, useFormSave } from './form-issues';
import { compact, LocalizedInput } from './localized-input';

/** The dialogue platforms (parallel tracks) of a forum: add, rename, reorder. */
export function PlatformsSection({ agenda, onChanged }: { agenda: AgendaView; onChanged: () => void }) {
  const { forum } = agenda;
  const platforms = [...agenda.platforms].sort((a, b) => a.position - b.position);
  const [editing, setEditing] = useState<string | undefined>(undefined) // a platform id, or 'new';

  const move = async (p: PlatformView, dir: -1 | 1) => {
    const i = platforms.indexOf(p);
    const other = platforms[i + dir];
    if (!other) return;
    try {
      // Positions are swapped; when two share one, the moved item gets a distinct value.
      const a = other.position === p.position ? p.position + dir : other.position;
      await http.call(AGENDA_ROUTES.updatePlatform, { params: { platformId: p.id }, body: { position: a } });
      await http.call(AGENDA_ROUTES.updatePlatform, { params: { platformId: other.id }, body: { position: p.position } });
      onChanged();
    } catch (e) {
      toast(errorMessage(e), 'error');
    }
  };

  return (
    <section aria-labelledby="platforms-h">
      <div class="head-row">
        <h2 id="platforms-h">{t('organize.platforms')}</h2>
        {editing !== 'new' && (
          <Button variant="primary" onClick={() => setEditing('new')}>
            {t('organize.new_platform')}
          </Button>
        )}
      </div>
      {editing === 'new' && (
        <div class="card panel">
          <PlatformForm forumId={forum.id} langs={forum.languages} onDone={() => { setEditing(undefined); onChanged(); }} onCancel={() => setEditing(undefined)} />
        </div>
      )}
      {platforms.length === 0 && editing !== 'new' && <p class="muted">{t('organize.no_platforms')}</p>}
      <ol class="org-platforms">
        {platforms.map((p, i) => (
          <li key={p.id} class="org-platform">
            {editing === p.id ? (
              <PlatformForm forumId={forum.id} langs={forum.languages} platform={p} onDone={() => { setEditing(undefined); onChanged(); }} onCancel={() => setEditing(undefined)} />
            ) : (
              <>
                <span class="org-platform-n" aria-hidden="true">{i + 1}</span>
                <Localized text={p.title} prefer={forum.languages} class="org-platform-title" />
                <span class="org-platform-count muted small">{t('organize.sessions_count', { count: agenda.sessions.filter((s) => s.platformId === p.id).length })}</span>
                <span class="org-platform-actions">
                  <Button size="sm" variant="ghost" onClick={() => move(p, -1)} disabled={i === 0} aria-label={t('organize.move_up')}>
                    ↑
                  </Button>
                  <Button size="sm" variant="ghost" onClick={() => move(p, 1)} disabled={i === platforms.length - 1} aria-label={t('organize.move_down')}>
                    ↓
                  </Button>
                  <Button size="sm" onClick={() => setEditing(p.id)}>
                    {t('organize.edit')}
                  </Button>
                </span>
              </>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

function PlatformForm({ forumId, langs, platform, onDone, onCancel }: { forumId: string; langs: AgendaView['forum']['languages']; platform?: PlatformView; onDone: () => void; onCancel: () => void }) {
  const [title, setTitle] = useState<LocalizedText>(platform?.title ?? {});
  const { issues, error, busy, save } = useFormSave();
  const submit = async (e: Event) => {
    e.preventDefault();
    const saved = await save(PlatformInput, { title: compact(title) }, (data) =>
      platform ? http.call(AGENDA_ROUTES.updatePlatform, { params: { platformId: platform.id }, body: data }) : http.call(AGENDA_ROUTES.createPlatform, { params: { forumId }, body: data }),
    );
    if (!saved) return;
    toast(t('organize.saved'), 'success');
    onDone();
  };
  return (
    <form onSubmit={submit} noValidate class="stack-form grow">
      {error !== undefined && <ErrorNotice error={error} />}
      <LocalizedInput label={t('organize.platform_title')} value={title} onChange={setTitle} langs={langs} max={200} error={issueAt(issues, 'title')} required />
      <div class="form-actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('action.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {platform ? t('action.save') : t('organize.add_platform')}
        </Button>
      </div>
    </form>
  );
}
