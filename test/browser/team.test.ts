import { describe, expect, it } from 'vitest';
import { MeView } from '../../common/people.contract';
import { forumWithSession, goLive, invited } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { axeViolations } from './helpers/axe';
import { browserSuite } from './helpers/browser';

// The forum team: an organizer removes a role and the person's open pages lose it at once;
// a sign-out in one tab reaches the other tabs of that sign-in.
const suite = browserSuite();

async function nameOf(c: Client): Promise<string> {
  const r = await c.get('/api/me');
  const me = MeView.parse(r.data);
  if (me.actor.kind !== 'account' || !me.actor.displayName) throw new Error('not an account');
  return me.actor.displayName;
}

describe('the forum team page', () => {
  it('removes a moderator role and the moderator console open elsewhere turns into the public view at once; the last organizer stays', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const moderator = await invited(suite.app, fx, 'moderator');
    const modName = await nameOf(moderator);
    const orgName = await nameOf(fx.org);

    const mod = await suite.open({ as: moderator, lang: 'en' }, `/s/${fx.session.id}/moderate`);
    await mod.page.getByRole('radiogroup', { name: 'Show' }).waitFor();
    expect(await axeViolations(mod.page)).toEqual([]);

    const org = await suite.open({ as: fx.org, lang: 'en' }, `/organize/${fx.forum.id}?tab=team`);
    const table = org.page.getByRole('table', { name: 'People and their roles in this forum' });
    const modRow = table.getByRole('row').filter({ has: org.page.getByRole('rowheader', { name: modName }) });
    await modRow.waitFor();
    expect(await modRow.getByRole('cell').nth(0).textContent()).toBe('moderator');
    expect(await modRow.getByRole('cell').nth(1).textContent()).toContain('Қоғамдық кеңестердің тиімділігі');
    expect(await axeViolations(org.page)).toEqual([]);

    await org.page.getByRole('button', { name: `Remove the moderator role from ${modName}` }).click();
    const confirm = org.page.getByRole('dialog', { name: 'Remove the moderator role' });
    await confirm.getByText(`${modName} will no longer be a moderator anywhere in this forum.`).waitFor();
    expect(await axeViolations(org.page)).toEqual([]);
    await confirm.getByRole('button', { name: 'Remove the moderator role' }).click();
    await org.page.getByText(`${modName} is no longer a moderator in this forum.`).waitFor();
    await modRow.waitFor({ state: 'detached' });

    // The server closed the moderator's socket: the page re-reads who it is, rejoins as a viewer and says why.
    await mod.page.getByText('You are not a moderator of this session.').waitFor({ timeout: 15_000 });
    await mod.page.getByText('Your roles in this forum changed. This page now shows what you may still do.').waitFor();
    expect(await axeViolations(mod.page)).toEqual([]);

    // The only organizer cannot remove themselves: the dialog says why, the role stays.
    await org.page.getByRole('button', { name: `Remove the organizer role from ${orgName}` }).click();
    const last = org.page.getByRole('dialog', { name: 'Remove the organizer role' });
    await last.getByRole('button', { name: 'Remove the organizer role' }).click();
    await last.getByRole('alert').getByText('This is the forum’s only organizer. Invite another organizer before removing this role.').waitFor();
    expect(await axeViolations(org.page)).toEqual([]);
    const team = await fx.org.get(`/api/forums/${fx.forum.id}/team`);
    expect(team.status).toBe(200);
    expect(JSON.stringify(team.data)).toContain('"role":"organizer"');
    expect(mod.problems).toEqual([]);
    expect(org.problems).toEqual([]);
  });

  it('turns the other tabs of the same sign-in into the signed-out view when one tab signs out (with a live connection or without)', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const moderator = await invited(suite.app, fx, 'moderator');
    const modName = await nameOf(moderator);

    const tabA = await suite.open({ as: moderator, lang: 'en' }, `/s/${fx.session.id}/moderate`);
    await tabA.page.getByRole('radiogroup', { name: 'Show' }).waitFor();
    await tabA.page.locator('summary.account-summary').filter({ hasText: modName }).waitFor();
    expect(await axeViolations(tabA.page)).toEqual([]);

    // A second tab of the same browser profile: the same sign-in.
    const tabB = await tabA.context.newPage();
    await tabB.goto(`${suite.app.url}/s/${fx.session.id}`);
    // A third tab on a page without a live connection (the forum home) hears of it from the browser.
    const tabC = await tabA.context.newPage();
    await tabC.goto(`${suite.app.url}/f/${fx.forum.slug}`);
    await tabC.locator('summary.account-summary').filter({ hasText: modName }).waitFor();
    await tabB.locator('summary.account-summary').filter({ hasText: modName }).click();
    expect(await axeViolations(tabB)).toEqual([]);
    await tabB.getByRole('button', { name: 'Sign out' }).click();
    await tabB.getByRole('link', { name: 'Staff sign-in' }).waitFor();

    await tabA.page.getByText('You were signed out (in another tab, window or device). You now see the public view.').waitFor({ timeout: 15_000 });
    expect(await tabA.page.locator('summary.account-summary').count()).toBe(0);
    await tabA.page.getByText('You are not a moderator of this session.').waitFor();
    expect(await axeViolations(tabA.page)).toEqual([]);
    await tabC.getByText('You were signed out (in another tab, window or device). You now see the public view.').waitFor();
    expect(await tabC.locator('summary.account-summary').count()).toBe(0);
    expect(await axeViolations(tabC)).toEqual([]);
    expect(tabA.problems).toEqual([]);
  });
});
