import { useState } from 'preact/hooks';
import { PEOPLE_ROUTES, type Grant } from '../../../../common/people.contract';
import { http } from '../../api/http';
import { t, useLang } from '../../i18n/i18n';
import type { PageProps } from '../../routes';
import { navigate } from '../../router';
import { loadMe, me, setMe } from '../../state/me';
import { useStore } from '../../state/store';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { ErrorNotice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import './account.css';

/** Where the new role is used. */
export function pageForGrant(g: Grant): string {
  if (g.role === 'organizer') return `/organize/${g.forumId}`;
  if (g.sessionId) return g.role === 'moderator' ? `/s/${g.sessionId}/moderate` : `/s/${g.sessionId}/studio`;
  return `/f/${g.forumId}`;
}

const sameGrant = (a: Grant, b: Grant) => a.role === b.role && a.forumId === b.forumId && a.sessionId === b.sessionId;

/** Redeeming an invite link: a name, one press, and the person lands on their console. */
export default function InvitePage({ params }: PageProps) {
  useLang();
  useTitle(t('invite.title'));
  const who = useStore(me);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const token = params.token ?? '';
  const account = who?.actor.kind === 'account' ? who.actor : undefined;
  const displayName = account?.displayName ?? name.trim();
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const before = (who ?? (await loadMe())).grants;
      const m = await http.call(PEOPLE_ROUTES.acceptInvite, { body: { token, displayName } });
      setMe(m);
      const added = m.grants.find((g) => !before.some((b) => sameGrant(b, g))) ?? m.grants[m.grants.length - 1];
      navigate(added ? pageForGrant(added) : '/', { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="container page narrow">
      <form class="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('invite.title')}</h1>
        <p class="lead">{t('invite.lead')}</p>
        {error !== undefined && (
          <ErrorNotice error={error} context={{ not_found: 'invite.invalid', conflict: 'invite.used', invalid_state: 'invite.expired' }} />
        )}
        {account ? (
          <p>{t('invite.as_account', { name: account.displayName ?? '' })}</p>
        ) : (
          <TextField label={t('invite.name')} hint={t('invite.name_hint')} value={name} onInput={setName} maxLength={60} autoComplete="name" required />
        )}
        <Button type="submit" variant="primary" size="lg" busy={busy} disabled={!displayName}>
          {t('invite.accept')}
        </Button>
      </form>
    </div>
  );
}
