import { render } from 'preact';
import { App, preload, resolve } from './app';
import { lang, loadDictionary } from './i18n/i18n';
import { currentUrl } from './router';
import { loadMe } from './state/me';
import './styles/base.css';
import './styles/controls.css';
import './styles/feedback.css';
import './styles/header.css';

// Fetch the first page's code and "who am I" in parallel with the first render.
const first = resolve(currentUrl.get());
if (first) void preload(first.route).catch(() => undefined);
void loadMe().catch(() => undefined);
// Live pages need the socket: open it while their code downloads, not after.
if (/^\/s\//.test(location.pathname)) void import('./api/socket').then((m) => m.getSocket());
// A viewer's first frame needs the media handshake, not the page: start it while the page's code
// and data download (the page claims it, or releases it when the session is not live).
if (first?.route.path === '/s/:sessionId' && first.params.sessionId) {
  const sessionId = first.params.sessionId;
  void import('./pages/session/early-watch').then((m) => m.watchEarly(sessionId));
}

// The reader's dictionary downloads alongside the page's code; rendering waits for it (any text needs it).
const root = document.getElementById('app');
const start = () => root && render(<App />, root);
loadDictionary(lang.get()).then(start, start);
