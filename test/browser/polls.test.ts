import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { axeViolations } from './helpers/axe';
import { browserSuite, screenshot } from './helpers/browser';

// A live poll as people run it: real server, PostgreSQL and Redis, headless Chromium on the production build.
const suite = browserSuite();

describe('live polls in the browser', () => {
  it('a moderator prepares and opens a poll, a citizen votes on the session page, and the moderator sees the bars with their figures', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const mod = await suite.open({ as: await invited(suite.app, fx, 'moderator'), lang: 'en' }, `/s/${fx.session.id}/moderate`);
    await mod.page.getByRole('heading', { name: 'Waiting' }).waitFor();
    await mod.page.getByRole('tab', { name: 'Polls' }).click();
    await mod.page.getByText('New poll').click();
    await mod.page.getByRole('textbox', { name: 'Question in Kazakh' }).fill('Қай шара маңыздырақ?');
    await mod.page.getByRole('textbox', { name: 'Question in English' }).fill('Which measure matters more?');
    await mod.page.getByRole('textbox', { name: 'Answer 1 in Қазақша' }).fill('Ашық бюджет');
    await mod.page.getByRole('textbox', { name: 'Answer 1 in English' }).fill('Open budget');
    await mod.page.getByRole('textbox', { name: 'Answer 2 in Қазақша' }).fill('Қоғамдық кеңестер');
    await mod.page.getByRole('textbox', { name: 'Answer 2 in English' }).fill('Public councils');
    await mod.page.getByRole('button', { name: 'Save as draft' }).click();
    const card = mod.page.locator('.polls-console [data-poll]').first();
    await card.filter({ hasText: 'Draft' }).waitFor();
    expect(await axeViolations(mod.page)).toEqual([]);
    await card.getByRole('button', { name: 'Open', exact: true }).click();
    await card.locator('.poll-state', { hasText: 'Open' }).waitFor();

    // The citizen reads Kazakh: the poll, its answers and the button are in Kazakh.
    const viewer = await suite.open({ as: await citizen(suite.app), lang: 'kk' }, `/s/${fx.session.id}`);
    const poll = viewer.page.locator('.polls-panel [data-poll]');
    await poll.getByRole('heading', { name: '1-сауалнама' }).waitFor();
    await viewer.page.getByRole('heading', { name: 'Сауалнамалар' }).waitFor();
    expect(await axeViolations(viewer.page)).toEqual([]);
    await poll.getByRole('radio', { name: 'Қоғамдық кеңестер' }).check();
    await poll.getByRole('button', { name: 'Дауыс беру' }).click();
    await poll.getByText('Дауысыңыз есептелді.').waitFor();
    // Both see the bar of the chosen answer with its figures as text, not only its length.
    await poll.locator('.poll-bar', { hasText: 'Қоғамдық кеңестер' }).locator('.poll-bar-figure', { hasText: /^1 \(100\s?%\)$/ }).waitFor();
    // The moderator reads English: the answers show in English.
    await card.locator('.poll-bar', { hasText: 'Open budget' }).locator('.poll-bar-figure', { hasText: /^0 \(0\s?%\)$/ }).waitFor();
    await card.locator('.poll-bar', { hasText: 'Public councils' }).locator('.poll-bar-figure', { hasText: /^1 \(100\s?%\)$/ }).waitFor();
    await card.getByText('1 voter').waitFor();
    await poll.getByRole('button', { name: 'Дауысымды өзгерту' }).waitFor();
    await screenshot(viewer.page, 'polls-citizen-1280');
    await screenshot(mod.page, 'polls-moderator-1280');
    expect(await axeViolations(viewer.page)).toEqual([]);

    await card.getByRole('button', { name: 'Close', exact: true }).click();
    await poll.locator('.poll-state', { hasText: 'Аяқталды' }).waitFor();
    expect(await poll.getByRole('button', { name: 'Дауысымды өзгерту' }).count()).toBe(0);
    expect(await axeViolations(mod.page)).toEqual([]);
    expect([...viewer.problems, ...mod.problems]).toEqual([]);
  });

  it('a viewer downloads the polls code only once the session shows a poll', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const viewer = await suite.open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await viewer.page.getByRole('heading', { level: 1 }).waitFor();
    await viewer.page.waitForLoadState('networkidle');
    const pollsCode = () => viewer.page.evaluate(() => performance.getEntriesByType('resource').some((e) => /\/assets\/polls-panel-[^/]+\.js$/.test(e.name)));
    expect(await pollsCode()).toBe(false);
    const draft = await fx.org.post('/api/polls', { sessionId: fx.session.id, kind: 'single', question: { en: 'Which measure matters more?' }, options: [{ en: 'Open budget' }, { en: 'Public councils' }] });
    expect(draft.status).toBe(201);
    // A draft is the moderators' own: still nothing for the viewer to fetch.
    await viewer.page.waitForLoadState('networkidle');
    expect(await pollsCode()).toBe(false);
    expect((await fx.org.post(`/api/polls/${draft.data.id}/open`)).status).toBe(200);
    await viewer.page.locator('.polls-panel [data-poll]').getByRole('radio', { name: 'Open budget' }).waitFor();
    expect(await pollsCode()).toBe(true);
    expect(await axeViolations(viewer.page)).toEqual([]);
    expect(viewer.problems).toEqual([]);
  });
});
