import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive } from '../helpers/factories';
import { axeViolations } from './helpers/axe';
import { browserSuite } from './helpers/browser';

// The session page's shell names its first-frame chunks as module preloads (server/http/client-shell.ts).
const suite = browserSuite();

const preloads = (html: string) => [...html.matchAll(/<link rel="modulepreload" crossorigin href="([^"]+)">/g)].map((m) => m[1]!);

describe('the session page shell', () => {
  it('preloads the session page and media chunks on a session page, and only there', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const get = async (p: string) => {
      const r = await fetch(suite.app.url + p, { headers: { accept: 'text/html' } });
      expect(r.status).toBe(200);
      return r.text();
    };
    const session = preloads(await get(`/s/${fx.session.id}`));
    expect(session.some((f) => /^\/assets\/session\.page-[^/]+\.js$/.test(f))).toBe(true);
    expect(session.some((f) => /^\/assets\/media-[^/]+\.js$/.test(f))).toBe(true);
    // Every hint names a file the server has.
    for (const f of session) expect((await fetch(suite.app.url + f)).status).toBe(200);
    // Other pages (the moderator console of the same session, the home page) do not pay for it.
    for (const p of ['/', `/s/${fx.session.id}/moderate`]) expect(preloads(await get(p)).some((f) => /media-|session\.page-/.test(f))).toBe(false);

    // The browser takes the hint: it asks for the page's and the media chunks before the shell's own
    // script has even arrived, which the boot code (the only other one to ask for them) cannot do.
    const viewer = await suite.open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await viewer.page.getByRole('heading', { level: 1 }).waitFor();
    const timing = await viewer.page.evaluate(() => {
      const all = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
      const of = (re: RegExp) => all.find((e) => re.test(new URL(e.name).pathname));
      const shell = of(/^\/assets\/index-[^/]+\.js$/);
      return { shellArrived: shell?.responseEnd, page: of(/^\/assets\/session\.page-[^/]+\.js$/)?.startTime, media: of(/^\/assets\/media-[^/]+\.js$/)?.startTime };
    });
    expect(timing.page).toBeLessThan(timing.shellArrived!);
    expect(timing.media).toBeLessThan(timing.shellArrived!);
    expect(await axeViolations(viewer.page)).toEqual([]);
    expect(viewer.problems).toEqual([]);
  });
});
