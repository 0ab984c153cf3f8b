/**
 * Organizations, ratings and follow-up in the browser: a representative registers on the
 * forum page, the organizer confirms on the dashboard, the representative's question and
 * recommendation carry the organization, citizens rate, and the public
 * tracker shows progress, a month-by-month chart and its feeds. Every page is checked
 * with axe-core (WCAG 2.1 A/AA) and for untranslated keys.
 */
import { describe, expect, it } from 'vitest';
import type { CompileRevisionView, TrackerView } from '../../common/recs.contract';
import { citizen, forumWithSession, goLive } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { connect, ok } from '../integration/qa.support';
import { untranslated } from './helpers/audit';
import { axeViolations } from './helpers/axe';
import { browserSuite, screenshot, type Person } from './helpers/browser';

const suite = browserSuite();

async function clean(p: Person) {
  expect(await axeViolations(p.page)).toEqual([]);
  expect(await untranslated(p.page)).toEqual([]);
  expect(p.problems).toEqual([]);
}

describe('organizations, ratings and the tracker in the browser', () => {
  it('a representative registers, the organizer confirms, citizens rate, and anyone follows the tracker', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const repClient = await citizen(suite.app);

    // Registration on the forum page.
    const rep = await suite.open({ as: repClient, lang: 'en' }, `/f/${fx.forum.slug}`);
    await rep.page.getByRole('button', { name: 'Register as a representative' }).click();
    await rep.page.getByRole('textbox', { name: 'Name in Kazakh' }).fill('Ашық қоғам қоры');
    await rep.page.getByRole('combobox', { name: 'Kind' }).selectOption('ngo');
    await rep.page.getByRole('combobox', { name: 'Region' }).selectOption('karaganda');
    await rep.page.getByRole('textbox', { name: 'Contact email' }).fill('office@open-society.kz');
    await clean(rep);
    await rep.page.getByRole('button', { name: 'Send for confirmation' }).click();
    await rep.page.getByText('waiting for confirmation').waitFor();

    // The organizer confirms it on the dashboard.
    const org = await suite.open({ as: fx.org, lang: 'ru' }, `/organize/${fx.forum.id}?tab=orgs`);
    const row = org.page.locator('[data-registration]').filter({ hasText: 'Ашық қоғам қоры' });
    await row.waitFor();
    await clean(org);
    await row.getByRole('button', { name: 'Подтвердить' }).click();
    await org.page.getByText('Сохранено.', { exact: true }).first().waitFor();
    // The participation figures count the confirmed organization by kind and region.
    await org.page.reload();
    const participation = org.page.getByRole('region', { name: 'Участие' });
    await participation.getByText('Карагандинская область: 1').waitFor();
    await participation.getByText('НПО: 1').waitFor();
    await screenshot(org.page, 'organizer-organizations-1280');

    // The representative's question names the organization on the session page (in Kazakh, the
    // only name it gave, within a Russian page): live when a moderator approves it, and again
    // from the snapshot after a reload.
    const viewer = await suite.open({ as: await citizen(suite.app), lang: 'ru' }, `/s/${fx.session.id}`);
    const repSocket = await connect(suite.app.url, repClient);
    const asked = await ok(repSocket, 'qa:ask', { sessionId: fx.session.id, text: 'Ашық деректер порталы қашан жаңартылады?', lang: 'kk' });
    const modSocket = await connect(suite.app.url, fx.org);
    await ok(modSocket, 'qa:approve', { questionId: asked.id });
    modSocket.disconnect();
    const question = viewer.page.locator(`[data-question="${asked.id}"]`);
    await question.getByText('От имени: Ашық қоғам қоры').waitFor();
    await clean(viewer);
    await viewer.page.reload();
    await question.getByText('От имени: Ашық қоғам қоры').waitFor();
    await screenshot(viewer.page, 'session-question-organization-1280');

    // The representative's recommendation carries the organization; a citizen rates it.
    await ok(repSocket, 'recs:submit', { sessionId: fx.session.id, text: 'Әкімдіктердің есептерін ашық деректер порталында ай сайын жариялау.', lang: 'kk' });
    repSocket.disconnect();
    const rater = await suite.open({ as: await citizen(suite.app), lang: 'kk' }, `/s/${fx.session.id}?tab=recs`);
    const item = rater.page.locator('[data-rec]').filter({ hasText: 'Әкімдіктердің есептерін' });
    await item.getByText('Атынан: Ашық қоғам қоры').waitFor();
    await item.getByRole('button', { name: 'Келісемін' }).click();
    await expect.poll(() => item.getByRole('button', { name: 'Келісемін' }).getAttribute('aria-pressed')).toBe('true');
    await clean(rater);
    await rater.page.reload();
    await expect.poll(() => rater.page.locator('[data-rec]').getByRole('button', { name: 'Келісемін' }).getAttribute('aria-pressed')).toBe('true');

    // End → compile → forum-wide set → publish → a status change; the public tracker shows it.
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    await eventually(async () => ((await fx.org.get(`/api/sessions/${fx.session.id}/compilations`)).data as CompileRevisionView[]).find((v) => v.status === 'done'), 60_000, 250);
    await fx.org.post(`/api/forums/${fx.forum.id}/compilations`, { ordering: 'consensus' });
    const set = await eventually(async () => ((await fx.org.get(`/api/forums/${fx.forum.id}/compilations`)).data as CompileRevisionView[]).find((v) => v.status === 'done'), 60_000, 250);
    await fx.org.put(`/api/forums/${fx.forum.id}/compilations/${set.revision}/published`, { published: true });
    const tracker = (await fx.org.get(`/api/forums/${fx.forum.id}/tracker`)).data as TrackerView;
    await fx.org.patch(`/api/tracker/${tracker.items[0]!.id}`, { status: 'in_progress', note: 'Жоба дайындалды.' });

    const reader = await suite.open({ as: await citizen(suite.app), lang: 'ru' }, `/f/${fx.forum.slug}/tracker`);
    await reader.page.getByRole('figure', { name: 'Статусы по месяцам' }).waitFor();
    await reader.page.getByRole('progressbar', { name: /Ход исполнения/ }).waitFor();
    expect(await reader.page.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href')).toBe(`/api/forums/${fx.forum.slug}/tracker.atom?lang=ru`);
    expect(await reader.page.getByRole('link', { name: 'Следить за этой рекомендацией' }).getAttribute('href')).toBe(`/api/tracker/${tracker.items[0]!.id}/feed.atom?lang=ru`);
    await reader.page.getByText('Хронология').click();
    await reader.page.getByText('Жоба дайындалды.').waitFor();
    await clean(reader);
    await screenshot(reader.page, 'tracker-follow-1280');
  }, 180_000);
});
