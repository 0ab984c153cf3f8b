import { describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/app';
import { citizen, invited } from '../helpers/factories';
import { expectAsDocumented } from '../helpers/openapi';
import { eventually } from '../helpers/wait-for';
import { joined, liveSession, namedCitizen, next, nextChange, ok, record, refused, setPremoderation, type LiveSession, type QaSocket } from './qa.support';

const harness = withTestApp();
const { track } = harness;

interface Stage extends LiveSession {
  mod: QaSocket;
  viewer: QaSocket;
  asker: QaSocket;
}

async function stage(): Promise<Stage> {
  const app = harness.app();
  const live = await liveSession(app);
  return {
    ...live,
    mod: track(await joined(app, live.sessionId, live.moderator)),
    viewer: track(await joined(app, live.sessionId, await citizen(app))),
    asker: track(await joined(app, live.sessionId, await namedCitizen(app, 'Жанар'))),
  };
}

async function approvedQuestion(s: Stage, text: string, asker = s.asker) {
  const q = await ok(asker, 'qa:ask', { sessionId: s.sessionId, text, lang: 'ru' });
  await ok(s.mod, 'qa:approve', { questionId: q.id });
  return q;
}

async function auditActions(sessionId: string): Promise<{ action: string; reason: string | null; actor_id: string; target_id: string | null }[]> {
  const app = harness.app();
  const { rows } = await app.core.db.query<{ action: string; reason: string | null; actor_id: string; target_id: string | null }>(
    `select action, reason, actor_id, target_id from audit_log where session_id = $1 and domain = 'qa' order by id`,
    [sessionId],
  );
  return rows;
}

describe('moderation', () => {
  it('rejects with a reason code the author sees, removes the question from viewers and audits who, what and why', async () => {
    const s = await stage();
    const q = await approvedQuestion(s, 'Вопрос не по теме');
    const removed = nextChange(s.viewer, 'removed');
    const toAuthor = next(s.asker, 'qa:mine', (m) => m.status === 'rejected');
    const mv = await ok(s.mod, 'qa:reject', { questionId: q.id, reason: 'off_topic', note: 'про погоду' });
    expect(mv).toMatchObject({ status: 'rejected', rejectReason: 'off_topic', rejectNote: 'про погоду' });
    await expect(removed).resolves.toMatchObject({ questionId: q.id, reason: 'rejected', mergedInto: null });
    const mine = await toAuthor;
    expect(mine).toMatchObject({ id: q.id, status: 'rejected', rejectReason: 'off_topic' });
    expect(JSON.stringify(mine)).not.toContain('погоду');
    const audit = await auditActions(s.sessionId);
    expect(audit.at(-1)).toMatchObject({ action: 'question.reject', reason: 'off_topic', target_id: q.id });
  });

  it('edits the wording, keeps the original for moderators and shows viewers that it was edited', async () => {
    const app = harness.app();
    const s = await stage();
    const q = await approvedQuestion(s, 'кагда будет атчет');
    const updated = nextChange(s.viewer, 'updated');
    const mv = await ok(s.mod, 'qa:edit', { questionId: q.id, text: 'Когда будет отчёт?' });
    expect(mv).toMatchObject({ text: 'Когда будет отчёт?', originalText: 'кагда будет атчет', edited: true });
    expect((await updated).question).toMatchObject({ id: q.id, text: 'Когда будет отчёт?', edited: true });
    await ok(s.mod, 'qa:edit', { questionId: q.id, text: 'Когда будет опубликован отчёт?' });
    expect((await ok(s.mod, 'qa:inspect', { questionId: q.id })).originalText).toBe('кагда будет атчет');
    expect((await app.services.qa.exportForCompile(s.sessionId)).questions[0]).toMatchObject({ text: 'Когда будет опубликован отчёт?', originalText: 'кагда будет атчет' });
    expect((await refused(s.mod, 'qa:edit', { questionId: q.id, text: 'Когда будет опубликован отчёт?' })).code).toBe('invalid_input');
  });

  it('marks a question answered (moderator or speaker) and moves it to the answered list', async () => {
    const app = harness.app();
    const s = await stage();
    const q1 = await approvedQuestion(s, 'Первый');
    const q2 = await approvedQuestion(s, 'Второй');
    const speaker = track(await joined(app, s.sessionId, s.speaker));
    const updated = nextChange(s.viewer, 'updated');
    expect(await ok(s.mod, 'qa:answered', { questionId: q1.id })).toMatchObject({ status: 'answered' });
    expect((await updated).question).toMatchObject({ id: q1.id, status: 'answered' });
    expect((await ok(speaker, 'qa:answered', { questionId: q2.id })).status).toBe('answered');
    expect((await refused(s.mod, 'qa:answered', { questionId: q2.id })).code).toBe('invalid_state');
    const snap = await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId });
    expect(snap.approved).toEqual([]);
    expect(snap.answered.map((q) => q.id)).toEqual([q2.id, q1.id]);
    expect(snap.answered[0]!.answeredAt).not.toBeNull();
  });

  it('exports for a compilation the answered questions and the ones asked for, with the counts of all', async () => {
    const app = harness.app();
    const s = await stage();
    const q1 = await approvedQuestion(s, 'Первый');
    await approvedQuestion(s, 'Второй');
    const q3 = await approvedQuestion(s, 'Третий');
    await ok(s.mod, 'qa:answered', { questionId: q1.id });
    const exported = await app.services.qa.exportForCompile(s.sessionId, [q3.id]);
    expect(exported.counts).toEqual({ asked: 3, approved: 3, answered: 1 });
    expect(exported.questions.map((q) => [q.id, q.status])).toEqual([
      [q1.id, 'answered'],
      [q3.id, 'approved'],
    ]);
    expect((await app.services.qa.exportForCompile(s.sessionId)).questions).toHaveLength(3);
  });

  it('spotlights one question for the stream and the speaker, and a rejected question leaves the spotlight', async () => {
    const app = harness.app();
    const s = await stage();
    const q = await approvedQuestion(s, 'На экран');
    const other = await approvedQuestion(s, 'Другой');
    const speaker = track(await joined(app, s.sessionId, s.speaker));
    const seenBySpeaker = nextChange(speaker, 'spotlight');
    const seenByViewer = nextChange(s.viewer, 'spotlight');
    await ok(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: q.id });
    expect((await seenBySpeaker).question?.id).toBe(q.id);
    expect((await seenByViewer).question?.id).toBe(q.id);
    expect((await ok(speaker, 'qa:snapshot', { sessionId: s.sessionId })).spotlight?.id).toBe(q.id);

    await ok(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: other.id });
    const cleared = nextChange(s.viewer, 'spotlight', (p) => p.question === null);
    await ok(s.mod, 'qa:reject', { questionId: other.id, reason: 'other' });
    await cleared;
    expect((await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId })).spotlight).toBeNull();

    const pending = await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Ещё не одобрен', lang: 'ru' });
    expect((await refused(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: pending.id })).code).toBe('invalid_state');
  });

  it('merges duplicates: sources become merged, their voters vote for the target, each voter once', async () => {
    const app = harness.app();
    const s = await stage();
    const author2 = track(await joined(app, s.sessionId, await citizen(app)));
    const target = await approvedQuestion(s, 'Как бороться с коррупцией в акиматах?');
    const source = await approvedQuestion(s, 'Что делать с коррупцией в акиматах?', author2);
    const voters = await Promise.all([0, 1, 2].map(async () => track(await joined(app, s.sessionId, await citizen(app)))));
    // voter 0 votes both (must count once), 1 only the source, 2 only the target
    await ok(voters[0]!, 'qa:vote', { questionId: target.id });
    await ok(voters[0]!, 'qa:vote', { questionId: source.id });
    await ok(voters[1]!, 'qa:vote', { questionId: source.id });
    await ok(voters[2]!, 'qa:vote', { questionId: target.id });

    const removed = nextChange(s.viewer, 'removed');
    const updated = nextChange(s.viewer, 'updated');
    const toAuthor = next(author2, 'qa:mine', (m) => m.status === 'merged');
    const merged = await ok(s.mod, 'qa:merge', { sourceIds: [source.id], targetId: target.id });
    expect(merged).toMatchObject({ id: target.id, votes: 3 });
    await expect(removed).resolves.toMatchObject({ questionId: source.id, reason: 'merged', mergedInto: target.id });
    expect((await updated).question).toMatchObject({ id: target.id, votes: 3 });
    await expect(toAuthor).resolves.toMatchObject({ id: source.id, status: 'merged', mergedInto: target.id });
    expect((await ok(voters[1]!, 'qa:snapshot', { sessionId: s.sessionId })).myVotes).toEqual([target.id]);
    expect((await ok(voters[1]!, 'qa:vote', { questionId: target.id })).votes).toBe(3);
    expect((await refused(voters[1]!, 'qa:vote', { questionId: source.id })).code).toBe('invalid_state');
    expect((await refused(s.mod, 'qa:merge', { sourceIds: [target.id], targetId: target.id })).code).toBe('invalid_input');
    expect((await refused(s.mod, 'qa:merge', { sourceIds: [source.id], targetId: target.id })).code).toBe('invalid_state');
  });

  it('switches pre-moderation per session and tells viewers', async () => {
    const s = await stage();
    const changed = nextChange(s.viewer, 'premoderation');
    expect(await ok(s.mod, 'qa:premoderation', { sessionId: s.sessionId, enabled: false })).toEqual({ enabled: false });
    expect((await changed).enabled).toBe(false);
    expect((await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Сразу видно', lang: 'ru' })).status).toBe('approved');
    await ok(s.mod, 'qa:premoderation', { sessionId: s.sessionId, enabled: true });
    expect((await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Теперь ждёт', lang: 'ru' })).status).toBe('pending');
    expect((await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId })).premoderation).toBe(true);
    const audit = await auditActions(s.sessionId);
    expect(audit.filter((a) => a.action === 'session.premoderation')).toHaveLength(2);
  });
});

describe('undo', () => {
  it('reverts an approval: the question returns to the queue and leaves viewers', async () => {
    const s = await stage();
    const q = await approvedQuestion(s, 'Отменить одобрение');
    const removed = nextChange(s.viewer, 'removed');
    const queued = next(s.mod, 'qa:queueUpserted', (p) => p.question.id === q.id);
    expect(await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).toEqual({ undone: 'approve', questionIds: [q.id] });
    await expect(removed).resolves.toMatchObject({ questionId: q.id, reason: 'unapproved' });
    expect((await queued).question.status).toBe('pending');
    expect((await auditActions(s.sessionId)).at(-1)).toMatchObject({ action: 'moderation.undo', target_id: q.id });
  });

  it('reverts a rejection, restoring the question and the spotlight it took away', async () => {
    const s = await stage();
    const q = await approvedQuestion(s, 'Вернуть');
    await ok(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: q.id });
    await ok(s.mod, 'qa:reject', { questionId: q.id, reason: 'abusive' });
    const back = nextChange(s.viewer, 'approved');
    const toAuthor = next(s.asker, 'qa:mine', (m) => m.id === q.id && m.status === 'approved');
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('reject');
    expect((await back).question.id).toBe(q.id);
    expect((await toAuthor).rejectReason).toBeNull();
    expect((await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId })).spotlight?.id).toBe(q.id);
  });

  it('reverts an edit, an answered mark, a spotlight and a pre-moderation switch, one step at a time', async () => {
    const s = await stage();
    const q = await approvedQuestion(s, 'Исходный текст');
    await ok(s.mod, 'qa:edit', { questionId: q.id, text: 'Новый текст' });
    await ok(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: q.id });
    await ok(s.mod, 'qa:answered', { questionId: q.id });
    await ok(s.mod, 'qa:premoderation', { sessionId: s.sessionId, enabled: false });

    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('premoderation');
    expect((await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId })).premoderation).toBe(true);
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('answered');
    expect((await ok(s.mod, 'qa:inspect', { questionId: q.id })).status).toBe('approved');
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('spotlight');
    expect((await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId })).spotlight).toBeNull();
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('edit');
    expect(await ok(s.mod, 'qa:inspect', { questionId: q.id })).toMatchObject({ text: 'Исходный текст', originalText: null, edited: false });
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('approve');
    expect((await refused(s.mod, 'qa:undo', { sessionId: s.sessionId })).code).toBe('not_found');
  });

  it('reverts a merge, taking back exactly the votes it carried over', async () => {
    const app = harness.app();
    const s = await stage();
    const other = track(await joined(app, s.sessionId, await citizen(app)));
    const target = await approvedQuestion(s, 'Цель');
    const source = await approvedQuestion(s, 'Источник', other);
    const v1 = track(await joined(app, s.sessionId, await citizen(app)));
    const v2 = track(await joined(app, s.sessionId, await citizen(app)));
    await ok(v1, 'qa:vote', { questionId: source.id });
    await ok(v2, 'qa:vote', { questionId: source.id });
    await ok(v2, 'qa:vote', { questionId: target.id });
    expect((await ok(s.mod, 'qa:merge', { sourceIds: [source.id], targetId: target.id })).votes).toBe(2);
    expect((await ok(s.mod, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('merge');
    const snap = await ok(s.viewer, 'qa:snapshot', { sessionId: s.sessionId });
    expect(Object.fromEntries(snap.approved.map((q) => [q.id, q.votes]))).toEqual({ [source.id]: 2, [target.id]: 1 });
    expect((await ok(v1, 'qa:snapshot', { sessionId: s.sessionId })).myVotes).toEqual([source.id]);
  });

  it("refuses with conflict when another moderator changed the question since, and undoes only the caller's own actions", async () => {
    const app = harness.app();
    const s = await stage();
    const second = track(await joined(app, s.sessionId, await invited(app, s.fx, 'moderator')));
    const q = await approvedQuestion(s, 'Спорный');
    await ok(second, 'qa:reject', { questionId: q.id, reason: 'duplicate' });
    expect((await refused(s.mod, 'qa:undo', { sessionId: s.sessionId })).code).toBe('conflict');
    expect((await ok(second, 'qa:undo', { sessionId: s.sessionId })).undone).toBe('reject');
    expect((await ok(s.mod, 'qa:queue', { sessionId: s.sessionId })).undoable).toMatchObject({ action: 'approve', questionIds: [q.id] });
  });
});

describe('audit log', () => {
  it('records every moderation action in the transaction and lets organizers download it as CSV', async () => {
    const app = harness.app();
    const s = await stage();
    const q = await approvedQuestion(s, 'Вопрос, "с кавычками", и запятыми');
    await ok(s.mod, 'qa:edit', { questionId: q.id, text: '=HYPERLINK("http://evil")' });
    await ok(s.mod, 'qa:reject', { questionId: q.id, reason: 'abusive', note: 'қорлау' });
    expect((await auditActions(s.sessionId)).map((a) => a.action)).toEqual(['question.approve', 'question.edit', 'question.reject']);

    const r = await s.fx.org.get(`/api/sessions/${s.sessionId}/audit.csv`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    await expectAsDocumented(app.url, 'GET', '/api/sessions/{sessionId}/audit.csv', r);
    const text = (r.data as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFF')).toBe(true);
    const lines = text.slice(1).split('\r\n');
    expect(lines[0]).toBe('at,domain,action,actor_name,actor_id,target_id,reason,details');
    expect(text).toContain('question.reject');
    expect(text).toContain('abusive');
    expect(text).toContain('қорлау');
    expect(text).toContain('session.start');
    expect(text).not.toMatch(/(^|,)"?=HYPERLINK/m);

    expect((await s.moderator.get(`/api/sessions/${s.sessionId}/audit.csv`)).status).toBe(403);
    expect((await (await citizen(app)).get(`/api/sessions/${s.sessionId}/audit.csv`)).status).toBe(403);
  });

  it('records nothing for a refused action', async () => {
    const s = await stage();
    const q = await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Ждёт', lang: 'ru' });
    expect((await refused(s.mod, 'qa:answered', { questionId: q.id })).code).toBe('invalid_state');
    expect(await auditActions(s.sessionId)).toEqual([]);
  });
});

describe('moderators queue', () => {
  it('lists flagged questions first, then oldest first, and sends nothing of it to viewers', async () => {
    const s = await stage();
    const viewerQueue = record(s.viewer, 'qa:queueUpserted', 'qa:queueRemoved');
    const plain = await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Обычный вопрос', lang: 'ru' });
    const flagged = await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'Ты сука, отвечай', lang: 'ru' });
    const queue = await ok(s.mod, 'qa:queue', { sessionId: s.sessionId });
    expect(queue.pending.map((q) => q.id)).toEqual([flagged.id, plain.id]);
    expect(queue.pending[0]).toMatchObject({ flagged: true, flags: ['blocklist'], matchedWords: ['сука'] });
    await eventually(async () => (await ok(s.mod, 'qa:queue', { sessionId: s.sessionId })).queueVersion >= 2);
    expect(viewerQueue).toEqual([]);
  });
});

describe('pre-moderation off', () => {
  it('still sends flagged questions to the moderators instead of viewers', async () => {
    const s = await stage();
    await setPremoderation(s.mod, s.sessionId, false);
    const queued = next(s.mod, 'qa:queueUpserted');
    const q = await ok(s.asker, 'qa:ask', { sessionId: s.sessionId, text: 'What the fuck is this budget?', lang: 'en' });
    expect(q.status).toBe('pending');
    expect((await queued).question).toMatchObject({ id: q.id, flags: ['blocklist'], matchedWords: ['fuck*'] });
  });
});

describe('refusals', () => {
  it('refuses approving an approved question, rejecting, editing or merging a merged one with invalid_state', async () => {
    const app = harness.app();
    const s = await stage();
    const other = track(await joined(app, s.sessionId, await citizen(app)));
    const target = await approvedQuestion(s, 'Цель слияния');
    const source = await approvedQuestion(s, 'Источник слияния', other);
    expect((await refused(s.mod, 'qa:approve', { questionId: target.id })).code).toBe('invalid_state');
    await ok(s.mod, 'qa:merge', { sourceIds: [source.id], targetId: target.id });
    expect((await refused(s.mod, 'qa:reject', { questionId: source.id, reason: 'other' })).code).toBe('invalid_state');
    expect((await refused(s.mod, 'qa:edit', { questionId: source.id, text: 'Другой текст' })).code).toBe('invalid_state');
    expect((await refused(s.mod, 'qa:merge', { sourceIds: [target.id], targetId: source.id })).code).toBe('invalid_state');
    expect((await refused(s.mod, 'qa:approve', { questionId: source.id })).code).toBe('invalid_state');
  });

  it('refuses questions and sessions that do not exist, or belong to another session, with not_found', async () => {
    const s = await stage();
    const elsewhere = await stage();
    const foreign = await ok(elsewhere.asker, 'qa:ask', { sessionId: elsewhere.sessionId, text: 'Чужой', lang: 'ru' });
    const mine = await approvedQuestion(s, 'Свой');
    const nobody = '00000000-0000-4000-8000-000000000000';
    expect((await refused(s.mod, 'qa:approve', { questionId: nobody })).code).toBe('not_found');
    expect((await refused(s.mod, 'qa:inspect', { questionId: nobody })).code).toBe('not_found');
    expect((await refused(s.mod, 'qa:premoderation', { sessionId: nobody, enabled: false })).code).toBe('not_found');
    expect((await refused(s.mod, 'qa:queue', { sessionId: nobody })).code).toBe('not_found');
    expect((await refused(s.mod, 'qa:spotlight', { sessionId: s.sessionId, questionId: foreign.id })).code).toBe('not_found');
    // The target is mine, the source is another session's: refused as a whole, nothing merged.
    expect((await refused(s.mod, 'qa:merge', { sourceIds: [foreign.id], targetId: mine.id })).code).toBe('not_found');
    expect((await ok(elsewhere.mod, 'qa:inspect', { questionId: foreign.id })).status).toBe('pending');
  });

  it('refuses votes once the session has ended with invalid_state, keeping the counts as they were', async () => {
    const app = harness.app();
    const s = await stage();
    const q = await approvedQuestion(s, 'До конца');
    await ok(s.viewer, 'qa:vote', { questionId: q.id });
    await s.fx.org.post(`/api/sessions/${s.sessionId}/end`);
    expect((await refused(s.viewer, 'qa:unvote', { questionId: q.id })).code).toBe('invalid_state');
    expect((await refused(s.asker, 'qa:vote', { questionId: q.id })).code).toBe('invalid_state');
    expect((await app.services.qa.getQuestion(q.id)).votes).toBe(1);
    // Moderators may still tidy up after the end.
    expect((await ok(s.mod, 'qa:answered', { questionId: q.id })).status).toBe('answered');
  });
});
