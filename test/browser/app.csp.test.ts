import { beforeAll, describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, type ForumFixture } from '../helpers/factories';
import { axeViolations } from './helpers/axe';
import { browserSuite, person } from './helpers/browser';

// The page's Content-Security-Policy as Chromium enforces it: the client's own socket
// connects, a script's WebSocket to any other host is refused before it leaves the browser.
const suite = browserSuite();
let fx: ForumFixture;

beforeAll(async () => {
  fx = await forumWithSession(suite.app);
  await goLive(fx);
});

describe('content security policy', () => {
  it('lets the page reach its own server over WebSocket and refuses a WebSocket to another host', async () => {
    const { app, browser } = suite;
    const p = await person(browser, app, { as: await citizen(app) });
    await p.page.goto(`${app.url}/s/${fx.session.id}`);
    expect(await axeViolations(p.page)).toEqual([]);
    const port = new URL(app.url).port;
    const outcome = await p.page.evaluate(
      (target) =>
        new Promise<string>((resolve) => {
          const done = (r: string) => resolve(r);
          document.addEventListener('securitypolicyviolation', (e) => done(`blocked ${e.effectiveDirective}`), { once: true });
          const probe = (url: string) =>
            new Promise<string>((res) => {
              try {
                const ws = new WebSocket(url);
                ws.onopen = () => (ws.close(), res('open'));
                ws.onerror = () => res('error');
              } catch (e) {
                res(`threw ${(e as Error).name}`);
              }
            });
          // Same origin first: it must open.
          void probe(`ws://${location.host}/socket.io/?EIO=4&transport=websocket`).then((own) => {
            if (own !== 'open') return done(`own socket: ${own}`);
            void probe(target).then((r) => setTimeout(() => done(`not blocked: ${r}`), 500));
          });
        }),
      `ws://127.0.0.2:${port}/socket.io/?EIO=4&transport=websocket`,
    );
    expect(outcome).toBe('blocked connect-src');
    expect(p.problems.filter((m) => !/Content Security Policy|127\.0\.0\.2/.test(m))).toEqual([]);
    await p.context.close();
  });
});
