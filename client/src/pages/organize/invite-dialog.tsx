import { useState } from 'preact/hooks';
import { PEOPLE_ROUTES, type InviteCreated } from '../../../../common/people.contract';
import { isLanguageRole, LANG_NAMES, LANGS, type Lang, type Role } from '../../../../common/base';
import { http } from '../../api/http';
import { formatDateTime } from '../../i18n/format';
import { t } from '../../i18n/i18n';
import { Button } from '../../ui/button';
import { Dialog } from '../../ui/dialog';
import { Select, TextField } from '../../ui/field';
import { ErrorNotice, Notice } from '../../ui/notice';

const TTL_HOURS = ['24', '72', '168', '720'] as const;

/**
 * Makes a single-use invite link and shows it for copying. The link is the only
 * secret: it is shown once and never stored in the page after the dialog closes.
 */
export function InviteDialog({
  open,
  onClose,
  forumId,
  timeZone,
  session,
  roles,
}: {
  open: boolean;
  onClose: () => void;
  forumId: string;
  timeZone: string;
  session?: { id: string; title: string };
  roles: readonly Role[];
}) {
  const [role, setRole] = useState<Role>(roles[0] ?? 'moderator');
  const [label, setLabel] = useState('');
  const [ttl, setTtl] = useState<(typeof TTL_HOURS)[number]>('168');
  const [language, setLanguage] = useState<Lang>('kk');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<InviteCreated | undefined>(undefined);
  const [copied, setCopied] = useState(false);

  const close = () => {
    setCreated(undefined);
    setCopied(false);
    setError(undefined);
    setLabel('');
    onClose();
  };
  const create = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const body = {
        role,
        ...(session && role !== 'organizer' ? { sessionId: session.id } : {}),
        ...(isLanguageRole(role) ? { language } : {}),
        ...(label.trim() ? { label: label.trim() } : {}),
        ttlHours: Number(ttl),
      };
      setCreated(await http.call(PEOPLE_ROUTES.createInvite, { params: { forumId }, body }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const copy = async () => {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.url);
      setCopied(true);
    } catch {
      // Clipboard refused (insecure context): the field is selected for a manual copy instead.
      document.getElementById('invite-url')?.focus();
    }
  };
  const roleName = (r: Role) => t(`role.${r}`);
  return (
    <Dialog open={open} onClose={close} title={session ? t('invite.dialog_title_session', { title: session.title }) : t('invite.dialog_title')}>
      {created ? (
        <div class="stack-form">
          <Notice tone="success">{t('invite.created', { role: roleName(role) })}</Notice>
          <label class="field-label" for="invite-url">
            {t('invite.link')}
          </label>
          <div class="copy-row">
            <input id="invite-url" class="input mono" readOnly value={created.url} onFocus={(e) => e.currentTarget.select()} />
            <Button variant="primary" onClick={copy}>
              {copied ? t('action.copied') : t('action.copy')}
            </Button>
          </div>
          <p class="muted small">{t('invite.expires', { at: formatDateTime(created.expiresAt, timeZone) })}</p>
          <div class="form-actions">
            <Button onClick={close}>{t('action.close')}</Button>
          </div>
        </div>
      ) : (
        <form onSubmit={create} class="stack-form" noValidate>
          {error !== undefined && <ErrorNotice error={error} />}
          {roles.length > 1 && <Select label={t('invite.role')} value={role} onChange={setRole} options={roles.map((r) => ({ value: r, label: roleName(r) }))} />}
          {isLanguageRole(role) && (
            <Select label={t('invite.language')} hint={t('invite.language_hint')} value={language} onChange={setLanguage} options={LANGS.map((l) => ({ value: l, label: LANG_NAMES[l] }))} />
          )}
          <TextField label={`${t('invite.label')} (${t('common.optional')})`} hint={t('invite.label_hint')} value={label} onInput={setLabel} maxLength={120} />
          <Select
            label={t('invite.valid_for')}
            value={ttl}
            onChange={setTtl}
            options={TTL_HOURS.map((h) => ({ value: h, label: t('invite.days', { count: Number(h) / 24 }) }))}
          />
          <div class="form-actions">
            <Button onClick={close} variant="ghost">
              {t('action.cancel')}
            </Button>
            <Button type="submit" variant="primary" busy={busy}>
              {t('invite.create', { role: roleName(role) })}
            </Button>
          </div>
        </form>
      )}
    </Dialog>
  );
}
