import { useState } from 'preact/hooks';
import type { ForumView } from '../../../../common/agenda.contract';
import { ORG_KINDS, ORGANIZATIONS_ROUTES, REGIONS, type OrganizationList, RegisterInput, type OrgKind, type Region } from '../../../../common/organizations.contract';
import { http } from '../../api/http';
import { t } from '../../i18n/i18n';
import { useAsync } from '../../state/use-async';
import { Button } from '../../ui/button';
import { Select, TextField } from '../../ui/field';
import { ErrorNotice } from '../../ui/notice';
import { kindName, orgName, regionName, STATUS_LABEL } from '../../ui/org-names';
import { toast } from '../../ui/toast';
import { issueAt, useFormSave } from '../organize/form-issues';
import '../../styles/orgs.css';

/** The forum's confirmed organizations, and registering as a representative of one. */
export function OrganizationsSection({ forum }: { forum: ForumView }) {
  const data = useAsync(async () => {
    const [list, mine] = await Promise.all([
      http.call(ORGANIZATIONS_ROUTES.list, { params: { forum: forum.slug } }),
      http.call(ORGANIZATIONS_ROUTES.mine, { params: { forum: forum.slug } }),
    ]);
    return { list, mine };
  }, [forum.slug]);
  const [open, setOpen] = useState(false);
  if (data.status === 'loading') return null;
  if (data.status === 'error') return <ErrorNotice error={data.error} onRetry={data.reload} />;
  const { list, mine } = data.data;
  return (
    <section aria-labelledby="orgs-h" class="now-block">
      <h2 id="orgs-h" class="section-title">
        {t('org.title')}
      </h2>
      <p>{t('org.lead')}</p>
      {mine && mine.status !== 'rejected' ? (
        <p class="card panel" data-my-registration={mine.status}>
          {t('org.yours', { name: orgName(mine.organization) })} <span class="status-chip">{t(STATUS_LABEL[mine.status])}</span>
        </p>
      ) : open ? (
        <RegisterForm
          forum={forum}
          confirmed={list.items}
          onCancel={() => setOpen(false)}
          onDone={() => {
            setOpen(false);
            toast(t('org.sent'), 'success');
            data.reload();
          }}
        />
      ) : (
        <>
          {mine?.rejectReason && <p class="small muted">{t('org.rejected_reason', { reason: mine.rejectReason })}</p>}
          <p>
            <Button variant="primary" onClick={() => setOpen(true)}>
              {t('org.register')}
            </Button>
          </p>
        </>
      )}
      <h3 class="panel-title">{t('org.taking_part')}</h3>
      {list.items.length === 0 ? (
        <p class="muted">{t('org.none')}</p>
      ) : (
        <ul class="org-list">
          {list.items.map((o) => (
            <li key={o.id} class="card">
              <strong>{orgName(o)}</strong> · {kindName(o.kind)} · {regionName(o.region)} · <span class="small muted">{t('org.representatives', { count: o.representatives })}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function RegisterForm({ forum, confirmed, onDone, onCancel }: { forum: ForumView; confirmed: OrganizationList['items']; onDone: () => void; onCancel: () => void }) {
  const [mode, setMode] = useState<'new' | 'join'>('new');
  const [name, setName] = useState({ kk: '', ru: '', en: '' });
  const [kind, setKind] = useState<OrgKind>('ngo');
  const [region, setRegion] = useState<Region>('astana');
  const [email, setEmail] = useState('');
  const [joinId, setJoinId] = useState(confirmed[0]?.id ?? '');
  const { issues, error, busy, save } = useFormSave();
  const submit = async (e: Event) => {
    e.preventDefault();
    const clean = Object.fromEntries(Object.entries(name).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()]));
    const body = mode === 'join' ? { organizationId: joinId } : { organization: { name: clean, kind, region, contactEmail: email.trim() } };
    const saved = await save(RegisterInput, body, (b) => http.call(ORGANIZATIONS_ROUTES.register, { params: { forum: forum.slug }, body: b }));
    if (saved) onDone();
  };
  return (
    <form class="card panel stack-form" onSubmit={submit} noValidate aria-labelledby="reg-h">
      <h3 id="reg-h" class="panel-title">
        {t('org.register')}
      </h3>
      {error !== undefined && <ErrorNotice error={error} />}
      {confirmed.length > 0 && (
        <Select label={t('org.choose')} value={mode} onChange={setMode} options={[{ value: 'new' as const, label: t('org.new') }, { value: 'join' as const, label: t('org.join') }]} />
      )}
      {mode === 'join' ? (
        <Select label={t('org.choose')} value={joinId} onChange={setJoinId} options={confirmed.map((o) => ({ value: o.id, label: orgName(o) }))} />
      ) : (
        <>
          <div class="form-grid">
            <TextField label={t('org.name_kk')} lang="kk" value={name.kk} onInput={(v) => setName({ ...name, kk: v })} maxLength={200} hint={t('org.name_hint')} error={issueAt(issues, 'organization.name')} />
            <TextField label={t('org.name_ru')} lang="ru" value={name.ru} onInput={(v) => setName({ ...name, ru: v })} maxLength={200} />
            <TextField label={t('org.name_en')} lang="en" value={name.en} onInput={(v) => setName({ ...name, en: v })} maxLength={200} />
          </div>
          <div class="form-grid">
            <Select label={t('org.kind')} value={kind} onChange={setKind} options={ORG_KINDS.map((k) => ({ value: k, label: kindName(k) }))} />
            <Select label={t('org.region')} value={region} onChange={setRegion} options={REGIONS.map((r) => ({ value: r, label: regionName(r) }))} />
          </div>
          <TextField label={t('org.email')} type="email" autoComplete="email" hint={t('org.email_hint')} value={email} onInput={setEmail} maxLength={254} error={issueAt(issues, 'organization.contactEmail')} />
        </>
      )}
      <div class="form-actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('action.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy}>
          {t('org.submit')}
        </Button>
      </div>
    </form>
  );
}
