/**
 * The forum-wide set (every session's compilation merged, numbered, by addressee) and
 * the public tracker of what became of each item, with a real worker process.
 */
import { describe, expect, it } from 'vitest';
import { type TrackerView } from '../../common/recs.contract';
import { Compilation } from '../../common/compilation.contract';
import { citizen, forumWithSession, type ForumFixture } from '../helpers/factories';
import { expectAsDocumented } from '../helpers/openapi';
import { connect, next, ok, type QaSocket } from './qa.support';
import { withCompileWorker } from './compile.support';

const harness = withCompileWorker();
const { track } = harness;

const MINJUST = 'Министерство юстиции';
const MININFO = 'Министерство информации';

/** Runs a session live with the given items, ends it, and waits for its compilation. */
async function sessionWith(fx: ForumFixture, org: QaSocket, sessionId: string, items: { text: string; lang: 'kk' | 'ru' | 'en'; addressee?: string }[]) {
  const app = harness.app();
  await fx.org.post(`/api/sessions/${sessionId}/start`);
  for (const it of items) {
    const s = track(await connect(app.url, await citizen(app)));
    await ok(s, 'recs:submit', { sessionId, ...it });
  }
  const done = next(org, 'recs:compileProgress', (p) => p.sessionId === sessionId && p.state === 'completed', 60_000);
  await fx.org.post(`/api/sessions/${sessionId}/end`);
  await done;
}

describe('the forum-wide set and the tracker', () => {
  it('merges the sessions into one numbered set by addressee, and tracks each item publicly once published', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const second = await fx.org.post(`/api/forums/${fx.forum.id}/sessions`, {
      platformId: fx.platform.id,
      title: { ru: 'Открытые данные' },
      startsAt: '2026-11-24T05:00:00Z',
      endsAt: '2026-11-24T07:00:00Z',
    });
    const org = track(await connect(app.url, fx.org));
    await ok(org, 'recs:watchCompiles', { forumId: fx.forum.id });
    expect((await fx.org.post(`/api/forums/${fx.forum.id}/compilations`)).status).toBe(409);

    await sessionWith(fx, org, fx.session.id, [
      { text: 'Публиковать решения судов на едином портале в течение трёх дней.', lang: 'ru', addressee: MINJUST },
      { text: 'Ашық деректер порталында бюджет шығыстарын ай сайын жариялау керек.', lang: 'kk', addressee: MININFO },
    ]);
    await sessionWith(fx, org, second.data.id, [
      { text: 'Публиковать решения судов на едином портале в течение трёх рабочих дней.', lang: 'ru', addressee: MINJUST },
      { text: 'Create a public register of the recommendations of public councils.', lang: 'en' },
    ]);

    const done = next(org, 'recs:compileProgress', (p) => p.scope === 'forum' && p.state === 'completed', 60_000);
    const req = await fx.org.post(`/api/forums/${fx.forum.id}/compilations`);
    expect(req.status).toBe(202);
    expect(req.data).toMatchObject({ scope: 'forum', revision: 1, sessionId: null });
    await done;

    const set = Compilation.parse((await fx.org.get(`/api/forums/${fx.forum.id}/compilations/1/json`)).data);
    expect(set.scope).toBe('forum');
    expect(set.sessions.map((s) => s.id)).toEqual([fx.session.id, second.data.id]);
    // Addressees alphabetically, unaddressed last; numbered straight through.
    expect(set.recommendations.map((r) => [r.number, r.addressee])).toEqual([
      [1, MININFO],
      [2, MINJUST],
      [3, null],
    ]);
    // The court-decisions proposal of both sessions is one item with both sources.
    expect(new Set(set.recommendations[1]!.sources.map((s) => s.sessionId))).toEqual(new Set([fx.session.id, second.data.id]));
    const md = (await fx.org.get(`/api/forums/${fx.forum.id}/compilations/1/md`)).data.toString('utf8');
    expect(md.indexOf(`### ${MININFO}`)).toBeLessThan(md.indexOf(`### ${MINJUST}`));

    const reader = await citizen(app);
    expect((await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).status).toBe(403);
    expect((await reader.get(`/api/forums/${fx.forum.id}/compilations/1/pdf`)).status).toBe(403);
    const before = (await fx.org.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(before.tallies).toEqual({ total: 3, new: 3, accepted: 0, in_progress: 0, executed: 0, rejected: 0 });

    expect((await fx.org.put(`/api/forums/${fx.forum.id}/compilations/1/published`, { published: true })).status).toBe(200);
    const pub = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(pub.items.map((i) => i.number)).toEqual([1, 2, 3]);
    expect(pub.revision).toBe(1);

    const item = pub.items[1]!;
    expect((await reader.patch(`/api/tracker/${item.id}`, { status: 'executed' })).status).toBe(403);
    expect((await fx.org.patch(`/api/tracker/${item.id}`, { status: 'done' })).status).toBe(400);
    expect((await fx.org.patch(`/api/tracker/${item.id}`, {})).status).toBe(400);
    const changed = await fx.org.patch(`/api/tracker/${item.id}`, { status: 'in_progress', responsibleBody: 'Верховный суд', deadline: '2027-06-30', note: 'Законопроект внесён в Мажилис.' });
    expect(changed.status).toBe(200);
    expect(changed.data).toMatchObject({ status: 'in_progress', responsibleBody: 'Верховный суд', deadline: '2027-06-30' });
    await fx.org.patch(`/api/tracker/${item.id}`, { status: 'executed', note: 'Закон подписан.' });
    await fx.org.patch(`/api/tracker/${pub.items[0]!.id}`, { status: 'in_progress' });

    const after = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(after.tallies).toEqual({ total: 3, new: 1, accepted: 0, in_progress: 1, executed: 1, rejected: 0 });
    expect(after.items[1]!.history.map((h) => [h.status, h.note])).toEqual([
      ['in_progress', 'Законопроект внесён в Мажилис.'],
      ['executed', 'Закон подписан.'],
    ]);
    expect(after.items[1]!.history[1]).toMatchObject({ responsibleBody: 'Верховный суд', deadline: '2027-06-30' });

    const csv = await reader.get(`/api/forums/${fx.forum.slug}/tracker.csv`);
    expect(csv.status).toBe(200);
    await expectAsDocumented(app.url, 'GET', '/api/forums/{forum}/tracker.csv', csv);
    const text = (csv.data as Buffer).toString('utf8');
    expect(text.startsWith('\uFEFFnumber,text,lang,addressee,support,status')).toBe(true);
    expect(text).toContain('executed,Верховный суд,2027-06-30');
    expect(text).toContain('Закон подписан.');

    const audit = await app.core.audit.list({ forumId: fx.forum.id, domain: 'tracker' });
    expect(audit.map((a) => a.action)).toEqual(['tracker.update', 'tracker.update', 'tracker.update']);
    expect(audit[1]).toMatchObject({ reason: 'Закон подписан.', details: { before: { status: 'in_progress' }, after: { status: 'executed' } } });

    // A later forum-wide set keeps what was tracked for the same items.
    const redo = next(org, 'recs:compileProgress', (p) => p.scope === 'forum' && p.revision === 2 && p.state === 'completed', 60_000);
    await fx.org.post(`/api/sessions/${fx.session.id}/compilations/recompile`);
    const modSocket = track(await connect(app.url, fx.org));
    const items = (await ok(modSocket, 'recs:list', { sessionId: second.data.id })).items;
    await ok(modSocket, 'recs:setState', { recommendationId: items.find((i) => i.lang === 'en')!.id, state: 'hidden' });
    const recompiled = next(org, 'recs:compileProgress', (p) => p.sessionId === second.data.id && p.revision === 2 && p.state === 'completed', 60_000);
    await fx.org.post(`/api/sessions/${second.data.id}/compilations/recompile`);
    await recompiled;
    await fx.org.post(`/api/forums/${fx.forum.id}/compilations`);
    await redo;
    const latest = (await fx.org.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(latest.revision).toBe(2);
    expect(latest.tallies).toEqual({ total: 2, new: 0, accepted: 0, in_progress: 1, executed: 1, rejected: 0 });
    expect(latest.items.find((i) => i.id === item.id)).toMatchObject({ status: 'executed', history: [expect.anything(), expect.anything()] });

    // Revision 2 is compiled but not published: the public still sees revision 1's items and texts, in the tracker and its CSV.
    const english = pub.items.find((i) => i.lang === 'en')!;
    const still = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(still.revision).toBe(1);
    expect(still.items.map((i) => [i.number, i.text])).toEqual(pub.items.map((i) => [i.number, i.text]));
    expect(still.tallies).toEqual({ total: 3, new: 1, accepted: 0, in_progress: 1, executed: 1, rejected: 0 });
    expect((await reader.get(`/api/tracker/${english.id}/feed.atom`)).status).toBe(200);
    const stillCsv = ((await reader.get(`/api/forums/${fx.forum.slug}/tracker.csv`)).data as Buffer).toString('utf8');
    expect(stillCsv).toContain(english.text);

    expect((await fx.org.put(`/api/forums/${fx.forum.id}/compilations/2/published`, { published: true })).status).toBe(200);
    const republished = (await reader.get(`/api/forums/${fx.forum.slug}/tracker`)).data as TrackerView;
    expect(republished.revision).toBe(2);
    expect(republished.items.map((i) => i.text)).toEqual(latest.items.map((i) => i.text));
    expect(((await reader.get(`/api/forums/${fx.forum.slug}/tracker.csv`)).data as Buffer).toString('utf8')).not.toContain(english.text);
    expect((await reader.get(`/api/tracker/${english.id}/feed.atom`)).status).toBe(404);
  }, 120_000);
});
