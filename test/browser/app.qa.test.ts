import { describe, expect, it } from 'vitest';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { browserSuite, screenshot, type Person } from './helpers/browser';

// The live Q&A as people use it: real server, real PostgreSQL and Redis, headless Chromium
// pages driving the production build of the client.
const suite = browserSuite();
const open = suite.open;

/** A live session with a moderator's console open. */
async function liveWithModerator() {
  const fx = await forumWithSession(suite.app);
  await goLive(fx);
  const mod = await open({ as: await invited(suite.app, fx, 'moderator'), lang: 'en' }, `/s/${fx.session.id}/moderate`);
  await mod.page.getByRole('heading', { name: 'Waiting' }).waitFor();
  return { fx, mod };
}

async function ask(p: Person, text: string) {
  await p.page.getByRole('textbox', { name: 'Your question', exact: true }).fill(text);
  await p.page.getByRole('button', { name: 'Ask', exact: true }).click();
}

describe('live questions in the browser', () => {
  it('a citizen asks, a moderator approves, a second citizen sees it and upvotes, and the first sees the vote', async () => {
    const { fx, mod } = await liveWithModerator();
    const first = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(first, 'Когда будет опубликован отчёт о госзакупках?');
    const mine = first.page.locator('[data-my-question]');
    await mine.filter({ hasText: 'Waiting for the moderator' }).waitFor();

    // The moderator's queue updates by itself; the first item is selected, A approves it.
    const pending = mod.page.locator('[data-pending]').filter({ hasText: 'Когда будет опубликован отчёт о госзакупках?' });
    await pending.waitFor();
    await screenshot(mod.page, 'moderator-console-1280');
    await mod.page.keyboard.press('a');
    await pending.waitFor({ state: 'detached' });
    await mod.page.locator('[data-approved]').filter({ hasText: 'госзакупках' }).waitFor();
    await mine.filter({ hasText: 'Published' }).waitFor();

    const second = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    const item = second.page.locator('[data-question]').filter({ hasText: 'госзакупках' });
    await item.waitFor();
    // Its own language is kept and shown to an English reader: Russian was picked from the text itself.
    expect(await item.locator('.question-text').getAttribute('lang')).toBe('ru');
    expect(await item.locator('.lang-tag').textContent()).toBe('РУС');
    const vote = item.getByRole('button', { name: /Support this question/ });
    expect(await vote.getAttribute('aria-pressed')).toBe('false');
    await vote.click();
    await item.getByRole('button', { name: /Withdraw your support, 1 vote/ }).waitFor();

    // The first citizen's page learns of the vote from the ranking broadcast.
    await first.page.locator('[data-question]').filter({ hasText: 'госзакупках' }).locator('.vote-count', { hasText: /^1$/ }).waitFor();
    await screenshot(first.page, 'session-citizen-1280');
    // A moderator (not only organizers) reads the session's audit trail in the console.
    await mod.page.locator('.audit-list li').filter({ hasText: 'question.approve' }).waitFor();
    expect([...first.problems, ...second.problems, ...mod.problems]).toEqual([]);
  });

  it('shows a question containing markup as text and runs none of it', async () => {
    const { fx, mod } = await liveWithModerator();
    const payload = '<img src=x onerror=alert(1)> Is this safe?';
    const author = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(author, payload);
    const pending = mod.page.locator('[data-pending]').filter({ hasText: payload });
    await pending.waitFor();
    await pending.getByRole('button', { name: /Approve/ }).click();

    const reader = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    const text = reader.page.locator('[data-question] .question-text');
    await text.filter({ hasText: 'Is this safe?' }).waitFor();
    expect(await text.first().textContent()).toBe(payload);
    for (const p of [reader, author, mod]) {
      expect(await p.page.locator('img[src="x"]').count()).toBe(0);
      expect(p.dialogs).toEqual([]);
    }
    expect(await author.page.locator('[data-my-question] .question-text').first().textContent()).toBe(payload);
  });

  it("tells the author why a question was rejected, chosen from the moderator's keyboard", async () => {
    const { fx, mod } = await liveWithModerator();
    const author = await open({ as: await citizen(suite.app), lang: 'ru' }, `/s/${fx.session.id}`);
    await author.page.getByRole('textbox', { name: 'Ваш вопрос', exact: true }).fill('Вопрос не по теме сессии');
    await author.page.getByRole('button', { name: 'Спросить', exact: true }).click();
    await mod.page.locator('[data-pending]').filter({ hasText: 'не по теме' }).waitFor();
    await mod.page.keyboard.press('r');
    const dialog = mod.page.getByRole('dialog', { name: 'Reject the question' });
    await dialog.waitFor();
    await mod.page.keyboard.press('2');
    expect(await dialog.getByRole('radio', { name: /same question was already asked/ }).isChecked()).toBe(true);
    await dialog.getByRole('button', { name: 'Reject' }).click();
    await author.page.locator('[data-my-question]').filter({ hasText: 'Не опубликован' }).filter({ hasText: 'Причина: такой вопрос уже задан.' }).waitFor();
    // The trail shows who did it.
    await mod.page.locator('.audit-list').filter({ hasText: 'reject' }).waitFor();
    await screenshot(author.page, 'session-rejected-ru-1280');
  });

  it('says how long to wait when a citizen asks too often', async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    const p = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    for (let i = 1; i <= suite.app.config.qa.questionsPerMinute; i++) {
      await ask(p, `Question number ${i} about public councils`);
      await p.page.locator('[data-my-question]').nth(i - 1).waitFor();
    }
    await ask(p, 'One question too many');
    const error = p.page.locator('.field-error', { hasText: /Too many attempts\. Try again in \d+ seconds?\./ });
    await error.waitFor();
    expect(await p.page.getByRole('textbox', { name: 'Your question', exact: true }).inputValue()).toBe('One question too many');
  });

  it('a page that lost its connection reconnects by itself and shows what happened meanwhile', async () => {
    const { fx, mod } = await liveWithModerator();
    const viewerClient = await citizen(suite.app);
    const viewer = await open({ as: viewerClient, lang: 'en' }, `/s/${fx.session.id}`);
    await viewer.page.getByText('No questions yet. Be the first to ask.').waitFor();
    const me = await viewerClient.get('/api/me');
    const viewerId: string = me.data.actor.id;

    const author = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(author, 'Asked while the other page was offline');
    const pending = mod.page.locator('[data-pending]').filter({ hasText: 'while the other page was offline' });
    await pending.waitFor();

    // Cut the viewer's connection from the server side, then approve while it is away.
    let cut = 0;
    for (const s of suite.app.io.of('/').sockets.values()) {
      if (s.data.actor.id === viewerId) {
        s.conn.close();
        cut++;
      }
    }
    expect(cut).toBeGreaterThan(0);
    await pending.getByRole('button', { name: /Approve/ }).click();
    await viewer.page.locator('[data-question]').filter({ hasText: 'while the other page was offline' }).waitFor({ timeout: 15_000 });
  });

  it('a moderator turns an answered question into a recommendation that citizens then endorse', async () => {
    const { fx, mod } = await liveWithModerator();
    const author = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(author, 'Will public councils get their own budget line?');
    await mod.page.locator('[data-pending]').filter({ hasText: 'own budget line' }).waitFor();
    await mod.page.keyboard.press('a');
    const published = mod.page.locator('[data-approved]').filter({ hasText: 'own budget line' });
    await published.waitFor();
    await mod.page.keyboard.press('2');
    await mod.page.keyboard.press('d');
    await published.getByText('Answered', { exact: true }).waitFor();
    await mod.page.keyboard.press('p');
    const dialog = mod.page.getByRole('dialog', { name: 'Draft a recommendation from this question' });
    await dialog.getByRole('textbox', { name: 'Recommendation' }).fill('Give every public council its own budget line');
    await dialog.getByRole('textbox', { name: 'What the speaker answered' }).fill('The ministry will propose it in the next budget');
    await dialog.getByRole('textbox', { name: /Addressed to/ }).fill('Ministry of Finance');
    await dialog.getByRole('button', { name: 'To recommendation' }).click();
    const draft = mod.page.locator('[data-rec-mod]').filter({ hasText: 'its own budget line' });
    await draft.waitFor();
    await draft.getByRole('button', { name: 'Open' }).click();
    await draft.waitFor({ state: 'detached' });

    const reader = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}?tab=recs`);
    const rec = reader.page.locator('[data-rec]').filter({ hasText: 'its own budget line' });
    await rec.getByText('The ministry will propose it in the next budget').waitFor();
    await rec.getByRole('button', { name: /Support this recommendation \(0 supporters\)/ }).click();
    await rec.getByRole('button', { name: /Withdraw your support \(1 supporter\)/ }).waitFor();
    expect(mod.problems).toEqual([]);
  });

  it('a citizen proposes a recommendation in Kazakh; its language follows the text and a second citizen endorses it', async () => {
    const { fx } = await liveWithModerator();
    const author = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}?tab=recs`);
    await author.page.getByRole('button', { name: 'Propose a recommendation' }).click();
    const text = 'Қоғамдық кеңестерге жеке бюджет жолын бөлу қажет';
    await author.page.getByRole('textbox', { name: 'Recommendation' }).fill(text);
    expect(await author.page.getByRole('combobox', { name: 'Language' }).inputValue()).toBe('kk');
    await author.page.getByRole('textbox', { name: /Addressed to/ }).fill('Қаржы министрлігі');
    await author.page.getByRole('button', { name: 'Submit', exact: true }).click();
    await author.page.locator('[data-rec]').filter({ hasText: text }).waitFor();

    const reader = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}?tab=recs`);
    const rec = reader.page.locator('[data-rec]').filter({ hasText: text });
    expect(await rec.locator('.rec-text').getAttribute('lang')).toBe('kk');
    await rec.getByRole('button', { name: /Support this recommendation \(0 supporters\)/ }).click();
    await rec.getByRole('button', { name: /Withdraw your support \(1 supporter\)/ }).waitFor();
    expect([...author.problems, ...reader.problems]).toEqual([]);
  });

  it('a moderator merges two waiting questions into a published one from the keyboard, then undoes it', async () => {
    const { fx, mod } = await liveWithModerator();
    const a = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(a, 'How are members of public councils chosen?');
    await mod.page.locator('[data-pending]').filter({ hasText: 'members of public councils chosen' }).waitFor();
    await mod.page.keyboard.press('a');
    await mod.page.locator('[data-approved]').filter({ hasText: 'members of public councils chosen' }).waitFor();

    const b = await open({ as: await citizen(suite.app), lang: 'en' }, `/s/${fx.session.id}`);
    await ask(b, 'Who selects the public council members?');
    const c = await open({ as: await citizen(suite.app), lang: 'ru' }, `/s/${fx.session.id}`);
    await c.page.getByRole('textbox', { name: 'Ваш вопрос', exact: true }).fill('Как формируется состав общественных советов?');
    await c.page.getByRole('button', { name: 'Спросить', exact: true }).click();
    const waiting = mod.page.locator('[data-pending]');
    await waiting.nth(1).waitFor();

    // Select both waiting questions (X, J, X), merge (M) into the published one.
    await mod.page.keyboard.press('1');
    await mod.page.keyboard.press('x');
    await mod.page.keyboard.press('j');
    await mod.page.keyboard.press('x');
    await mod.page.getByText('2 selected').waitFor();
    await mod.page.keyboard.press('m');
    const dialog = mod.page.getByRole('dialog', { name: 'Merge 2 questions into…' });
    await dialog.getByRole('textbox', { name: 'Find the question to merge into' }).fill('chosen');
    await dialog.getByRole('button', { name: /members of public councils chosen/ }).click();
    await waiting.first().waitFor({ state: 'detached' });
    await b.page.locator('[data-my-question]').filter({ hasText: 'Merged with a similar question' }).waitFor();

    await mod.page.keyboard.press('u');
    await mod.page.getByText('Undone: merge.').waitFor();
    await waiting.nth(1).waitFor();
    expect(await waiting.count()).toBe(2);
    await b.page.locator('[data-my-question]').filter({ hasText: 'Waiting for the moderator' }).waitFor();
    expect(mod.problems).toEqual([]);
  });

  it("a first-time visitor's question is still theirs after a reload", async () => {
    const fx = await forumWithSession(suite.app);
    await goLive(fx);
    // No cookies at all: the page itself must obtain the citizen identity before it asks.
    const p = await open({ lang: 'en' }, `/s/${fx.session.id}`);
    await ask(p, 'Will the recordings of the sessions be published?');
    await p.page.locator('[data-my-question]').filter({ hasText: 'recordings of the sessions' }).waitFor();
    await p.page.reload();
    await p.page.locator('[data-my-question]').filter({ hasText: 'recordings of the sessions' }).filter({ hasText: 'Waiting for the moderator' }).waitFor();
  });
});

