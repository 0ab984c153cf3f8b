import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, organizer } from '../helpers/factories';
import { Client } from '../helpers/http';
import { browserSuite, screenshot } from './helpers/browser';

// The organizer's dashboard against the real server, including the compile worker that
// turns an ended session into documents.
const suite = browserSuite();
const open = suite.open;

describe('the organizer dashboard', () => {
  it('an organizer ends a live session, watches it compile and downloads the PDF', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    // Something to compile: a citizen's recommendation, submitted over the live socket as the page would.
    const c = await citizen(suite.app);
    const viewer = await open({ as: c, lang: 'ru' }, `/s/${fx.session.id}?tab=recs`);
    await viewer.page.getByRole('button', { name: 'Предложить рекомендацию' }).click();
    await viewer.page.getByRole('textbox', { name: 'Рекомендация' }).fill('Опубликовать отчёты общественных советов в открытом доступе');
    await viewer.page.getByRole('textbox', { name: /Адресат/ }).fill('Министерство информации');
    await viewer.page.getByRole('button', { name: 'Отправить' }).click();
    await viewer.page.locator('[data-rec]').filter({ hasText: 'Опубликовать отчёты' }).waitFor();

    const org = await open({ as: fx.org, lang: 'en' }, `/organize/${fx.forum.id}`);
    const row = org.page.locator(`[data-session="${fx.session.id}"]`);
    await row.getByRole('button', { name: 'End session' }).click();
    const confirm = org.page.getByRole('dialog', { name: 'End this session?' });
    await confirm.getByRole('button', { name: 'End session' }).click();
    await row.getByText('Ended').waitFor();

    // The citizen's page follows the lifecycle by itself.
    await viewer.page.getByText('Трансляция завершена').waitFor();

    await org.page.getByRole('tab', { name: 'Recommendations' }).click();
    const item = org.page.locator(`.compile-item[data-session="${fx.session.id}"]`);
    await item.locator('[data-status="done"]').waitFor({ timeout: 45_000 });
    await screenshot(org.page, 'organizer-recommendations-1280');
    const [download] = await Promise.all([org.page.waitForEvent('download'), item.locator('a[data-format="pdf"]').click()]);
    const file = await download.path();
    const pdf = readFileSync(file);
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);

    // Compiling again with nothing changed answers the same revision (the button once posted to a route that did not exist).
    const [again] = await Promise.all([
      org.page.waitForResponse((r) => r.request().method() === 'POST' && r.url().includes(`/sessions/${fx.session.id}/compilations`)),
      item.getByRole('button', { name: 'Compile again' }).click(),
    ]);
    expect(again.status()).toBe(202);
    await item.locator('[data-status="done"]').waitFor();

    // Publishing makes the documents public on the session page.
    await item.getByRole('switch', { name: 'Published' }).check();
    await org.page.getByText('Published.', { exact: true }).waitFor();
    const anyone = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}?tab=recs`);
    await anyone.page.getByRole('heading', { name: 'Recommendations of this session' }).waitFor();
    expect(await anyone.page.locator('a[data-format="pdf"]').getAttribute('href')).toMatch(new RegExp(`/api/sessions/${fx.session.id}/compilations/\\d+/pdf`));
    expect(org.problems).toEqual([]);
  });

  it('an organizer creates a forum, a platform and a session, and invites a moderator by link', async () => {
    const orgClient = await organizer(suite.app);
    const org = await open({ as: orgClient, lang: 'en', width: 360 }, '/organize');
    await org.page.getByRole('button', { name: 'Create a forum' }).click();
    const slug = `f-ui-${Date.now().toString(36)}`;
    const form = org.page.locator('form').filter({ has: org.page.getByRole('group', { name: /Forum title/ }) });
    await form.getByRole('group', { name: /Forum title/ }).getByRole('textbox', { name: 'Қазақша' }).fill('Азаматтық форум 2026');
    await form.getByRole('group', { name: /Forum title/ }).getByRole('textbox', { name: 'Русский' }).fill('Гражданский форум 2026');
    await form.getByRole('textbox', { name: 'Web address' }).fill(slug);
    await form.getByLabel('First day').fill('2026-11-23');
    await screenshot(org.page, 'organizer-new-forum-360');
    await form.getByRole('button', { name: 'Create a forum' }).click();
    await org.page.waitForURL(/\/organize\/[0-9a-f-]{36}/);
    await org.page.getByRole('heading', { name: 'Азаматтық форум 2026' }).waitFor();

    await org.page.getByRole('tab', { name: 'Platforms' }).click();
    await org.page.getByRole('button', { name: 'New platform' }).click();
    await org.page.getByRole('group', { name: /Platform name/ }).getByRole('textbox', { name: 'Русский' }).fill('Цифровизация');
    await org.page.getByRole('button', { name: 'Add platform' }).click();
    await org.page.locator('.org-platform').filter({ hasText: 'Цифровизация' }).waitFor();

    await org.page.getByRole('tab', { name: 'Sessions' }).click();
    await org.page.getByRole('button', { name: 'New session' }).click();
    const dialog = org.page.getByRole('dialog', { name: 'New session' });
    await dialog.getByRole('group', { name: /Session title/ }).getByRole('textbox', { name: 'Русский' }).fill('Открытые данные');
    await dialog.getByRole('button', { name: 'Add a speaker' }).click();
    await dialog.getByRole('textbox', { name: 'Name' }).fill('Министр цифрового развития');
    await dialog.getByRole('button', { name: 'Schedule' }).click();
    const row = org.page.locator('.org-session').filter({ hasText: 'Открытые данные' });
    await row.waitFor();
    expect(await row.textContent()).toContain('10:00–12:00');

    await row.getByRole('button', { name: 'Invite' }).click();
    const invite = org.page.getByRole('dialog', { name: /Invite to/ });
    await invite.getByRole('button', { name: /Create moderator link/ }).click();
    const url = await invite.getByRole('textbox', { name: 'Invite link' }).inputValue();
    expect(url).toMatch(/\/invite\/[\w-]{20,}$/);
    await screenshot(org.page, 'organizer-invite-360');

    // The invited person follows the link and lands in the moderator console.
    const mod = await open({ as: new Client(suite.app.url), lang: 'kk' }, new URL(url).pathname);
    await mod.page.getByRole('textbox', { name: 'Атыңыз' }).fill('Әсем Модератор');
    await mod.page.getByRole('button', { name: 'Шақыруды қабылдау' }).click();
    await mod.page.waitForURL(/\/moderate$/);
    await mod.page.getByRole('heading', { name: 'Күтуде' }).waitFor();
    await screenshot(mod.page, 'moderator-console-kk-1280');
  });

  it('an organizer compiles the forum set, publishes it and records progress in the tracker that citizens read', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const c = await citizen(suite.app);
    const viewer = await open({ as: c, lang: 'en' }, `/s/${fx.session.id}?tab=recs`);
    await viewer.page.getByRole('button', { name: 'Propose a recommendation' }).click();
    await viewer.page.getByRole('textbox', { name: 'Recommendation' }).fill('Publish the budgets of public councils every quarter');
    await viewer.page.getByRole('button', { name: 'Submit' }).click();
    await viewer.page.locator('[data-rec]').waitFor();
    const end = await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect(end.status).toBe(200);

    const org = await open({ as: fx.org, lang: 'ru' }, `/organize/${fx.forum.id}?tab=recs`);
    await org.page.locator(`.compile-item[data-session="${fx.session.id}"] [data-status="done"]`).waitFor({ timeout: 45_000 });
    await org.page.getByRole('button', { name: 'Собрать свод форума' }).click();
    const forumSet = org.page.locator('.panel .compile-status[data-status="done"]');
    await forumSet.waitFor({ timeout: 45_000 });
    await forumSet.getByRole('switch', { name: 'Опубликовано' }).check();
    await org.page.getByText('Опубликовано.', { exact: true }).waitFor();

    await org.page.getByRole('tab', { name: 'Исполнение' }).click();
    const item = org.page.locator('.tracker-item').filter({ hasText: 'Publish the budgets' });
    await item.getByRole('button', { name: 'Изменить' }).click();
    await item.getByRole('combobox', { name: 'Статус' }).selectOption('executed');
    await item.getByRole('textbox', { name: 'Ответственный орган' }).fill('Министерство финансов');
    await item.getByRole('textbox', { name: /Комментарий о ходе работы/ }).fill('Бюджеты публикуются с I квартала 2027 года');
    await item.getByRole('button', { name: 'Сохранить' }).click();
    await item.locator('.tchip-executed').waitFor();
    await screenshot(org.page, 'organizer-tracker-ru-1280');

    const reader = await open({ as: await citizen(suite.app), lang: 'kk', width: 360 }, `/f/${fx.forum.slug}/tracker`);
    await reader.page.locator('.tallies-line').filter({ hasText: '1 тармақтың:' }).filter({ hasText: 'орындалды' }).waitFor();
    await reader.page.getByText('Министерство финансов').waitFor();
    // The item's timeline: when it joined the tracker, then the status change.
    await reader.page.getByText('Тарихы (2 жазба)').click();
    await reader.page.getByText('Бюджеты публикуются с I квартала 2027 года', { exact: false }).waitFor();
    await screenshot(reader.page, 'tracker-public-kk-360');
  });
});

