/** Live polls over real sockets, PostgreSQL and Redis: votes, changes of vote, live results, hidden results, limits. */
import { describe, expect, it } from 'vitest';
import { PollsSnapshot } from '../../common/polls.contract';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive } from '../helpers/factories';
import { connect, joined, liveSession, ok, onFrames, refused } from './qa.support';
import { allSee, citizens, follow, openPoll, OPTIONS, QUESTION } from './polls.support';

const harness = withTestApp({ POLL_VOTES_PER_MINUTE: '5' });
const { track } = harness;

const stored = async (pollId: string) =>
  (await harness.app().core.db.query<{ c: number; n: number }>('select c::int, count(*)::int as n from poll_votes, unnest(choices) c where poll_id = $1 group by c order by c', [pollId])).rows.map((r) => [r.c, r.n]);

describe('live polls', () => {
  it('counts exactly the acknowledged votes of 50 clients, and every client sees those totals', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const voters = (await citizens(app, live.sessionId, 50)).map(track);
    const views = voters.map(follow);
    const poll = await openPoll(mod, live.sessionId);
    expect(poll).toMatchObject({ number: 1, kind: 'single', state: 'open', question: QUESTION, options: OPTIONS.map((text, index) => ({ index, text })) });

    const acks = await Promise.all(voters.map((s, i) => ok(s, 'poll:vote', { pollId: poll.id, choices: [i % 3] })));
    const acked = [0, 1, 2].map((c) => acks.filter((a) => a.changed && a.choices[0] === c).length);
    expect(acked).toEqual([17, 17, 16]);
    // Every acknowledged vote is a row.
    expect(await stored(poll.id)).toEqual([[0, 17], [1, 17], [2, 16]]);
    await allSee(views, poll.id, (r) => r.voters === 50 && r.counts?.join() === '17,17,16');

    // Changing one's vote moves it; sending the same choice again changes nothing.
    const changed = await ok(voters[0]!, 'poll:vote', { pollId: poll.id, choices: [2] });
    expect(changed).toEqual({ pollId: poll.id, choices: [2], changed: true });
    expect(await ok(voters[0]!, 'poll:vote', { pollId: poll.id, choices: [2] })).toMatchObject({ changed: false });
    await allSee(views, poll.id, (r) => r.voters === 50 && r.counts?.join() === '16,17,17');
    expect(await stored(poll.id)).toEqual([[0, 16], [1, 17], [2, 17]]);

    const mine = await ok(voters[0]!, 'poll:list', { sessionId: live.sessionId });
    expect(mine.polls[0]).toMatchObject({ id: poll.id, myChoices: [2], results: { voters: 50, counts: [16, 17, 17] } });
  });

  it('sends at most one results reading per interval however fast votes come', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const voters = (await citizens(app, live.sessionId, 30)).map(track);
    const watcher = track(await joined(app, live.sessionId, await citizen(app)));
    const at: number[] = [];
    onFrames(watcher, (f) => f.polls?.results && at.push(Date.now()));
    const view = follow(watcher);
    const poll = await openPoll(mod, live.sessionId, { kind: 'multiple' });
    await Promise.all(voters.map((s, i) => ok(s, 'poll:vote', { pollId: poll.id, choices: i % 2 ? [0, 2] : [1] })));
    await allSee([view], poll.id, (r) => r.voters === 30 && r.counts?.join() === '15,15,15');
    const gaps = at.slice(1).map((t, i) => t - at[i]!);
    // POLL_RESULTS_INTERVAL_MS is 100: readings of one room come at least that far apart (a little jitter on delivery).
    expect(gaps.every((g) => g >= 80)).toBe(true);
    expect(await stored(poll.id)).toEqual([[0, 15], [1, 15], [2, 15]]);
  });

  it('hides results from viewers until the poll closes, while moderators see them live', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const viewer = track(await joined(app, live.sessionId, await citizen(app)));
    const voters = (await citizens(app, live.sessionId, 4)).map(track);
    const [modView, viewerView] = [follow(mod), follow(viewer)];
    const poll = await openPoll(mod, live.sessionId, { kind: 'scale', hideResults: true });
    expect(poll.options).toEqual([0, 1, 2, 3, 4].map((index) => ({ index, text: null })));
    await Promise.all(voters.map((s, i) => ok(s, 'poll:vote', { pollId: poll.id, choices: [i === 0 ? 0 : 4] })));

    await allSee([modView], poll.id, (r) => r.counts?.join() === '1,0,0,0,3');
    await allSee([viewerView], poll.id, (r) => r.voters === 4);
    expect(viewerView.get(poll.id)!.counts).toBeNull();
    const listed = await ok(viewer, 'poll:list', { sessionId: live.sessionId });
    expect(listed.polls[0]!.results).toEqual({ pollId: poll.id, seq: 0, voters: 4, counts: null });
    const http = await (await citizen(app)).get(`/api/sessions/${live.sessionId}/polls`);
    expect(PollsSnapshot.parse(http.data).polls[0]!.results.counts).toBeNull();

    const closed = await ok(mod, 'poll:close', { pollId: poll.id });
    expect(closed.state).toBe('closed');
    await allSee([viewerView], poll.id, (r) => r.counts?.join() === '1,0,0,0,3');
    expect((await refused(voters[1]!, 'poll:vote', { pollId: poll.id, choices: [0] })).code).toBe('invalid_state');
    expect(await stored(poll.id)).toEqual([[0, 1], [4, 3]]);
  });

  it('refuses choices that do not fit the poll, votes on drafts, and too many votes from one person', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const s = track(await connect(app.url, await citizen(app)));
    const poll = await openPoll(mod, live.sessionId);
    expect((await refused(s, 'poll:vote', { pollId: poll.id, choices: [3] })).code).toBe('invalid_input');
    expect((await refused(s, 'poll:vote', { pollId: poll.id, choices: [0, 1] })).code).toBe('invalid_input');
    expect((await refused(s, 'poll:vote', { pollId: poll.id, choices: [] })).code).toBe('invalid_input');
    expect((await refused(s, 'poll:vote', { pollId: poll.id, choices: ['0'] })).code).toBe('invalid_input');
    expect((await refused(mod, 'poll:create', { sessionId: live.sessionId, kind: 'single', question: QUESTION, options: [OPTIONS[0]] })).code).toBe('invalid_input');
    expect((await refused(mod, 'poll:create', { sessionId: live.sessionId, kind: 'scale', question: QUESTION, options: OPTIONS })).code).toBe('invalid_input');
    const draft = await ok(mod, 'poll:create', { sessionId: live.sessionId, kind: 'single', question: QUESTION, options: OPTIONS, hideResults: false });
    expect((await refused(s, 'poll:vote', { pollId: draft.id, choices: [0] })).code).toBe('invalid_state');
    // Five a minute in this test app; the three refused after parsing spent three of them.
    await ok(s, 'poll:vote', { pollId: poll.id, choices: [0] });
    await ok(s, 'poll:vote', { pollId: poll.id, choices: [2] });
    const limited = await refused(s, 'poll:vote', { pollId: poll.id, choices: [0] });
    expect(limited.code).toBe('rate_limited');
    expect(await stored(poll.id)).toEqual([[2, 1]]);
  });

  it('lets the organizer prepare a poll over HTTP before the session, and open it once live', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const org = fx.org;
    const created = await org.post('/api/polls', { sessionId: fx.session.id, kind: 'multiple', question: { ru: QUESTION.ru }, options: OPTIONS });
    expect(created.status).toBe(201);
    expect(created.data).toMatchObject({ state: 'draft', number: 1, version: 1, question: { ru: QUESTION.ru } });
    const edited = await org.put(`/api/polls/${created.data.id}`, { kind: 'single', question: QUESTION, options: OPTIONS.slice(0, 2), hideResults: true });
    expect(edited.data).toMatchObject({ kind: 'single', hideResults: true, version: 2, options: [{ index: 0 }, { index: 1 }] });
    const early = await org.post(`/api/polls/${created.data.id}/open`);
    expect([early.status, early.data.code]).toEqual([409, 'invalid_state']);
    await goLive(fx);
    const opened = await org.post(`/api/polls/${created.data.id}/open`);
    expect(opened.data).toMatchObject({ state: 'open', version: 3 });
    expect((await org.put(`/api/polls/${created.data.id}`, { kind: 'scale', question: QUESTION })).status).toBe(409);
    expect((await org.delete(`/api/polls/${created.data.id}`)).status).toBe(409);
    const second = await org.post('/api/polls', { sessionId: fx.session.id, kind: 'scale', question: QUESTION });
    expect(second.data).toMatchObject({ number: 2, options: [{ index: 0, text: null }, {}, {}, {}, {}] });
    expect((await org.delete(`/api/polls/${second.data.id}`)).status).toBe(204);
    const audit = await app.core.db.query<{ action: string }>(`select action from audit_log where session_id = $1 and domain = 'polls' order by id`, [fx.session.id]);
    expect(audit.rows.map((r) => r.action)).toEqual(['poll.create', 'poll.edit', 'poll.open', 'poll.create', 'poll.delete']);
  });

  it('closes open polls when the session ends, and exports the results as CSV (UTF-8 with BOM)', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    const voters = (await citizens(app, live.sessionId, 3)).map(track);
    const poll = await openPoll(mod, live.sessionId);
    await Promise.all(voters.map((s) => ok(s, 'poll:vote', { pollId: poll.id, choices: [1] })));
    const seen = follow(mod);
    const closedFrame = new Promise((resolve) => onFrames(mod, (f) => f.polls?.polls?.some((p) => p.id === poll.id && p.state === 'closed') && resolve(true)));
    expect((await live.fx.org.post(`/api/sessions/${live.sessionId}/end`)).status).toBe(200);
    await closedFrame;
    expect((await refused(voters[0]!, 'poll:vote', { pollId: poll.id, choices: [0] })).code).toBe('invalid_state');
    await allSee([seen], poll.id, (r) => r.counts?.join() === '0,3,0');

    const got = await (await citizen(app)).get(`/api/sessions/${live.sessionId}/polls.csv`);
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    const bytes = got.data as Buffer;
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('poll_number,poll_id,kind,state,question_kk,question_ru,question_en,option_number,option_kk,option_ru,option_en,votes,voters,opened_at,closed_at');
    expect(lines).toHaveLength(4);
    expect(lines[2]).toContain(`1,${poll.id},single,closed,${QUESTION.kk},${QUESTION.ru},${QUESTION.en},2,${OPTIONS[1]!.kk},${OPTIONS[1]!.ru},${OPTIONS[1]!.en},3,3,`);
  });

  it('documents the poll routes in the OpenAPI document, the CSV export as text/csv', async () => {
    const app = harness.app();
    const doc = (await (await citizen(app)).get('/api/openapi.json')).data as { paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>> };
    const ops = Object.entries(doc.paths).flatMap(([p, o]) => Object.keys(o).map((m) => `${m.toUpperCase()} ${p}`)).filter((o) => o.includes('poll'));
    expect(ops.sort()).toEqual([
      'DELETE /api/polls/{pollId}',
      'GET /api/sessions/{sessionId}/polls',
      'GET /api/sessions/{sessionId}/polls.csv',
      'POST /api/polls',
      'POST /api/polls/{pollId}/close',
      'POST /api/polls/{pollId}/open',
      'PUT /api/polls/{pollId}',
    ]);
    expect(Object.keys(doc.paths['/api/sessions/{sessionId}/polls.csv']!.get!.responses['200']!.content!)).toEqual(['text/csv']);
  });
});
