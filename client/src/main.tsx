import { render } from 'preact';
import { App, preload, resolve } from './app';
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

const root = document.getElementById('app');
if (root) render(<App />, root);
