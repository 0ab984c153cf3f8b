/** A confirmed representative's questions (and drafts made from them) carry the organization, live and in the snapshot, also when it is decided during the session; nobody else's do. */
import { describe, expect, it } from 'vitest';
import type { MyRegistration, OrgRef } from '../../common/organizations.contract';
import type { QuestionView } from '../../common/qa.contract';
import { withTestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { joined, liveSession, namedCitizen, next, nextChange, ok, setPremoderation, type LiveSession } from './qa.support';

const harness = withTestApp();
const { track } = harness;

const NGO = {
  name: { kk: 'Ашық қоғам қоры', ru: 'Фонд «Открытое общество»', en: 'Open Society Fund' },
  kind: 'ngo',
  region: 'karaganda',
  contactEmail: 'office@open-society.kz',
} as const;
const MEDIA = { name: { ru: 'ТОО «Дала Медиа»' }, kind: 'media', region: 'astana', contactEmail: 'news@dala.kz' } as const;

async function register(live: LiveSession, who: Client, organization: typeof NGO | typeof MEDIA): Promise<MyRegistration> {
  const r = await who.post(`/api/forums/${live.fx.forum.slug}/organizations/registrations`, { organization });
  expect(r.status).toBe(201);
  return r.data as MyRegistration;
}

const byId = (list: readonly QuestionView[], id: string) => list.find((q) => q.id === id);

describe('questions of organizations', () => {
  it("shows a confirmed representative's organization to other viewers in the snapshot and in live changes, and nobody else's", async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const rep = await namedCitizen(app, 'Гүлнар');
    const reg = await register(live, rep, NGO);
    expect((await live.fx.org.post(`/api/organizations/registrations/${reg.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    const org: OrgRef = { id: reg.organization.id, name: NGO.name, kind: 'ngo', region: 'karaganda' };
    const hopeful = await namedCitizen(app, 'Ерлан');
    await register(live, hopeful, MEDIA); // left pending
    const plain = await namedCitizen(app, 'Сәуле');

    const mod = track(await joined(app, live.sessionId, live.moderator));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const [repS, hopefulS, plainS] = await Promise.all([rep, hopeful, plain].map(async (c) => track(await joined(app, live.sessionId, c))));

    // Pre-moderated (the default): the moderators' queue names the organization too.
    const queued = next(mod, 'qa:queueUpserted');
    const asked = await ok(repS!, 'qa:ask', { sessionId: live.sessionId, text: 'Как НКО участвуют в мониторинге?', lang: 'ru' });
    expect((await queued).question).toMatchObject({ id: asked.id, authorName: 'Гүлнар', organization: org });
    const approvedLive = nextChange(viewer, 'approved', (c) => c.question.id === asked.id);
    await ok(mod, 'qa:approve', { questionId: asked.id });
    expect((await approvedLive).question.organization).toEqual(org);

    // Without pre-moderation the question is public from its insert.
    await setPremoderation(mod, live.sessionId, false);
    const others: Record<string, string> = {};
    for (const [name, s] of [['hopeful', hopefulS!], ['plain', plainS!]] as const) {
      const seen = nextChange(viewer, 'approved');
      const q = await ok(s, 'qa:ask', { sessionId: live.sessionId, text: `Вопрос без организации: ${name}`, lang: 'ru' });
      const c = await seen;
      expect(c.question).toMatchObject({ id: q.id, organization: null });
      others[name] = q.id;
    }
    const secretSeen = nextChange(viewer, 'approved');
    const secret = await ok(repS!, 'qa:ask', { sessionId: live.sessionId, text: 'Анонимный вопрос представителя', lang: 'ru', anonymous: true });
    // Asked anonymously: the organization would name the asker.
    expect((await secretSeen).question).toMatchObject({ id: secret.id, authorName: null, organization: null });
    const second = nextChange(viewer, 'approved');
    const again = await ok(repS!, 'qa:ask', { sessionId: live.sessionId, text: 'Когда ответят на обращения НКО?', lang: 'ru' });
    expect((await second).question).toMatchObject({ id: again.id, organization: org });

    // A change after a moderator's action keeps it.
    const answered = nextChange(viewer, 'updated', (c) => c.question.id === asked.id);
    await ok(mod, 'qa:answered', { questionId: asked.id });
    expect((await answered).question).toMatchObject({ status: 'answered', organization: org });

    // Someone joining later reads the same from the snapshot.
    const late = track(await joined(app, live.sessionId, await citizen(app)));
    const snap = await ok(late, 'qa:snapshot', { sessionId: live.sessionId });
    expect(byId(snap.answered, asked.id)?.organization).toEqual(org);
    expect(byId(snap.approved, again.id)?.organization).toEqual(org);
    expect(byId(snap.approved, others.hopeful!)?.organization).toBeNull();
    expect(byId(snap.approved, others.plain!)?.organization).toBeNull();
    expect(byId(snap.approved, secret.id)).toMatchObject({ authorName: null, organization: null });
    expect(JSON.stringify(snap)).not.toContain('@');

    // A draft a moderator makes from a question is the asker's, live as in the compiled documents; an anonymous asker's stays unnamed.
    const draft = await ok(mod, 'recs:promote', { questionId: asked.id, answer: 'Министерство ответит в течение месяца.' });
    expect(draft).toMatchObject({ origin: 'question', organization: org });
    expect(await ok(mod, 'recs:promote', { questionId: secret.id })).toMatchObject({ origin: 'question', organization: null });
    expect(await ok(mod, 'recs:promote', { questionId: others.plain! })).toMatchObject({ origin: 'question', organization: null });
    await ok(viewer, 'recs:list', { sessionId: live.sessionId });
    const opened = next(viewer, 'recs:updated', (p) => p.id === draft.id);
    await ok(mod, 'recs:setState', { recommendationId: draft.id, state: 'open' });
    expect(await opened).toMatchObject({ state: 'open', organization: org });
    expect((await ok(late, 'recs:list', { sessionId: live.sessionId })).items.find((r) => r.id === draft.id)?.organization).toEqual(org);
  });

  it('shows an organization confirmed (or rejected) during the session on questions and recommendations already on screen, live to viewers and moderators', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const asker = await namedCitizen(app, 'Дархан');
    const reg = await register(live, asker, MEDIA);
    const org: OrgRef = { id: reg.organization.id, name: MEDIA.name, kind: 'media', region: 'astana' };
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const askerS = track(await joined(app, live.sessionId, asker));
    const open = await ok(askerS, 'qa:ask', { sessionId: live.sessionId, text: 'Как редакциям получить аккредитацию?', lang: 'ru' });
    const seen = nextChange(viewer, 'approved', (c) => c.question.id === open.id);
    await ok(mod, 'qa:approve', { questionId: open.id });
    expect((await seen).question.organization).toBeNull();
    const waiting = await ok(askerS, 'qa:ask', { sessionId: live.sessionId, text: 'Будет ли пресс-подход после сессии?', lang: 'ru' });
    const hidden = await ok(askerS, 'qa:ask', { sessionId: live.sessionId, text: 'Анонимно о цензуре', lang: 'ru', anonymous: true });

    // Their own recommendation (open) and a draft made from their question.
    const own = await ok(askerS, 'recs:submit', { sessionId: live.sessionId, text: 'Упростить аккредитацию региональных СМИ.', lang: 'ru' });
    const fromQuestion = await ok(mod, 'recs:promote', { questionId: open.id });
    expect([own.organization, fromQuestion.organization]).toEqual([null, null]);
    await ok(viewer, 'recs:list', { sessionId: live.sessionId });
    await ok(mod, 'recs:list', { sessionId: live.sessionId });

    // Confirmed now: the public question, the one still in the queue and both items name it at once.
    const updated = nextChange(viewer, 'updated', (c) => c.question.id === open.id);
    const requeued = next(mod, 'qa:queueUpserted', (e) => e.question.id === waiting.id);
    const ownSeen = next(viewer, 'recs:updated', (r) => r.id === own.id);
    const draftSeen = next(mod, 'recs:updated', (r) => r.id === fromQuestion.id);
    expect((await live.fx.org.post(`/api/organizations/registrations/${reg.id}/decision`, { decision: 'confirm' })).status).toBe(200);
    expect((await updated).question).toMatchObject({ id: open.id, status: 'approved', organization: org });
    expect((await requeued).question.organization).toEqual(org);
    expect((await ownSeen).organization).toEqual(org);
    expect((await draftSeen).organization).toEqual(org);
    const snap = await ok(viewer, 'qa:snapshot', { sessionId: live.sessionId });
    expect(byId(snap.approved, open.id)?.organization).toEqual(org);
    const queue = await ok(mod, 'qa:queue', { sessionId: live.sessionId });
    expect(queue.pending.find((q) => q.id === hidden.id)).toMatchObject({ authorName: null, organization: null });
    expect(queue.pending.find((q) => q.id === waiting.id)?.organization).toEqual(org);

    // Rejected later: the name goes again.
    const dropped = nextChange(viewer, 'updated', (c) => c.question.id === open.id);
    expect((await live.fx.org.post(`/api/organizations/registrations/${reg.id}/decision`, { decision: 'reject', reason: 'не подтверждено' })).status).toBe(200);
    expect((await dropped).question.organization).toBeNull();
  });
});
