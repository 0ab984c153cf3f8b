/**
 * The Q&A and attendance SQL must run on the embedded store (PGlite) exactly as on
 * PostgreSQL: single-statement votes with locking CTEs, repeatable-read snapshots,
 * uuid[]/text[] parameters, jsonb undo journal, unnest batches.
 */
import { describe, expect, it } from 'vitest';
import { withEmbeddedApp } from '../helpers/embedded-app';
import { citizen } from '../helpers/factories';
import { eventually } from '../helpers/wait-for';
import { joined, liveSession, ok, setPremoderation } from './qa.support';

const harness = withEmbeddedApp('qa');
const { track } = harness;

describe('Q&A on the embedded store', () => {
  it('asks, votes, moderates, merges, undoes, snapshots and exports as on PostgreSQL', async () => {
    const t = harness.app();
    const live = await liveSession(t);
    const mod = track(await joined(t, live.sessionId, live.moderator));
    const a = track(await joined(t, live.sessionId, await citizen(t)));
    const b = track(await joined(t, live.sessionId, await citizen(t)));
    const q1 = await ok(a, 'qa:ask', { sessionId: live.sessionId, text: 'Қашан?', lang: 'kk' });
    await setPremoderation(mod, live.sessionId, false);
    const q2 = await ok(b, 'qa:ask', { sessionId: live.sessionId, text: 'Когда?', lang: 'ru' });
    await ok(mod, 'qa:approve', { questionId: q1.id });
    expect((await ok(a, 'qa:vote', { questionId: q2.id })).votes).toBe(1);
    expect((await ok(a, 'qa:vote', { questionId: q2.id })).votes).toBe(1);
    expect((await ok(b, 'qa:vote', { questionId: q1.id })).votes).toBe(1);
    expect((await ok(b, 'qa:unvote', { questionId: q1.id })).votes).toBe(0);
    await ok(b, 'qa:vote', { questionId: q1.id });
    expect((await ok(mod, 'qa:merge', { sourceIds: [q2.id], targetId: q1.id })).votes).toBe(2);
    expect((await ok(mod, 'qa:undo', { sessionId: live.sessionId })).undone).toBe('merge');
    await ok(mod, 'qa:edit', { questionId: q1.id, text: 'Қашан болады?' });

    const snap = await ok(a, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.approved.map((q) => [q.text, q.votes])).toEqual([
      ['Қашан болады?', 1],
      ['Когда?', 1],
    ]);
    expect(snap.myVotes).toEqual([q2.id]);
    expect((await ok(mod, 'qa:queue', { sessionId: live.sessionId })).undoable?.action).toBe('edit');

    const exported = await t.services.qa.exportForCompile(live.sessionId);
    expect(exported.counts).toEqual({ asked: 2, approved: 2, answered: 0 });
    expect(exported.questions[0]).toMatchObject({ text: 'Қашан болады?', originalText: 'Қашан?' });
    const csv = await live.fx.org.get(`/api/sessions/${live.sessionId}/audit.csv`);
    expect((csv.data as Buffer).toString('utf8')).toContain('question.merge');
  });

  it('records attendance on the embedded store', async () => {
    const t = harness.app();
    const live = await liveSession(t);
    track(await joined(t, live.sessionId, await citizen(t)));
    await eventually(async () => (await t.services.sessions.attendance(live.sessionId)).uniqueViewers === 1);
    await live.fx.org.post(`/api/sessions/${live.sessionId}/end`);
    const r = await live.fx.org.get(`/api/sessions/${live.sessionId}/attendance`);
    expect(r.status).toBe(200);
    expect(r.data).toMatchObject({ peak: 1, uniqueViewers: 1 });
    expect(r.data.series.at(-1).viewers).toBe(1);
  });
});
