import { beforeAll, describe, expect, it } from 'vitest';
import type { Lang } from '../../common/base';
import { citizen, forumWithSession, goLive, invited, type ForumFixture } from '../helpers/factories';
import { Client } from '../helpers/http';
import { lowContrast, unlabelled, untranslated } from './helpers/audit';
import { browserSuite, person, screenshot } from './helpers/browser';

// Every page of the app, as each kind of person sees it, at a 360 px phone and a 1280 px
// desktop, in all three languages: no dictionary key left on screen, every control named,
// text contrast at WCAG 2.1 AA. Screenshots go to test-artifacts/.
const suite = browserSuite();
let fx: ForumFixture;
let as: Record<'citizen' | 'organizer' | 'moderator' | 'speaker' | 'nobody', Client>;
let inviteToken: string;

beforeAll(async () => {
  const { app } = suite;
  fx = await forumWithSession(app);
  await goLive(fx);
  const [moderator, speaker, cit] = [await invited(app, fx, 'moderator'), await invited(app, fx, 'speaker'), await citizen(app)];
  as = { citizen: cit, organizer: fx.org, moderator, speaker, nobody: new Client(app.url) };
  const inv = await fx.org.post(`/api/forums/${fx.forum.id}/invites`, { role: 'moderator', sessionId: fx.session.id });
  inviteToken = inv.data.token;
});

interface PageCase {
  name: string;
  who: keyof typeof as;
  path: () => string;
}

const PAGES: PageCase[] = [
  { name: 'home', who: 'citizen', path: () => '/' },
  { name: 'forum home', who: 'citizen', path: () => `/f/${fx.forum.slug}` },
  { name: 'recommendations tracker', who: 'citizen', path: () => `/f/${fx.forum.slug}/tracker` },
  { name: 'session', who: 'citizen', path: () => `/s/${fx.session.id}` },
  { name: 'session recommendations', who: 'citizen', path: () => `/s/${fx.session.id}?tab=recs` },
  { name: 'moderator console', who: 'moderator', path: () => `/s/${fx.session.id}/moderate` },
  { name: 'speaker studio', who: 'speaker', path: () => `/s/${fx.session.id}/studio` },
  { name: 'organizer forums', who: 'organizer', path: () => '/organize' },
  { name: 'organizer sessions', who: 'organizer', path: () => `/organize/${fx.forum.id}` },
  { name: 'organizer recommendations', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=recs` },
  { name: 'organizer tracker', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=tracker` },
  { name: 'organizer attendance', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=attendance` },
  { name: 'organizer platforms', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=platforms` },
  { name: 'organizer forum details', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=details` },
  { name: 'organizer team', who: 'organizer', path: () => `/organize/${fx.forum.id}?tab=team` },
  { name: 'staff sign-in', who: 'nobody', path: () => '/login' },
  { name: 'invite', who: 'nobody', path: () => `/invite/${inviteToken}` },
  { name: 'missing page', who: 'citizen', path: () => '/no/such/page' },
];

const VIEWS: { lang: Lang; width: number }[] = [
  { lang: 'en', width: 1280 },
  { lang: 'en', width: 360 },
  { lang: 'kk', width: 360 },
  { lang: 'ru', width: 360 },
  { lang: 'kk', width: 1280 },
];

describe('every page', () => {
  it.each(PAGES)('the $name page is translated, labelled and readable at 360 and 1280 px in kk, ru and en', async ({ name, who, path }) => {
    const { app, browser } = suite;
    for (const { lang, width } of VIEWS) {
      const p = await person(browser, app, { as: as[who], lang, width });
      try {
        await p.page.goto(app.url + path());
        await p.page.locator('main h1').first().waitFor();
        await p.page.locator('main .page-loading, main .spinner-wrap').first().waitFor({ state: 'detached' });
        expect(await p.page.evaluate(() => document.documentElement.lang)).toBe(lang);
        const where = `${name} (${lang}, ${width}px)`;
        expect(await untranslated(p.page), where).toEqual([]);
        expect(await unlabelled(p.page), where).toEqual([]);
        expect(await lowContrast(p.page), where).toEqual([]);
        // Nothing sticks out sideways on a phone.
        expect(await p.page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1), where).toBe(true);
        expect(p.problems, where).toEqual([]);
        await screenshot(p.page, `page-${name.replace(/\s+/g, '-')}-${lang}-${width}`);
      } finally {
        await p.context.close();
      }
    }
  });
});
