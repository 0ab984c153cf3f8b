import { beforeAll, describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, type ForumFixture } from '../helpers/factories';
import { untranslated } from './helpers/audit';
import { browserSuite, screenshot } from './helpers/browser';

const suite = browserSuite();

let fx: ForumFixture;
beforeAll(async () => {
  fx = await forumWithSession(suite.app);
  await goLive(fx);
});

describe('languages', () => {
  it('the switcher turns the interface into Kazakh and Russian, with no untranslated keys, and remembers the choice', async () => {
    const p = await suite.person({ as: await citizen(suite.app), lang: 'en', width: 360 });
    const { page } = p;
    await page.goto(`${suite.app.url}/f/${fx.forum.slug}`);
    await page.getByRole('heading', { name: 'Programme' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');

    await page.getByRole('button', { name: 'Қазақша' }).click();
    await page.getByRole('heading', { name: 'Бағдарлама' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('kk');
    expect(await page.getByRole('button', { name: 'Қазақша' }).getAttribute('aria-pressed')).toBe('true');
    // Dates in Kazakh even where the browser has no Kazakh calendar data.
    expect(await page.locator('.day-tab-date').first().textContent()).toBe('23 қараша, дүйсенбі');
    expect(await page.locator('.hero-dates').textContent()).toContain('2026 ж. 23–27 қараша');
    expect(await untranslated(page)).toEqual([]);
    await screenshot(page, 'forum-home-kk-360');

    // Remembered on this device.
    await page.reload();
    await page.getByRole('heading', { name: 'Бағдарлама' }).waitFor();
    expect(await page.evaluate(() => localStorage.getItem('birge.lang'))).toBe('kk');

    await page.getByRole('button', { name: 'Русский' }).click();
    await page.getByRole('heading', { name: 'Программа' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await page.locator('.day-tab-date').first().textContent()).toBe('понедельник, 23 ноября');
    expect(await untranslated(page)).toEqual([]);

    // The content keeps its own language: the session has no English title, so the forum's first language (Kazakh) is shown and marked.
    await page.getByRole('button', { name: 'English' }).click();
    const title = page.locator('.session-title').first();
    await title.locator('.lang-tag').waitFor();
    expect(await title.locator('[lang="kk"]').count()).toBeGreaterThan(0);

    // Into a session page, in Russian: the live parts are translated too, numbers and plurals included.
    await page.getByRole('button', { name: 'Русский' }).click();
    await page.goto(`${suite.app.url}/s/${fx.session.id}`);
    await page.getByRole('textbox', { name: 'Ваш вопрос', exact: true }).waitFor();
    await page.getByRole('tab', { name: 'Рекомендации' }).click();
    await page.getByRole('button', { name: 'Предложить рекомендацию' }).waitFor();
    expect(await page.locator('.sr-only', { hasText: /зрител/ }).first().textContent()).toMatch(/^\d+ зрител(ь|я|ей)$/);
    expect(await untranslated(page)).toEqual([]);
    expect(p.problems).toEqual([]);
  });
});
