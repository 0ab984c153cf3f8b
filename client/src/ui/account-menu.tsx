import { useState } from 'preact/hooks';
import { http } from '../api/http';
import { errorMessage } from '../api/errors';
import { t } from '../i18n/i18n';
import { Link, navigate } from '../router';
import { loadMe, organizedForumIds, type Me } from '../state/me';
import { toast } from './toast';

/** Signed-in staff: their name, the dashboard, and sign out. Citizens never see this. */
export function AccountMenu({ me }: { me: Me }) {
  const [busy, setBusy] = useState(false);
  const organizes = me.actor.canCreateForums || organizedForumIds(me).length > 0;
  const signOut = async () => {
    setBusy(true);
    try {
      await http.run('POST', '/api/auth/logout');
      await loadMe(true);
      navigate('/');
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="account">
      {organizes && (
        <Link href="/organize" class="header-link">
          {t('nav.dashboard')}
        </Link>
      )}
      <span class="account-name" title={me.actor.displayName ?? ''}>
        {me.actor.displayName}
      </span>
      <button type="button" class="header-link as-link" onClick={signOut} disabled={busy}>
        {t('nav.sign_out')}
      </button>
    </div>
  );
}
