/** Agree / disagree / pass on a session's recommendations: while live, in the review window, and not after. */
import { describe, expect, it } from 'vitest';
import type { CompileRevisionView } from '../../common/recs.contract';
import type { RecsModule } from '../../server/recommendations/recs.module';
import { withTestApp } from '../helpers/app';
import { eventually } from '../helpers/wait-for';
import { citizen } from '../helpers/factories';
import { connect, liveSession, ok, refused } from './qa.support';

const harness = withTestApp({ RATINGS_PER_MINUTE: '6' });
const { track } = harness;

describe('ratings', () => {
  it('stores one changeable rating per person while live and in the review window, and refuses them once it has closed', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const { fx } = live;
    const author = track(await connect(app.url, await citizen(app)));
    const rec = await ok(author, 'recs:submit', { sessionId: live.sessionId, text: 'Публиковать протоколы общественных советов в течение недели.', lang: 'ru' });
    const rater = await citizen(app);
    const s = track(await connect(app.url, rater));

    const first = await ok(s, 'ratings:rate', { recommendationId: rec.id, value: 'agree' });
    expect(first).toMatchObject({ recommendationId: rec.id, value: 'agree' });
    // Stored before the ack: the row is there the moment the ack arrives.
    const stored = await app.core.db.query<{ value: string }>('select value from recommendation_ratings where recommendation_id = $1', [rec.id]);
    expect(stored.rows).toEqual([{ value: 'agree' }]);
    await ok(s, 'ratings:rate', { recommendationId: rec.id, value: 'disagree' });
    const mine = await ok(s, 'ratings:mine', { sessionId: live.sessionId });
    expect(mine.ratings).toEqual([expect.objectContaining({ recommendationId: rec.id, value: 'disagree' })]);
    expect(mine.window).toEqual({ open: true, closesAt: null, hours: 72 });
    expect((await app.core.db.query('select 1 from recommendation_ratings where recommendation_id = $1', [rec.id])).rowCount).toBe(1);

    expect((await refused(s, 'ratings:rate', { recommendationId: rec.id, value: 'maybe' })).code).toBe('invalid_input');
    // An item a moderator takes back to draft cannot be rated until it is published again.
    const mod = track(await connect(app.url, live.moderator));
    await ok(mod, 'recs:setState', { recommendationId: rec.id, state: 'draft' });
    expect((await refused(s, 'ratings:rate', { recommendationId: rec.id, value: 'agree' })).code).toBe('invalid_state');
    await ok(mod, 'recs:setState', { recommendationId: rec.id, state: 'open' });

    expect((await fx.org.put(`/api/forums/${fx.forum.id}/review-window`, { hours: 24 })).data).toEqual({ hours: 24 });
    expect((await rater.put(`/api/forums/${fx.forum.id}/review-window`, { hours: 1000 })).status).toBe(403);

    expect((await fx.org.post(`/api/sessions/${live.sessionId}/end`)).status).toBe(200);
    const revisions = async () => (await fx.org.get(`/api/sessions/${live.sessionId}/compilations`)).data as CompileRevisionView[];
    await eventually(async () => (await revisions()).length === 1);
    // Ended, but within the window: still open, over HTTP too.
    const late = await rater.put(`/api/recommendations/${rec.id}/rating`, { value: 'pass' });
    expect(late.status).toBe(200);
    expect(late.data.value).toBe('pass');
    const window = (await rater.get(`/api/sessions/${live.sessionId}/ratings/mine`)).data.window;
    expect(window.open).toBe(true);
    expect(Date.parse(window.closesAt) - Date.now()).toBeGreaterThan(23 * 3600_000);

    // The organizers close the window: ratings are refused and nothing changes.
    await fx.org.put(`/api/forums/${fx.forum.id}/review-window`, { hours: 0 });
    const closed = await refused(s, 'ratings:rate', { recommendationId: rec.id, value: 'agree' });
    expect(closed.code).toBe('invalid_state');
    expect(closed.message).toMatch(/review window/);
    expect((await rater.put(`/api/recommendations/${rec.id}/rating`, { value: 'agree' })).status).toBe(409);
    const after = await app.core.db.query<{ value: string }>('select value from recommendation_ratings where recommendation_id = $1', [rec.id]);
    expect(after.rows).toEqual([{ value: 'pass' }]);
    // The window closed with a rating the end-of-session compilation lacks: the sweep compiles again, once.
    const recs = app.modules.find((m): m is RecsModule => m.name === 'recommendations')!;
    await recs.sweepReviews();
    expect((await revisions()).map((r) => [r.revision, r.reason])).toEqual([
      [2, 'recompile'],
      [1, 'session.ended'],
    ]);
    await recs.sweepReviews();
    expect(await revisions()).toHaveLength(2);

    const audit = await app.core.audit.list({ forumId: fx.forum.id, domain: 'recs' });
    expect(audit.filter((a) => a.action === 'ratings.reviewWindow').map((a) => a.details)).toEqual([{ before: 72, after: 24 }, { before: 24, after: 0 }]);
  });

  it('limits how fast one person rates', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const author = track(await connect(app.url, await citizen(app)));
    const ids: string[] = [];
    for (const t of ['Первое предложение о бюджете.', 'Второе предложение о школах.', 'Третье предложение о дорогах.']) ids.push((await ok(author, 'recs:submit', { sessionId: live.sessionId, text: t, lang: 'ru' })).id);
    const s = track(await connect(app.url, await citizen(app)));
    for (let i = 0; i < 6; i++) await ok(s, 'ratings:rate', { recommendationId: ids[i % ids.length]!, value: 'agree' });
    const r = await refused(s, 'ratings:rate', { recommendationId: ids[0]!, value: 'disagree' });
    expect(r.code).toBe('rate_limited');
  });
});
