import { useState } from 'preact/hooks';
import type { ForumView } from '../../../../common/agenda.contract';
import { TRACKER_STATUSES, TrackerItemView, TrackerPatch, TrackerView, type TrackerStatus } from '../../../../common/recs.contract';
import { errorMessage } from '../../api/errors';
import { http } from '../../api/http';
import { formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { STATUS_KEY, Tallies } from '../../ui/tallies';
import { TrackerItemHead } from '../../ui/tracker-item';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, TextArea, TextField } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';
import { issueAt, useFormSave } from './form-issues';

/** The recommendations tracker: what became of each item, edited by organizers. */
export function TrackerSection({ forum }: { forum: ForumView }) {
  const view = useAsync(() => http.get(`/api/forums/${forum.id}/tracker`, TrackerView), [forum.id]);
  const [editing, setEditing] = useState<string | undefined>(undefined);
  if (view.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (view.status === 'error') return <ErrorNotice error={view.error} onRetry={view.reload} />;
  const v = view.data;
  return (
    <section aria-labelledby="tracker-h">
      <div class="head-row">
        <h2 id="tracker-h">{t('tracker.title')}</h2>
        <a class="btn btn-secondary btn-md" href={`/api/forums/${forum.id}/tracker.csv`} download>
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
                {item.history.length > 0 && (
                  <details class="tracker-history">
                    <summary>{t('tracker.history', { count: item.history.length })}</summary>
                    <ol>
                      {item.history.map((h, i) => (
                        <li key={i}>
                          <time dateTime={h.at}>{formatDateTime(h.at, forum.timeZone)}</time> · {t(STATUS_KEY[h.status])}
                          {h.note && <span class="history-note"> — {h.note}</span>}
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
    const saved = await save(TrackerPatch, patch, (data) => http.patch(`/api/tracker/${item.id}`, data, TrackerItemView));
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
