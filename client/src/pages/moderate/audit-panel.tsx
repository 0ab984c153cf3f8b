import { useEffect, useState } from 'preact/hooks';
import { AUDIT_ROUTES, type AuditEntryView } from '../../../../common/audit.contract';
import { http } from '../../api/http';
import { formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { ErrorNotice } from '../../ui/notice';

/** Who did what in this session, newest first: the server's audit log, for every moderator. */
export function AuditPanel({ sessionId, timeZone, organizer, textOf, refreshKey }: { sessionId: string; timeZone: string; organizer: boolean; textOf: (id: string) => string | undefined; refreshKey: number }) {
  const [rows, setRows] = useState<AuditEntryView[] | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const load = () => http.call(AUDIT_ROUTES.trail, { params: { sessionId } }).then((r) => (setRows(r), setError(undefined)), setError);
  useEffect(() => {
    // Debounced: a burst of moderation produces one reload.
    const id = setTimeout(load, 600);
    return () => clearTimeout(id);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sessionId, refreshKey]);
  const list = rows ?? [];
  return (
    <section class="audit" aria-labelledby="audit-h">
      <div class="pane-head">
        <h2 id="audit-h">{t('mod.audit')}</h2>
        <span class="pane-tools">
          <Button size="sm" variant="ghost" onClick={load}>
            {t('mod.refresh')}
          </Button>
          {organizer && (
            <a class="btn btn-ghost btn-sm" href={http.href(AUDIT_ROUTES.csv, { params: { sessionId } })} download>
              CSV
            </a>
          )}
        </span>
      </div>
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
                  <strong>{r.actorName ?? '—'}</strong> · <code>{r.action}</code>
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
