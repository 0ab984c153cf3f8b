/**
 * Collecting recommendations during a live session over real sockets, PostgreSQL and
 * Redis: validation, rate limits, one endorsement per identity, moderator actions with
 * their audit entries, and who sees what.
 */
import { describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession } from '../helpers/factories';
import { call, connect, joined, liveSession, namedCitizen, next, ok, record, refused } from './qa.support';

const harness = withTestApp({ COMPILE_WORKERS_INPROCESS: 'false' });
const { track } = harness;

const count = async (sessionId: string) =>
  (await harness.app().core.db.query<{ n: number }>('select count(*)::int as n from recommendations where session_id = $1', [sessionId])).rows[0]!.n;

describe('collecting recommendations', () => {
  it('stores a submission before acknowledging it and shows it to everyone following the session', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const viewer = track(await connect(app.url, await citizen(app)));
    expect(await ok(viewer, 'recs:list', { sessionId: live.sessionId })).toEqual({ items: [], endorsed: [], canModerate: false });
    const author = track(await connect(app.url, await namedCitizen(app, 'Жанар')));
    const seen = next(viewer, 'recs:created');
    const r = await ok(author, 'recs:submit', { sessionId: live.sessionId, text: '  Әкімдіктер есептерін ашық жариялауы керек.  ', lang: 'kk', addressee: 'Ақпарат министрлігі' });
    expect(r).toMatchObject({ text: 'Әкімдіктер есептерін ашық жариялауы керек.', lang: 'kk', addressee: 'Ақпарат министрлігі', state: 'open', authorName: 'Жанар', endorsements: 0, origin: 'citizen' });
    expect(await count(live.sessionId)).toBe(1);
    expect(await seen).toEqual(r);
    const http = await (await citizen(app)).get(`/api/sessions/${live.sessionId}/recommendations`);
    expect(http.data.items).toEqual([r]);
  });

  it('refuses bad input with invalid_input and stores nothing', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const s = track(await connect(app.url, await citizen(app)));
    const base = { sessionId: live.sessionId, lang: 'ru' };
    expect((await refused(s, 'recs:submit', { ...base, text: 'а'.repeat(1001) })).code).toBe('invalid_input');
    expect((await refused(s, 'recs:submit', { ...base, text: '   ' })).code).toBe('invalid_input');
    expect((await refused(s, 'recs:submit', { ...base, text: 'text\u202Eevil' })).code).toBe('invalid_input');
    expect((await refused(s, 'recs:submit', { ...base, text: 'ok', lang: 'de' })).code).toBe('invalid_input');
    expect((await refused(s, 'recs:submit', { ...base, text: 'ok', addressee: 'x'.repeat(201) })).code).toBe('invalid_input');
    expect((await refused(s, 'recs:submit', { ...base, text: 'ok', extra: true })).code).toBe('invalid_input');
    expect(await count(live.sessionId)).toBe(0);
    // Exactly 1,000 characters is fine.
    expect((await call(s, 'recs:submit', { ...base, text: 'б'.repeat(1000) })).ok).toBe(true);
  });

  it('takes recommendations only while the session is live', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const s = track(await connect(app.url, await citizen(app)));
    expect((await refused(s, 'recs:submit', { sessionId: fx.session.id, text: 'Рано', lang: 'ru' })).code).toBe('invalid_state');
    await fx.org.post(`/api/sessions/${fx.session.id}/start`);
    const r = await ok(s, 'recs:submit', { sessionId: fx.session.id, text: 'Вовремя', lang: 'ru' });
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect((await refused(s, 'recs:submit', { sessionId: fx.session.id, text: 'Поздно', lang: 'ru' })).code).toBe('invalid_state');
    const other = track(await connect(app.url, await citizen(app)));
    expect((await refused(other, 'recs:endorse', { recommendationId: r.id })).code).toBe('invalid_state');
  });

  it('limits submissions per identity per minute and says when to retry', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const s = track(await connect(app.url, await citizen(app)));
    for (let i = 0; i < app.config.qa.recsPerMinute; i++) await ok(s, 'recs:submit', { sessionId: live.sessionId, text: `Предложение ${i}`, lang: 'ru' });
    const e = await refused(s, 'recs:submit', { sessionId: live.sessionId, text: 'Ещё одно', lang: 'ru' });
    expect(e.code).toBe('rate_limited');
    expect(e.details?.retryAfterMs).toBeGreaterThan(0);
    expect(await count(live.sessionId)).toBe(app.config.qa.recsPerMinute);
  });

  it('counts one endorsement per identity, refuses endorsing your own, and lets an endorsement be withdrawn', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const author = track(await connect(app.url, await citizen(app)));
    const r = await ok(author, 'recs:submit', { sessionId: live.sessionId, text: 'Open budgets for every akimat.', lang: 'en' });
    expect((await refused(author, 'recs:endorse', { recommendationId: r.id })).code).toBe('invalid_input');
    const fan = await citizen(app);
    const [tab1, tab2] = [track(await connect(app.url, fan)), track(await connect(app.url, fan))];
    const support = next(author, 'recs:support', (p) => p.id === r.id);
    await ok(author, 'recs:list', { sessionId: live.sessionId });
    expect(await ok(tab1, 'recs:endorse', { recommendationId: r.id })).toEqual({ id: r.id, endorsements: 1, endorsed: true });
    expect((await support).endorsements).toBe(1);
    expect(await ok(tab2, 'recs:endorse', { recommendationId: r.id })).toEqual({ id: r.id, endorsements: 1, endorsed: true });
    expect((await ok(tab2, 'recs:list', { sessionId: live.sessionId })).endorsed).toEqual([r.id]);
    expect(await ok(tab1, 'recs:endorse', { recommendationId: r.id, endorse: false })).toEqual({ id: r.id, endorsements: 0, endorsed: false });

    // Many people at once: every endorsement counts exactly once.
    const crowd = await Promise.all(Array.from({ length: 15 }, async () => track(await connect(app.url, await citizen(app)))));
    await Promise.all(crowd.map((c) => ok(c, 'recs:endorse', { recommendationId: r.id })));
    const [row] = (await app.core.db.query<{ endorsements: number; n: number }>(
      'select endorsements, (select count(*)::int from recommendation_endorsements where recommendation_id = $1) as n from recommendations where id = $1',
      [r.id],
    )).rows;
    expect(row).toEqual({ endorsements: 15, n: 15 });
  });

  it('lets only moderators promote an answered question with its answer, as a draft the public sees once opened', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const asker = track(await joined(app, live.sessionId, await namedCitizen(app, 'Бекзат')));
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Қоғамдық кеңестердің шешімдері қалай орындалады?', lang: 'kk' });
    await ok(mod, 'qa:approve', { questionId: q.id });
    const viewer = track(await connect(app.url, await citizen(app)));
    await ok(viewer, 'recs:list', { sessionId: live.sessionId });
    const publicEvents = record(viewer, 'recs:created', 'recs:updated');

    expect((await refused(viewer, 'recs:promote', { questionId: q.id })).code).toBe('forbidden');
    expect((await refused(mod, 'recs:promote', { questionId: q.id, answer: 'Министрлік жауап берді.' })).code).toBe('invalid_state');
    await ok(mod, 'qa:answered', { questionId: q.id });
    const draft = await ok(mod, 'recs:promote', { questionId: q.id, answer: 'Министрлік үш ай ішінде жауап беруге уәде берді.', addressee: 'Әділет министрлігі' });
    expect(draft).toMatchObject({ state: 'draft', origin: 'question', sourceQuestionId: q.id, text: q.text, lang: 'kk', answer: 'Министрлік үш ай ішінде жауап беруге уәде берді.' });
    expect((await refused(mod, 'recs:promote', { questionId: q.id })).code).toBe('conflict');
    expect((await ok(viewer, 'recs:list', { sessionId: live.sessionId })).items).toEqual([]);
    const modList = await ok(mod, 'recs:list', { sessionId: live.sessionId });
    expect(modList.canModerate).toBe(true);
    expect(modList.items.map((i) => i.id)).toEqual([draft.id]);

    const opened = next(viewer, 'recs:updated', (p) => p.id === draft.id);
    await ok(mod, 'recs:setState', { recommendationId: draft.id, state: 'open' });
    expect((await opened).state).toBe('open');
    expect(publicEvents.filter((e) => e.event === 'recs:created')).toEqual([]);
    const actions = (await app.core.audit.list({ forumId: live.fx.forum.id, sessionId: live.sessionId, domain: 'recs' })).map((a) => a.action);
    expect(actions).toEqual(['recommendation.promote', 'recommendation.publish']);
  });

  it('edits, merges and hides with an audit entry each, and takes merged and hidden items off the public list', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await connect(app.url, live.moderator));
    await ok(mod, 'recs:list', { sessionId: live.sessionId });
    const people = await Promise.all([0, 1, 2, 3].map(async () => track(await connect(app.url, await citizen(app)))));
    const [a, b, c, d] = await Promise.all(people.map((p, i) => ok(p, 'recs:submit', { sessionId: live.sessionId, text: `Публиковать отчёты акиматов, вариант ${i}`, lang: 'ru' })));
    const viewer = track(await connect(app.url, await citizen(app)));
    await ok(viewer, 'recs:list', { sessionId: live.sessionId });

    expect((await refused(viewer, 'recs:edit', { recommendationId: a!.id, text: 'взлом' })).code).toBe('forbidden');
    expect((await refused(mod, 'recs:edit', { recommendationId: a!.id })).code).toBe('invalid_input');
    const edited = await ok(mod, 'recs:edit', { recommendationId: a!.id, text: 'Публиковать отчёты акиматов ежеквартально.', addressee: 'Министерство финансов', reason: 'уточнение' });
    expect(edited).toMatchObject({ text: 'Публиковать отчёты акиматов ежеквартально.', addressee: 'Министерство финансов' });

    const removed: string[] = [];
    viewer.on('recs:removed', (p) => removed.push(p.id));
    const lastRemoval = next(viewer, 'recs:removed', (p) => p.id === d!.id);
    await ok(mod, 'recs:merge', { targetId: a!.id, sourceIds: [b!.id, c!.id], reason: 'одно и то же' });
    await ok(mod, 'recs:setState', { recommendationId: d!.id, state: 'hidden', reason: 'не по теме' });
    await lastRemoval;
    expect(removed.sort()).toEqual([b!.id, c!.id, d!.id].sort());
    expect((await ok(viewer, 'recs:list', { sessionId: live.sessionId })).items.map((i) => i.id)).toEqual([a!.id]);
    const all = (await ok(mod, 'recs:list', { sessionId: live.sessionId })).items;
    expect(all.find((i) => i.id === b!.id)).toMatchObject({ state: 'merged', mergedInto: a!.id });
    expect((await refused(mod, 'recs:merge', { targetId: d!.id, sourceIds: [a!.id] })).code).toBe('invalid_state');
    expect((await refused(mod, 'recs:merge', { targetId: a!.id, sourceIds: [b!.id] })).code).toBe('invalid_state');

    const audit = await app.core.audit.list({ forumId: live.fx.forum.id, sessionId: live.sessionId, domain: 'recs' });
    expect(audit.map((x) => x.action)).toEqual(['recommendation.edit', 'recommendation.merge', 'recommendation.hide']);
    expect(audit[0]).toMatchObject({ reason: 'уточнение', details: { before: { text: 'Публиковать отчёты акиматов, вариант 0', addressee: null } } });
    expect(audit[1]!.details).toEqual({ sources: [b!.id, c!.id] });
  });
});
