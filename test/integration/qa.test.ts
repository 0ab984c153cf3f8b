import { describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { call, joined, liveSession, namedCitizen, next, nextChange, ok, recordChanges, recordRankings, refused, setPremoderation } from './qa.support';

const harness = withTestApp();
const { track } = harness;

describe('asking', () => {
  it('delivers a question asked without pre-moderation to every viewer at once, stored before the ack', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await namedCitizen(app, 'Айгүл Серікқызы')));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const seen = nextChange(viewer, 'approved');

    const mine = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: '  Қоғамдық кеңестердің шешімдері қалай орындалады?  ', lang: 'kk' });
    expect(mine).toMatchObject({ status: 'approved', text: 'Қоғамдық кеңестердің шешімдері қалай орындалады?', lang: 'kk', anonymous: false, votes: 0 });
    const row = await app.core.db.query<{ text: string; status: string }>('select text, status from questions where id = $1', [mine.id]);
    expect(row.rows[0]).toEqual({ text: 'Қоғамдық кеңестердің шешімдері қалай орындалады?', status: 'approved' });

    const ev = await seen;
    expect(ev.question).toMatchObject({ id: mine.id, authorName: 'Айгүл Серікқызы', status: 'approved', votes: 0, edited: false });
    expect(ev.version).toBeGreaterThan(0);
  });

  it('holds a question for the moderators under pre-moderation and tells the author each status', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const author = await namedCitizen(app, 'Марат');
    const asker = track(await joined(app, live.sessionId, author));
    const otherTab = track(await joined(app, live.sessionId, author));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const publicEvents = recordChanges(viewer);
    const queued = next(mod, 'qa:queueUpserted');

    const mine = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Когда опубликуют отчёт?', lang: 'ru' });
    expect(mine.status).toBe('pending');
    expect((await queued)).toMatchObject({ sessionId: live.sessionId, question: { id: mine.id, status: 'pending', authorName: 'Марат' } });
    expect((await ok(mod, 'qa:queue', { sessionId: live.sessionId })).pending.map((q) => q.id)).toEqual([mine.id]);
    expect((await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId })).approved).toEqual([]);

    const approvedForAuthor = next(otherTab, 'qa:mine', (m) => m.status === 'approved');
    const approvedForViewer = nextChange(viewer, 'approved');
    const left = next(mod, 'qa:queueRemoved');
    await ok(mod, 'qa:approve', { questionId: mine.id });
    await expect(approvedForAuthor).resolves.toMatchObject({ id: mine.id, status: 'approved' });
    expect((await approvedForViewer).question.id).toBe(mine.id);
    await expect(left).resolves.toMatchObject({ questionId: mine.id, status: 'approved' });
    expect(publicEvents.map((c) => c.type)).toEqual(['approved']);

    const snap = await ok(asker, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.mine).toEqual([expect.objectContaining({ id: mine.id, status: 'approved' })]);
  });

  it('signs a question with the name the citizen set after connecting', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const person = await citizen(app);
    const asker = track(await joined(app, live.sessionId, person));
    await person.put('/api/me/name', { displayName: 'Ержан' });
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Named later', lang: 'en' });
    expect((await ok(mod, 'qa:inspect', { questionId: q.id })).authorName).toBe('Ержан');
  });

  it('never shows an anonymous author to viewers, while moderators see only a pseudonym', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const asker = track(await joined(app, live.sessionId, await namedCitizen(app, 'Секретный Гражданин')));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Who checks the procurement?', lang: 'en', anonymous: true });
    const mv = await ok(mod, 'qa:inspect', { questionId: q.id });
    expect(mv).toMatchObject({ anonymous: true, authorName: null });
    expect(mv.pseudonym).toMatch(/^anon-[0-9a-f]{6}$/);
    const seen = nextChange(viewer, 'approved');
    await ok(mod, 'qa:approve', { questionId: q.id });
    const ev = await seen;
    expect(ev.question.authorName).toBeNull();
    expect(JSON.stringify(ev)).not.toContain('Секретный');
    expect(JSON.stringify(await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId }))).not.toContain('Секретный');
  });

  it('keeps text as plain text: markup is neither run nor stripped', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const text = '<script>alert(1)</script> & <b>bold</b> a < b';
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text, lang: 'en' });
    expect(q.text).toBe(text);
    const snap = await ok(asker, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.approved[0]!.text).toBe(text);
  });

  it('removes control and bidi-override characters and counts length in characters', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Сұрақ\u202E\u0007  бар\n\n\n\nма?', lang: 'kk' });
    expect(q.text).toBe('Сұрақ бар\n\nма?');
    const exactly500 = 'ә'.repeat(500);
    expect((await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: exactly500, lang: 'kk' })).text).toHaveLength(500);
  });

  it.each([
    ['an empty question', { text: '   \n ', lang: 'ru' }],
    ['a question longer than 500 characters', { text: 'қ'.repeat(501), lang: 'kk' }],
    ['an unknown language', { text: 'Hello?', lang: 'de' }],
    ['unknown fields', { text: 'Hello?', lang: 'en', authorId: '00000000-0000-4000-8000-000000000000' }],
  ])('refuses %s with invalid_input and stores nothing', async (_name, bad) => {
    const app = harness.app();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    expect((await refused(asker, 'qa:ask', { sessionId: live.sessionId, ...bad })).code).toBe('invalid_input');
    const n = await app.core.db.query<{ n: number }>('select count(*)::int as n from questions where session_id = $1', [live.sessionId]);
    expect(n.rows[0]!.n).toBe(0);
  });

  it('refuses questions before the session is live and after it ended with invalid_state', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const asker = track(await joined(app, fx.session.id, await citizen(app)));
    expect((await refused(asker, 'qa:ask', { sessionId: fx.session.id, text: 'Early?', lang: 'en' })).code).toBe('invalid_state');
    await fx.org.post(`/api/sessions/${fx.session.id}/start`);
    await ok(asker, 'qa:ask', { sessionId: fx.session.id, text: 'Now?', lang: 'en' });
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect((await refused(asker, 'qa:ask', { sessionId: fx.session.id, text: 'Late?', lang: 'en' })).code).toBe('invalid_state');
  });

  it('refuses a question for a session that does not exist with not_found', async () => {
    const app = harness.app();
    const asker = track(await joined(app, (await liveSession(app)).sessionId, await citizen(app)));
    const r = await refused(asker, 'qa:ask', { sessionId: '00000000-0000-4000-8000-000000000000', text: 'Anyone?', lang: 'en' });
    expect(r.code).toBe('not_found');
  });
});

describe('voting', () => {
  it('counts one vote per person, ignores repeats, lets a vote be withdrawn, and orders by votes then age', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const a = track(await joined(app, live.sessionId, await citizen(app)));
    const b = track(await joined(app, live.sessionId, await citizen(app)));
    const first = await ok(a, 'qa:ask', { sessionId: live.sessionId, text: 'First question', lang: 'en' });
    const second = await ok(b, 'qa:ask', { sessionId: live.sessionId, text: 'Second question', lang: 'en' });
    const third = await ok(b, 'qa:ask', { sessionId: live.sessionId, text: 'Third question', lang: 'en' });

    expect(await ok(a, 'qa:vote', { questionId: third.id })).toEqual({ questionId: third.id, votes: 1, voted: true });
    expect(await ok(a, 'qa:vote', { questionId: third.id })).toEqual({ questionId: third.id, votes: 1, voted: true });
    expect((await ok(b, 'qa:vote', { questionId: third.id })).votes).toBe(2);
    expect((await ok(b, 'qa:vote', { questionId: second.id })).votes).toBe(1);
    expect((await ok(b, 'qa:unvote', { questionId: second.id })).votes).toBe(0);
    expect((await ok(b, 'qa:unvote', { questionId: second.id })).votes).toBe(0);

    const snap = await ok(a, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.approved.map((q) => [q.id, q.votes])).toEqual([
      [third.id, 2],
      [first.id, 0],
      [second.id, 0],
    ]);
    expect(snap.myVotes).toEqual([third.id]);
    const rows = await app.core.db.query<{ n: number }>('select count(*)::int as n from question_votes where question_id = $1', [third.id]);
    expect(rows.rows[0]!.n).toBe(2);
  });

  it('sends coalesced ranking updates with absolute counts, not one message per vote', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const rankings = recordRankings(viewer);
    const q = await ok(viewer, 'qa:ask', { sessionId: live.sessionId, text: 'Popular question', lang: 'en' });
    const voters = await Promise.all(Array.from({ length: 12 }, async () => track(await joined(app, live.sessionId, await citizen(app)))));
    await Promise.all(voters.map((v) => ok(v, 'qa:vote', { questionId: q.id })));
    await eventually(async () => rankings.some((r) => r.votes.some(([id, n]) => id === q.id && n === 12)));
    expect(rankings.length).toBeLessThan(12);
    expect(rankings.every((r) => r.sessionId === live.sessionId)).toBe(true);
  });

  it('refuses votes on a pending question with invalid_state and on an unknown one with not_found', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Pending one', lang: 'en' });
    expect((await refused(asker, 'qa:vote', { questionId: q.id })).code).toBe('invalid_state');
    expect((await refused(asker, 'qa:vote', { questionId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
    expect((await refused(asker, 'qa:vote', { questionId: 'not-a-uuid' })).code).toBe('invalid_input');
  });

  it('answers a payload sent without an ack callback with nothing and changes nothing', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    asker.emit('qa:ask', { sessionId: live.sessionId, text: 'no ack', lang: 'en' } as never, undefined as never);
    const r = await call(asker, 'qa:snapshot', { sessionId: live.sessionId });
    expect(r.ok && r.data.mine).toEqual([]);
  });
});

describe('snapshot and versions', () => {
  it('numbers public events one by one so a client can detect a gap, and the snapshot carries the version', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const before = await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId });
    const events = recordChanges(viewer);
    const asker = track(await joined(app, live.sessionId, await citizen(app)));
    const q1 = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'One', lang: 'en' });
    const q2 = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Two', lang: 'en' });
    await ok(mod, 'qa:approve', { questionId: q1.id });
    await ok(mod, 'qa:approve', { questionId: q2.id });
    await ok(mod, 'qa:spotlight', { sessionId: live.sessionId, questionId: q2.id });
    await ok(mod, 'qa:reject', { questionId: q2.id, reason: 'off_topic' });
    await eventually(async () => events.length === 5);
    const versions = events.map((e) => e.version);
    expect(versions).toEqual([1, 2, 3, 4, 5].map((i) => before.version + i));
    expect(events.map((e) => e.type)).toEqual(['approved', 'approved', 'spotlight', 'removed', 'spotlight']);
    const after = await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId });
    expect(after.version).toBe(before.version + 5);
    expect(after.spotlight).toBeNull();
    expect(after.approved.map((q) => q.id)).toEqual([q1.id]);
  });
});
