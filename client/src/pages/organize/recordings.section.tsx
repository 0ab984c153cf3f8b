import { useState } from 'preact/hooks';
import type { AgendaView, SessionView } from '../../../../common/agenda.contract';
import { BROADCAST_ROUTES, type RecordingView } from '../../../../common/broadcast.contract';
import { http } from '../../api/http';
import { formatTime } from '../../i18n/format';
import { t, type MessageKey } from '../../i18n/i18n';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Switch, TextField } from '../../ui/field';
import { pickText } from '../../ui/localized';
import { ErrorNotice, Notice } from '../../ui/notice';
import { toast } from '../../ui/toast';

const STATE_LABEL: Record<RecordingView['state'], MessageKey> = {
  scheduled: 'broadcast.state_scheduled',
  live: 'broadcast.state_live',
  processing: 'broadcast.state_processing',
  ready: 'broadcast.state_ready',
  failed: 'broadcast.state_failed',
  off: 'broadcast.state_off',
  deleted: 'broadcast.state_deleted',
};

/** The forum's recordings: the publish-at-end default, and per session record/publish/trim/delete. */
export function RecordingsSection({ agenda }: { agenda: AgendaView }) {
  const { forum } = agenda;
  const status = useAsync(() => http.call(BROADCAST_ROUTES.status, { params: { forumId: forum.id } }), [forum.id]);
  const settings = useAsync(() => http.call(BROADCAST_ROUTES.settings, { params: { forumId: forum.id } }), [forum.id]);
  if (status.status === 'error') return <ErrorNotice error={status.error} onRetry={status.reload} />;
  if (status.status === 'loading' || settings.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  const byId = new Map(status.data.recordings.map((r) => [r.sessionId, r]));
  const sessions = agenda.sessions.filter((s) => s.state !== 'cancelled');
  const setDefault = async (publishAtEnd: boolean) => {
    try {
      settings.set(await http.call(BROADCAST_ROUTES.setSettings, { params: { forumId: forum.id }, body: { publishAtEnd } }));
      toast(t('organize.saved'), 'success');
    } catch (e) {
      toast(String(e instanceof Error ? e.message : e), 'error');
    }
  };
  return (
    <section aria-labelledby="rec-h">
      <h2 id="rec-h">{t('broadcast.recordings')}</h2>
      {status.data.diskFull && <Notice tone="error">{t('broadcast.disk_full')}</Notice>}
      <div class="card panel">
        {settings.status === 'ready' && <Switch label={t('broadcast.publish_at_end')} checked={settings.data.publishAtEnd} onChange={(v) => void setDefault(v)} />}
      </div>
      <ul class="recording-list">
        {sessions.map((s) => (
          <RecordingRow key={s.id} session={s} rec={byId.get(s.id)} title={pickText(s.title, forum.languages)} timeZone={forum.timeZone} onChanged={status.reload} />
        ))}
      </ul>
    </section>
  );
}

function RecordingRow({ session, rec, title, timeZone, onChanged }: { session: SessionView; rec: RecordingView | undefined; title: string; timeZone: string; onChanged: () => void }) {
  const [trimStart, setTrimStart] = useState(String(rec?.trimStartS ?? ''));
  const [trimEnd, setTrimEnd] = useState(String(rec?.trimEndS ?? ''));
  const [busy, setBusy] = useState(false);
  const state = rec?.state ?? (session.state === 'ended' ? 'off' : 'scheduled');
  const patch = async (body: Record<string, unknown>) => {
    setBusy(true);
    try {
      await http.call(BROADCAST_ROUTES.patchRecording, { params: { sessionId: session.id }, body });
      toast(t('organize.saved'), 'success');
      onChanged();
    } catch (e) {
      toast(String(e instanceof Error ? e.message : e), 'error');
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    if (!confirm(t('broadcast.delete_confirm'))) return;
    setBusy(true);
    try {
      await http.call(BROADCAST_ROUTES.deleteRecording, { params: { sessionId: session.id } });
      onChanged();
    } finally {
      setBusy(false);
    }
  };
  const seconds = (v: string) => (v.trim() === '' ? null : Math.max(0, Number(v)));
  const recorded = state === 'ready' || state === 'failed' || state === 'processing';
  return (
    <li class="card panel recording-row" data-session={session.id}>
      <div class="head-row">
        <h3 class="h-small">
          {formatTime(session.startsAt, timeZone)} · {title}
        </h3>
        <span class="badge">{t(STATE_LABEL[state])}</span>
      </div>
      {session.state === 'scheduled' && <Switch label={t('broadcast.record')} checked={rec?.enabled ?? true} disabled={busy} onChange={(v) => void patch({ enabled: v })} />}
      {recorded && (
        <>
          <Switch label={t('broadcast.published')} checked={rec?.published ?? false} disabled={busy} onChange={(v) => void patch({ published: v })} />
          <div class="trim-row">
            <TextField label={t('broadcast.trim_start')} type="number" min="0" inputMode="numeric" value={trimStart} onInput={setTrimStart} />
            <TextField label={t('broadcast.trim_end')} type="number" min="0" inputMode="numeric" value={trimEnd} onInput={setTrimEnd} />
            <Button busy={busy} onClick={() => void patch({ trimStartS: seconds(trimStart), trimEndS: seconds(trimEnd) })}>
              {t('broadcast.apply_trim')}
            </Button>
          </div>
          <Button variant="danger" busy={busy} onClick={() => void remove()}>
            {t('broadcast.delete')}
          </Button>
        </>
      )}
    </li>
  );
}
