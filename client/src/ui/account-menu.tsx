import { useEffect, useRef, useState } from 'preact/hooks';
import { PEOPLE_ROUTES } from '../../../common/people.contract';
import { http } from '../api/http';
import { errorMessage } from '../api/errors';
import { t } from '../i18n/i18n';
import { currentUrl, Link, navigate } from '../router';
import { announceIdentityChange, loadMe, organizedForumIds, type Me } from '../state/me';
import { Icon } from './icons';
import { toast } from './toast';

/**
 * Signed-in staff: a disclosure with their name, the dashboard and sign out.
 * One button in the header keeps it usable at 360 px. Citizens never see it.
 */
export function AccountMenu({ me }: { me: Me }) {
  const [busy, setBusy] = useState(false);
  const ref = useRef<HTMLDetailsElement>(null);
  const organizes = me.actor.canCreateForums || organizedForumIds(me).length > 0;
  // Close on navigation, on Escape and on a click elsewhere, as menus do.
  useEffect(() => currentUrl.subscribe(() => ref.current?.removeAttribute('open')), []);
  useEffect(() => {
    const close = (e: Event) => {
      const d = ref.current;
      if (!d?.open) return;
      if (e instanceof KeyboardEvent ? e.key === 'Escape' : !d.contains(e.target instanceof Node ? e.target : null)) {
        d.removeAttribute('open');
        if (e instanceof KeyboardEvent) d.querySelector('summary')?.focus();
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  const signOut = async () => {
    setBusy(true);
    try {
      await http.call(PEOPLE_ROUTES.logout);
      await loadMe(true);
      announceIdentityChange();
      navigate('/');
    } catch (e) {
      toast(errorMessage(e), 'error');
    } finally {
      setBusy(false);
    }
  };
  return (
    <details ref={ref} class="account">
      <summary class="account-summary" aria-label={t('nav.account', { name: me.actor.displayName ?? '' })}>
        <Icon name="person" size={20} />
        <span class="account-name">{me.actor.displayName}</span>
      </summary>
      <div class="account-pop">
        <p class="account-who">{me.actor.displayName}</p>
        {organizes && (
          <Link href="/organize" class="account-item">
            {t('nav.dashboard')}
          </Link>
        )}
        <button type="button" class="account-item" onClick={signOut} disabled={busy}>
          {t('nav.sign_out')}
        </button>
      </div>
    </details>
  );
}
