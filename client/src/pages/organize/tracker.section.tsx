import { useState } from 'preact/hooks';
import type { ForumView } from '../../../../common/agenda.contract';
import { RECS_ROUTES, TRACKER_STATUSES, TrackerPatch, type TrackerItemView, type TrackerStatus } from '../../../../common/recs.contract';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { STATUS_KEY, Tallies } from '../../ui/tallies';
import { TrackerTimeline } from '../../ui/tracker-follow';
import { TrackerItemHead } from '../../ui/tracker-item';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, TextArea, TextField } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { issueAt, useFormSave } from './form-issues';

/** The recommendations tracker: what became of each item, edited by organizers. */
export function TrackerSection({ forum }: { forum: ForumView }) {
  const view = useAsync(() => http.call(RECS_ROUTES.tracker, { params: { forum: forum.id } }), [forum.id]);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  if (view.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (view.status === 'error') return <ErrorNotice error={view.error} onRetry={view.reload} />;
  const v = view.data;
  return (
    <section aria-labelledby="tracker-h">
      <div class="head-row">
        <h2 id="tracker-h">{t('tracker.title')}</h2>
        <a class="btn btn-secondary btn-md" href={http.href(RECS_ROUTES.trackerCsv, { params: { forum: forum.id } })} download>
          CSV
        </a>
      </div>
      {v.revision === null ? (
        <Notice>{t('tracker.empty')}</Notice>
      ) : (
        <>
          <div class="card panel">
            <Tallies tallies={v.tallies} />
          </div>
          <ol class="tracker-list">
            {v.items.map((item) => (
              <li key={item.id} class="card tracker-item" data-item={item.id}>
                <TrackerItemHead item={item}>
                  {editing !== item.id && (
                    <Button size="sm" onClick={() => setEditing(item.id)}>
                      {t('organize.edit')}
                    </Button>
                  )}
                </TrackerItemHead>
                {editing === item.id && (
                  <TrackerForm
                    item={item}
                    onCancel={() => setEditing(undefined)}
                    onSaved={() => {
                      setEditing(undefined);
                      toast(t('organize.saved'), 'success');
                      view.reload();
                    }}
                  />
                )}
                <TrackerTimeline item={item} timeZone={forum.timeZone} />
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}

function TrackerForm({ item, onSaved, onCancel }: { item: TrackerItemView; onSaved: (i: TrackerItemView) => void; onCancel: () => void }) {
  const [status, setStatus] = useState<TrackerStatus>(item.status);
  const [body, setBody] = useState(item.responsibleBody ?? '');
  const [deadline, setDeadline] = useState(item.deadline ?? '');
  const [note, setNote] = useState('');
  const { issues, error, busy, save } = useFormSave();
  const submit = async (e: Event) => {
    e.preventDefault();
    const patch = {
      ...(status !== item.status ? { status } : {}),
      ...(body.trim() !== (item.responsibleBody ?? '') ? { responsibleBody: body.trim() || null } : {}),
      ...(deadline !== (item.deadline ?? '') ? { deadline: deadline || null } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    const saved = await save(TrackerPatch, patch, (data) => http.call(RECS_ROUTES.updateItem, { params: { itemId: item.id }, body: data }));
    if (saved) onSaved(saved);
  };
  return (
    <form class="stack-form tracker-form" onSubmit={submit} noValidate>
      {error !== undefined && <ErrorNotice error={error} />}
      {issues[''] && <p class="field-error">{t('tracker.nothing_changed')}</p>}
      <div class="form-grid">
        <Select label={t('tracker.status')} value={status} onChange={setStatus} options={TRACKER_STATUSES.map((s) => ({ value: s, label: t(STATUS_KEY[s]) }))} />
        <TextField label={t('tracker.deadline')} type="date" value={deadline} onInput={setDeadline} error={issueAt(issues, 'deadline')} />
      </div>
      <TextField label={t('tracker.responsible')} value={body} onInput={setBody} maxLength={200} error={issueAt(issues, 'responsibleBody')} />
      <TextArea label={t('tracker.note')} hint={t('tracker.note_hint')} value={note} onInput={setNote} maxLength={2000} rows={2} error={issueAt(issues, 'note')} />
      <div class="form-actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('action.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t('action.save')}
        </Button>
      </div>
    </form>
  );
}
