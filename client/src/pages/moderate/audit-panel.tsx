import { useEffect, useState } from 'preact/hooks';
import { ClientError } from '../../api/errors';
import { formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { ErrorNotice } from '../../ui/notice';
import { parseCsv } from './csv';
import type { ModActions } from './mod-actions';

interface Row {
  at: string;
  action: string;
  actor: string;
  targetId: string;
  reason: string;
}

async function fetchAudit(sessionId: string): Promise<Row[]> {
  let res: Response;
  try {
    res = await fetch(`/api/sessions/${sessionId}/audit.csv`, { credentials: 'same-origin' });
  } catch (e) {
    throw new ClientError('network', e instanceof Error ? e.message : 'network');
  }
  if (!res.ok) throw new ClientError(res.status === 403 ? 'forbidden' : res.status === 404 ? 'not_found' : 'internal', `HTTP ${res.status}`);
  const [head, ...rows] = parseCsv(await res.text());
  const col = (name: string) => head?.indexOf(name) ?? -1;
  const at = col('at');
  const action = col('action');
  const actor = col('actor_name');
  const target = col('target_id');
  const reason = col('reason');
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({ at: r[at] ?? '', action: r[action] ?? '', actor: r[actor] ?? '', targetId: r[target] ?? '', reason: r[reason] ?? '' }))
    .reverse();
}

/**
 * Who did what in this session. Organizers read the server's audit log (the same rows as
 * the CSV download); moderators see the actions taken from this console.
 */
export function AuditPanel({ sessionId, timeZone, organizer, actions, textOf, refreshKey }: { sessionId: string; timeZone: string; organizer: boolean; actions: ModActions; textOf: (id: string) => string | undefined; refreshKey: number }) {
  const local = useStore(actions.activity);
  const [rows, setRows] = useState<Row[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = () => fetchAudit(sessionId).then((r) => (setRows(r), setError(undefined)), setError);
  useEffect(() => {
    if (!organizer) return;
    // Debounced: a burst of moderation produces one reload.
    const id = setTimeout(load, 600);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [organizer, sessionId, refreshKey]);
  const list: Row[] = organizer
    ? (rows ?? [])
    : local.map((e) => ({ at: e.at, action: e.action, actor: t('mod.you'), targetId: e.questionIds[0] ?? '', reason: e.detail ?? '' }));
  return (
    <section class="audit" aria-labelledby="audit-h">
      <div class="pane-head">
        <h2 id="audit-h">{t('mod.audit')}</h2>
        {organizer && (
          <span class="pane-tools">
            <Button size="sm" variant="ghost" onClick={load}>
              {t('mod.refresh')}
            </Button>
            <a class="btn btn-ghost btn-sm" href={`/api/sessions/${sessionId}/audit.csv`} download>
              CSV
            </a>
          </span>
        )}
      </div>
      {!organizer && <p class="muted small">{t('mod.audit_local')}</p>}
      {error !== undefined && <ErrorNotice error={error} onRetry={load} />}
      {list.length === 0 ? (
        <p class="muted small">{t('mod.audit_empty')}</p>
      ) : (
        <ol class="audit-list">
          {list.slice(0, 100).map((r, i) => {
            const text = r.targetId ? textOf(r.targetId) : undefined;
            return (
              <li key={`${r.at}-${i}`}>
                <time dateTime={r.at}>{formatDateTime(r.at, timeZone)}</time>
                <span class="audit-what">
                  <strong>{r.actor}</strong> · <code>{r.action}</code>
                  {r.reason && <span class="muted"> · {r.reason}</span>}
                </span>
                {text && <span class="audit-target">{text}</span>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
