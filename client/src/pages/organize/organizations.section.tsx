import { useState } from 'preact/hooks';
import type { ForumView } from '../../../../common/agenda.contract';
import { ORG_KINDS, ORGANIZATIONS_ROUTES, REGIONS, REGISTRATION_STATUSES, type OrgKind, type Region, type RegistrationFilter, type RegistrationStatus, type RegistrationView } from '../../../../common/organizations.contract';
import { RATINGS_ROUTES } from '../../../../common/ratings.contract';
import { errorMessage } from '../../api/errors';
import { http } from '../../api/http';
import { formatDateTime } from '../../i18n/format';
import { formatNumber, t } from '../../i18n/i18n';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, TextField } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/notice';
import { kindName, orgName, regionName, STATUS_LABEL } from '../../ui/org-names';
import { toast } from '../../ui/toast';
import '../../styles/orgs.css';

/** Organizations: who takes part (participation figures), the rating window, and registrations to confirm. */
export function OrganizationsSection({ forum }: { forum: ForumView }) {
  return (
    <>
      <Participation forumId={forum.id} />
      <ReviewWindow forumId={forum.id} />
      <Registrations forum={forum} />
    </>
  );
}

function Participation({ forumId }: { forumId: string }) {
  const p = useAsync(() => http.call(ORGANIZATIONS_ROUTES.participation, { params: { forumId } }), [forumId]);
  if (p.status === 'loading') return <p class="muted">{t('common.loading')}</p>;
  if (p.status === 'error') return <ErrorNotice error={p.error} onRetry={p.reload} />;
  const v = p.data;
  const figure = (label: string, value: string) => (
    <div class="card panel">
      <div class="figure">{value}</div>
      <div class="small muted">{label}</div>
    </div>
  );
  return (
    <section aria-labelledby="part-h">
      <h2 id="part-h">{t('part.title')}</h2>
      <div class="count-grid">
        {figure(t('part.organizations'), formatNumber(v.organizations.total))}
        {figure(t('part.representatives'), formatNumber(v.representatives))}
        {figure(t('part.speakers'), formatNumber(v.speakers))}
        {figure(t('part.platforms'), formatNumber(v.platforms))}
        {figure(t('part.sessions'), `${formatNumber(v.sessions.live)} / ${formatNumber(v.sessions.ended)}`)}
        {figure(t('part.viewers'), formatNumber(v.viewers.total))}
        {figure(t('part.peak'), formatNumber(v.viewers.peak))}
      </div>
      {v.organizations.pending > 0 && <Notice>{t('part.pending', { count: v.organizations.pending })}</Notice>}
      <div class="form-grid">
        <div>
          <h3 class="panel-title">{t('part.by_kind')}</h3>
          <ul>
            {ORG_KINDS.filter((k) => v.organizations.byKind[k]).map((k) => (
              <li key={k}>
                {kindName(k)}: {formatNumber(v.organizations.byKind[k]!)}
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h3 class="panel-title">{t('part.by_region')}</h3>
          <ul>
            {REGIONS.filter((r) => v.organizations.byRegion[r]).map((r) => (
              <li key={r}>
                {regionName(r)}: {formatNumber(v.organizations.byRegion[r]!)}
              </li>
            ))}
          </ul>
        </div>
      </div>
    </section>
  );
}

function ReviewWindow({ forumId }: { forumId: string }) {
  const current = useAsync(() => http.call(RATINGS_ROUTES.reviewWindow, { params: { forumId } }), [forumId]);
  const [hours, setHours] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  if (current.status !== 'ready') return null;
  const value = hours ?? String(current.data.hours);
  const save = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      current.set(await http.call(RATINGS_ROUTES.setReviewWindow, { params: { forumId }, body: { hours: Number(value) } }));
      toast(t('rate.window_saved'), 'success');
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="window-h">
      <h2 id="window-h">{t('rate.window')}</h2>
      <form class="card panel reg-actions" onSubmit={save} noValidate>
        <TextField label={t('rate.window_hours')} hint={t('rate.window_hint')} type="number" inputMode="numeric" min="0" max="2160" value={value} onInput={setHours} />
        <Button type="submit" variant="primary" busy={busy}>
          {t('action.save')}
        </Button>
      </form>
    </section>
  );
}

type Any = '';
function Registrations({ forum }: { forum: ForumView }) {
  const [status, setStatus] = useState<RegistrationStatus | Any>('pending');
  const [kind, setKind] = useState<OrgKind | Any>('');
  const [region, setRegion] = useState<Region | Any>('');
  const [q, setQ] = useState('');
  const filter: RegistrationFilter = { ...(status ? { status } : {}), ...(kind ? { kind } : {}), ...(region ? { region } : {}), ...(q.trim() ? { q: q.trim() } : {}) };
  const list = useAsync(() => http.call(ORGANIZATIONS_ROUTES.registrations, { params: { forumId: forum.id }, query: filter }), [forum.id, JSON.stringify(filter)]);
  return (
    <section aria-labelledby="regs-h">
      <h2 id="regs-h">{t('org.registrations')}</h2>
      <form class="card panel form-grid" aria-label={t('org.filters')} onSubmit={(e) => e.preventDefault()}>
        <Select label={t('tracker.status')} value={status} onChange={setStatus} options={[{ value: '' as const, label: t('org.any_status') }, ...REGISTRATION_STATUSES.map((s) => ({ value: s, label: t(STATUS_LABEL[s]) }))]} />
        <Select label={t('org.kind')} value={kind} onChange={setKind} options={[{ value: '' as const, label: t('org.any_kind') }, ...ORG_KINDS.map((k) => ({ value: k, label: kindName(k) }))]} />
        <Select label={t('org.region')} value={region} onChange={setRegion} options={[{ value: '' as const, label: t('org.any_region') }, ...REGIONS.map((r) => ({ value: r, label: regionName(r) }))]} />
        <TextField label={t('org.search')} value={q} onInput={setQ} maxLength={100} />
      </form>
      {list.status === 'loading' ? (
        <p class="muted">{t('common.loading')}</p>
      ) : list.status === 'error' ? (
        <ErrorNotice error={list.error} onRetry={list.reload} />
      ) : list.data.length === 0 ? (
        <p class="muted">{t('org.no_registrations')}</p>
      ) : (
        <ul class="org-list">
          {list.data.map((r) => (
            <RegistrationRow key={r.id} r={r} timeZone={forum.timeZone} onDecided={list.reload} />
          ))}
        </ul>
      )}
    </section>
  );
}

function RegistrationRow({ r, timeZone, onDecided }: { r: RegistrationView; timeZone: string; onDecided: () => void }) {
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const decide = async (decision: 'confirm' | 'reject') => {
    setBusy(decision);
    try {
      await http.call(ORGANIZATIONS_ROUTES.decide, { params: { registrationId: r.id }, body: decision === 'reject' && reason.trim() ? { decision, reason: reason.trim() } : { decision } });
      toast(t('org.decided'), 'success');
      onDecided();
    } catch (err) {
      toast(errorMessage(err), 'error');
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <li class="card" data-registration={r.id}>
      <p>
        <strong>{orgName(r.organization)}</strong> · {kindName(r.organization.kind)} · {regionName(r.organization.region)}
        {r.organizationStatus === 'pending' && <span class="small muted"> · {t('org.new_org')}</span>}
      </p>
      <p class="small">
        {t('org.person', { name: r.personName ?? t('org.someone') })} · <a href={`mailto:${r.contactEmail}`}>{r.contactEmail}</a> · <time dateTime={r.createdAt}>{formatDateTime(r.createdAt, timeZone)}</time> ·{' '}
        <span class="status-chip">{t(STATUS_LABEL[r.status])}</span>
      </p>
      {r.status === 'pending' && (
        <div class="reg-actions">
          <Button size="sm" variant="primary" busy={busy === 'confirm'} onClick={() => void decide('confirm')}>
            {t('org.confirm')}
          </Button>
          <TextField label={t('org.reject_reason')} value={reason} onInput={setReason} maxLength={500} />
          <Button size="sm" busy={busy === 'reject'} onClick={() => void decide('reject')}>
            {t('org.reject')}
          </Button>
        </div>
      )}
    </li>
  );
}
