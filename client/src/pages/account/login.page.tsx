import { useState } from 'preact/hooks';
import { PEOPLE_ROUTES } from '../../../../common/people.contract';
import { http } from '../../api/http';
import { t, useLang } from '../../i18n/i18n';
import { navigate, queryParam } from '../../router';
import { organizedForumIds, setMe } from '../../state/me';
import { Button } from '../../ui/button';
import { TextField } from '../../ui/field';
import { ErrorNotice } from '../../ui/notice';
import { useTitle } from '../../ui/page-title';
import './account.css';

/** Only a path on this site: `?next=` must not send anyone elsewhere after signing in. */
function safeNext(v: string | null): string | undefined {
  return v && v.startsWith('/') && !v.startsWith('//') ? v : undefined;
}

/** Staff sign-in (organizers with a password). Moderators and speakers arrive by invite link. */
export default function LoginPage() {
  useLang();
  useTitle(t('login.title'));
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const m = await http.call(PEOPLE_ROUTES.login, { body: { email: email.trim(), password } });
      setMe(m);
      navigate(safeNext(queryParam('next')) ?? (m.actor.canCreateForums || organizedForumIds(m).length ? '/organize' : '/'), { replace: true });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="container page narrow">
      <form class="card auth-card" onSubmit={submit} noValidate>
        <h1>{t('login.title')}</h1>
        <p class="lead">{t('login.lead')}</p>
        {error !== undefined && <ErrorNotice error={error} context={{ unauthorized: 'login.wrong' }} />}
        <TextField label={t('login.email')} type="email" value={email} onInput={setEmail} autoComplete="username" required />
        <TextField label={t('login.password')} type="password" value={password} onInput={setPassword} autoComplete="current-password" required />
        <Button type="submit" variant="primary" size="lg" busy={busy} disabled={!email || !password}>
          {t('login.submit')}
        </Button>
      </form>
    </div>
  );
}
