import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import { joined, liveSession, ok, refused, setPremoderation, type QaSocket } from './qa.support';

const apps: TestApp[] = [];
const sockets: QaSocket[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);
async function appWith(env: Record<string, string> = {}) {
  const a = await startTestApp(env);
  apps.push(a);
  return a;
}
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const a of apps) await a.stop();
});

async function count(app: TestApp, sessionId: string): Promise<number> {
  const r = await app.core.db.query<{ n: number }>('select count(*)::int as n from questions where session_id = $1', [sessionId]);
  return r.rows[0]!.n;
}

describe('rate limits', () => {
  it('refuses a fourth question within a minute from one person with rate_limited and a retry time', async () => {
    const app = await appWith();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    for (const t of ['Бірінші', 'Екінші', 'Үшінші']) await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: t, lang: 'kk' });
    const e = await refused(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Төртінші', lang: 'kk' });
    expect(e.code).toBe('rate_limited');
    expect(e.details?.retryAfterMs).toBeGreaterThan(0);
    expect(e.details?.retryAfterMs).toBeLessThanOrEqual(60_000);
    expect(await count(app, live.sessionId)).toBe(3);
    // Someone else is not affected.
    const other = track(await joined(app, live.sessionId, await citizen(app)));
    await ok(other, 'qa:ask', { sessionId: live.sessionId, text: 'Бесінші', lang: 'kk' });
  });

  it('counts a person across tabs: the limit follows the identity, not the socket', async () => {
    const app = await appWith({ QA_QUESTIONS_PER_MINUTE: '2' });
    const live = await liveSession(app);
    const person = await citizen(app);
    const tab1 = track(await joined(app, live.sessionId, person));
    const tab2 = track(await joined(app, live.sessionId, person));
    await ok(tab1, 'qa:ask', { sessionId: live.sessionId, text: 'One', lang: 'en' });
    await ok(tab2, 'qa:ask', { sessionId: live.sessionId, text: 'Two', lang: 'en' });
    expect((await refused(tab1, 'qa:ask', { sessionId: live.sessionId, text: 'Three', lang: 'en' })).code).toBe('rate_limited');
  });

  it('refuses votes beyond QA_VOTES_PER_MINUTE per person', async () => {
    const app = await appWith({ QA_VOTES_PER_MINUTE: '5' });
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Vote storm target', lang: 'en' });
    const voter = track(await joined(app, live.sessionId, await citizen(app)));
    for (let i = 0; i < 5; i++) await ok(voter, i % 2 ? 'qa:unvote' : 'qa:vote', { questionId: q.id });
    const e = await refused(voter, 'qa:unvote', { questionId: q.id });
    expect(e.code).toBe('rate_limited');
    expect(e.details?.retryAfterMs).toBeGreaterThan(0);
    // The refused withdrawal changed nothing: the fifth action was a vote, and it stands.
    expect((await ok(asker, 'qa:snapshot', { sessionId: live.sessionId })).approved[0]!.votes).toBe(1);
  });

  it('limits questions and votes from one IP address together, whoever sends them', async () => {
    const app = await appWith({ QA_IP_ACTIONS_PER_MINUTE: '4' });
    const live = await liveSession(app);
    const people = await Promise.all([0, 1, 2, 3, 4].map(async () => track(await joined(app, live.sessionId, await citizen(app)))));
    for (let i = 0; i < 4; i++) await ok(people[i]!, 'qa:ask', { sessionId: live.sessionId, text: `From one address ${i}`, lang: 'en' });
    expect((await refused(people[4]!, 'qa:ask', { sessionId: live.sessionId, text: 'One too many', lang: 'en' })).code).toBe('rate_limited');
  });
});

describe('repeats and duplicates', () => {
  it('refuses the same text from the same person again with conflict, whatever the case, spacing or punctuation', async () => {
    const app = await appWith();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Когда будет отчёт?', lang: 'ru' });
    expect((await refused(asker, 'qa:ask', { sessionId: live.sessionId, text: '  когда БУДЕТ отчет!!! ', lang: 'ru' })).code).toBe('conflict');
    expect(await count(app, live.sessionId)).toBe(1);
  });

  it('stores one of two identical questions sent at once from two tabs and refuses the other with conflict', async () => {
    const app = await appWith();
    const live = await liveSession(app);
    const person = await citizen(app);
    const [a, b] = [track(await joined(app, live.sessionId, person)), track(await joined(app, live.sessionId, person))];
    const input = { sessionId: live.sessionId, text: 'Double click', lang: 'en' as const };
    const results = await Promise.all([a, b].map((s) => refused(s, 'qa:ask', input).catch(() => 'accepted')));
    expect(results.filter((r) => r === 'accepted')).toHaveLength(1);
    expect(results.find((r) => r !== 'accepted')).toMatchObject({ code: 'conflict' });
    expect(await count(app, live.sessionId)).toBe(1);
  });

  it("sends someone else's identical text to the moderators flagged as a duplicate of the first, even without pre-moderation", async () => {
    const app = await appWith();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const first = await ok(track(await joined(app, live.sessionId, await citizen(app))), 'qa:ask', { sessionId: live.sessionId, text: 'Where is the money?', lang: 'en' });
    const copy = await ok(track(await joined(app, live.sessionId, await citizen(app))), 'qa:ask', { sessionId: live.sessionId, text: 'where is the money', lang: 'en' });
    expect(first.status).toBe('approved');
    expect(copy.status).toBe('pending');
    expect(await ok(mod, 'qa:inspect', { questionId: copy.id })).toMatchObject({ flagged: true, flags: ['duplicate'], duplicateOf: first.id });
  });
});

describe('blocklist', () => {
  it.each([
    ['Russian', 'Вы все мудаки в этом министерстве', 'ru', 'мудак*'],
    ['Kazakh', 'Сендер ақымақсыңдар ма?', 'kk', 'ақымақ*'],
    ['English', 'This is bullshit', 'en', 'bullshit'],
    ['Russian typed with Latin look-alikes', 'Xуйня какая-то', 'ru', 'хуй*'],
    ['a Russian word in a question marked Kazakh', 'Бұл не, бля?', 'kk', 'бля'],
  ])('flags %s for the moderators with the matched entry', async (_what, text, lang, entry) => {
    const app = apps[0] ?? (await appWith());
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text, lang: lang as 'ru' });
    expect(q.status).toBe('pending');
    expect(await ok(mod, 'qa:inspect', { questionId: q.id })).toMatchObject({ flags: ['blocklist'], matchedWords: [entry] });
  });

  it('does not flag ordinary words that merely contain a blocked word', async () => {
    const app = apps[0] ?? (await appWith());
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Сукно и подсудимый: Scunthorpe assessment', lang: 'ru' });
    expect(q.status).toBe('approved');
  });

  it('uses QA_BLOCKLIST_FILE instead of the built-in lists', async () => {
    const file = path.join(tmpdir(), `blocklist-${process.pid}-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ ru: ['бюрократ*'], en: ['red tape'] }));
    const app = await appWith({ QA_BLOCKLIST_FILE: file });
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    expect((await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Бюрократы мешают', lang: 'ru' })).status).toBe('pending');
    expect((await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Too much RED tape!', lang: 'en' })).status).toBe('pending');
    expect((await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'сука', lang: 'ru' })).status).toBe('approved');
  });
});
