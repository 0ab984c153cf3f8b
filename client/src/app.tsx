import type { ComponentType } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { API_DOCUMENTS } from '../../common/http-route';
import { connection } from './api/connection';
import { loadStrings, t, useLang } from './i18n/i18n';
import { currentUrl, Link, match, navigatedInApp, type Params } from './router';
import { ROUTES, type PageProps, type RouteDef } from './routes';
import { identityNotice, me } from './state/me';
import { useStore } from './state/store';
import { AccountMenu } from './ui/account-menu';
import { LangSwitcher } from './ui/lang-switcher';
import { Button } from './ui/button';
import { PageError, PageLoading } from './ui/loading';
import { Notice } from './ui/notice';
import { Toaster } from './ui/toast';

const loaded = new Map<RouteDef, ComponentType<PageProps>>();
const loading = new Map<RouteDef, Promise<ComponentType<PageProps>>>();

/** Starts fetching a page's chunk; called at boot for the first page, before anything renders. */
export function preload(r: RouteDef): Promise<ComponentType<PageProps>> {
  let p = loading.get(r);
  if (!p) {
    p = Promise.all([r.load(), ...(r.strings ?? []).map(loadStrings)]).then(([m]) => {
      loaded.set(r, m.default);
      return m.default;
    });
    p.catch(() => loading.delete(r));
    loading.set(r, p);
  }
  return p;
}

export function resolve(url: string): { route: RouteDef; params: Params } | undefined {
  const path = url.split('?')[0] ?? '/';
  for (const route of ROUTES) {
    const params = match(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}

function RouteView({ url }: { url: string }) {
  const found = resolve(url);
  const [, setTick] = useState(0);
  const [error, setError] = useState<unknown>(undefined);
  const route = found?.route;
  const Page = route && loaded.get(route);
  const missing = route !== undefined && !Page;
  useEffect(() => {
    setError(undefined);
    // Keyed on what this render showed, not on `loaded` now: the chunk may have arrived
    // between the render and this effect, and then only a new render shows the page.
    if (route && missing) preload(route).then(() => setTick((n) => n + 1), setError);
  }, [route, missing]);
  if (!found) return <NotFound />;
  if (error) return <PageError error={error} onRetry={() => location.reload()} />;
  if (!Page) return <PageLoading />;
  return <Page key={found.route.path + JSON.stringify(found.params)} params={found.params} />;
}

function NotFound() {
  return (
    <section class="page-error">
      <h1>{t('error.not_found_page')}</h1>
      <p>
        <Link href="/">{t('nav.home')}</Link>
      </p>
    </section>
  );
}

function ConnectionBanner() {
  const state = useStore(connection);
  if (state !== 'reconnecting') return null;
  return (
    <div class="conn-banner" role="status">
      <span class="spinner spinner-sm" aria-hidden="true" /> {t('conn.reconnecting')}
    </div>
  );
}

/** Why a page just changed under the reader: the server ended their sign-in or removed a role. */
function IdentityBanner() {
  const change = useStore(identityNotice);
  if (!change) return null;
  return (
    <div class="container identity-banner">
      <Notice tone="warning">
        <span>{t(change === 'signed_out' ? 'identity.signed_out' : 'identity.roles_changed')}</span>
        <Button size="sm" class="notice-action" onClick={() => identityNotice.set(undefined)}>
          {t('action.close')}
        </Button>
      </Notice>
    </div>
  );
}

export function App() {
  useLang();
  const url = useStore(currentUrl);
  const who = useStore(me);
  const mainRef = useRef<HTMLElement>(null);
  useEffect(() => {
    // After in-app navigation, focus the new page so screen readers and keyboards start there.
    if (navigatedInApp) mainRef.current?.focus({ preventScroll: true });
  }, [url]);
  return (
    <>
      <a class="skip-link" href="#main">
        {t('nav.skip')}
      </a>
      <header class="site-header">
        <div class="container header-row">
          <Link href="/" class="brand" aria-label={t('nav.home_label')}>
            <svg viewBox="0 0 32 32" width="28" height="28" aria-hidden="true">
              <rect width="32" height="32" rx="8" fill="currentColor" />
              <circle cx="16" cy="16" r="8.5" fill="none" stroke="#fec50c" stroke-width="3" />
              <circle cx="16" cy="16" r="3" fill="#fec50c" />
            </svg>
            <span class="brand-name">Birge</span>
          </Link>
          <nav class="header-nav" aria-label={t('nav.main')}>
            <LangSwitcher />
            {who?.actor.kind === 'account' && <AccountMenu me={who} />}
          </nav>
        </div>
        <ConnectionBanner />
        <IdentityBanner />
      </header>
      <main id="main" ref={mainRef} tabIndex={-1} class="site-main">
        <RouteView url={url} />
      </main>
      <footer class="site-footer">
        <div class="container footer-row">
          <span>{t('footer.about')}</span>
          <span class="footer-links">
            <Link href="/">{t('nav.forums')}</Link>
            {who?.actor.kind !== 'account' && <Link href="/login">{t('nav.staff_login')}</Link>}
            <a href={API_DOCUMENTS.openapi}>{t('footer.api')}</a>
          </span>
        </div>
      </footer>
      <Toaster />
    </>
  );
}
