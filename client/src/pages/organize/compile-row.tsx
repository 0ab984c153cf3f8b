import { useState } from 'preact/hooks';
import type { CompileRevisionView, CompileProgress } from '../../../../common/recs.contract';
import { errorMessage } from '../../api/errors';
import { formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { Downloads } from '../../ui/downloads';
import { Switch } from '../../ui/field';
import { toast } from '../../ui/toast';

/**
 * One compilation target's latest revision: its state (with a progress bar while the
 * worker runs), downloads, publication switch.
 */
export function CompileStatus({
  revision,
  progress,
  timeZone,
  publish,
  onChanged,
}: {
  revision: CompileRevisionView;
  progress: CompileProgress | undefined;
  timeZone: string;
  /** Publishes or withdraws this revision through its target's route. */
  publish: (published: boolean) => Promise<CompileRevisionView>;
  onChanged: (r: CompileRevisionView) => void;
}) {
  const [busy, setBusy] = useState(false);
  // The switch moves at once; it moves back if the server refuses.
  const [wanted, setWanted] = useState<boolean | undefined>(undefined);
  const running = revision.status === 'queued' || revision.status === 'running';
  const pct = Math.round(progress?.progress ?? (revision.status === 'queued' ? 0 : 5));
  const setPublished = async (published: boolean) => {
    setBusy(true);
    setWanted(published);
    try {
      onChanged(await publish(published));
      toast(published ? t('recs.published_now') : t('recs.withdrawn_now'), 'success');
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setWanted(undefined);
      setBusy(false);
    }
  };
  return (
    <div class="compile-status" data-revision={revision.revision} data-status={revision.status}>
      <p class="compile-line">
        <span class={`status-chip chip-${revision.status}`}>{t(`recs.status_${revision.status}`)}</span>
        <span class="muted small">
          {t('recs.revision', { n: revision.revision })} · {formatDateTime(revision.completedAt ?? revision.createdAt, timeZone)}
        </span>
      </p>
      {running && (
        <div class="progress-row">
          <progress max={100} value={pct} aria-label={t('recs.progress')} />
          <span class="small" aria-hidden="true">
            {pct}%
          </span>
        </div>
      )}
      {revision.status === 'failed' && <p class="field-error">{t('recs.failed')}</p>}
      {revision.status === 'done' && (
        <>
          <Downloads revision={revision} />
          <Switch label={t('recs.published')} hint={revision.publishedAt ? t('recs.published_hint') : t('recs.unpublished_hint')} checked={wanted ?? revision.publishedAt !== null} disabled={busy} onChange={(v) => void setPublished(v)} />
        </>
      )}
    </div>
  );
}
