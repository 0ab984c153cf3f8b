import { io } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';
import { connect, joined, liveSession, next, nextChange, nextViewers, ok, recordChanges, recordViewers, refused, setPremoderation, type QaSocket } from './qa.support';

const harness = withTestApp({ VIEWER_COUNT_INTERVAL_MS: '100' });
const { track } = harness;

describe('joining a session', () => {
  it("returns the session, the viewer count and the caller's capabilities", async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const [mod, speaker] = await Promise.all([invited(app, fx, 'moderator'), invited(app, fx, 'speaker')]);
    const asCitizen = await ok(track(await connect(app.url, await citizen(app))), 'session:join', { sessionId: fx.session.id });
    expect(asCitizen.session).toMatchObject({ id: fx.session.id, state: 'scheduled', title: { kk: 'Қоғамдық кеңестердің тиімділігі' } });
    expect(asCitizen.viewers).toBe(1);
    expect(asCitizen.capabilities).toEqual({ isModerator: false, isSpeaker: false, isOrganizer: false });
    const asMod = await ok(track(await connect(app.url, mod)), 'session:join', { sessionId: fx.session.id });
    expect(asMod.capabilities).toEqual({ isModerator: true, isSpeaker: false, isOrganizer: false });
    expect(asMod.viewers).toBe(2);
    expect((await ok(track(await connect(app.url, speaker)), 'session:join', { sessionId: fx.session.id })).capabilities).toEqual({
      isModerator: false,
      isSpeaker: true,
      isOrganizer: false,
    });
    expect((await ok(track(await connect(app.url, fx.org)), 'session:join', { sessionId: fx.session.id })).capabilities).toEqual({
      isModerator: true,
      isSpeaker: false,
      isOrganizer: true,
    });
  });

  it('refuses an unknown session with not_found and a malformed id with invalid_input', async () => {
    const app = harness.app();
    const s = track(await connect(app.url));
    expect((await refused(s, 'session:join', { sessionId: '00000000-0000-4000-8000-000000000000' })).code).toBe('not_found');
    expect((await refused(s, 'session:join', { sessionId: 'x' })).code).toBe('invalid_input');
    expect((await refused(s, 'session:join', {})).code).toBe('invalid_input');
  });

  it("stops the room's broadcasts after leaving", async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const leaver = track(await joined(app, live.sessionId, await citizen(app)));
    const stayer = track(await joined(app, live.sessionId, await citizen(app)));
    expect(await ok(leaver, 'session:leave', { sessionId: live.sessionId })).toEqual({ sessionId: live.sessionId });
    const got = recordChanges(leaver);
    const seen = nextChange(stayer, 'approved');
    await ok(stayer, 'qa:ask', { sessionId: live.sessionId, text: 'Anyone still here?', lang: 'en' });
    await seen;
    await ok(leaver, 'qa:snapshot', { sessionId: live.sessionId });
    expect(got).toEqual([]);
  });
});

describe('viewer counts', () => {
  it('broadcasts the count as people join and leave, counting a person with two tabs once', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const watcher = track(await joined(app, fx.session.id, await citizen(app)));
    const person = await citizen(app);
    const two = nextViewers(watcher, (v) => v.count === 2);
    const tab1 = track(await joined(app, fx.session.id, person));
    const tab2 = track(await joined(app, fx.session.id, person));
    expect((await two).count).toBe(2);
    const stillTwo = recordViewers(watcher);
    tab1.disconnect();
    const one = nextViewers(watcher, (v) => v.count === 1);
    tab2.disconnect();
    await one;
    expect(stillTwo.every((v) => v.count >= 1)).toBe(true);
  });

  it('sends at most one count per interval however many people join at once', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const watcher = track(await joined(app, fx.session.id, await citizen(app)));
    const counts = recordViewers(watcher);
    const started = Date.now();
    const crowd = await Promise.all(Array.from({ length: 20 }, async () => track(await joined(app, fx.session.id, await citizen(app)))));
    await nextViewers(watcher, (v) => v.count === 21);
    const elapsed = Date.now() - started;
    // One tick per 100 ms, and only when the number changed.
    expect(counts.length).toBeLessThanOrEqual(Math.ceil(elapsed / 100) + 1);
    expect(crowd).toHaveLength(20);
  });
});

describe('session state', () => {
  it('tells everyone in the room when the organizer starts and ends the session', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const viewer = track(await joined(app, fx.session.id, await citizen(app)));
    const live = next(viewer, 'session:state', (p) => p.state === 'live');
    await goLive(fx);
    expect(await live).toMatchObject({ sessionId: fx.session.id, state: 'live' });
    const ended = next(viewer, 'session:state', (p) => p.state === 'ended');
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect((await ended).at).toMatch(/^\d{4}-\d\d-\d\dT/);
  });
});

describe('attendance', () => {
  it('records peak, unique viewers and samples from start to end, for organizers', async () => {
    const app = harness.app();
    const fx = await forumWithSession(app);
    const watcher = track(await joined(app, fx.session.id, await citizen(app)));
    const person = await citizen(app);
    track(await joined(app, fx.session.id, person));
    track(await joined(app, fx.session.id, person));
    await nextViewers(watcher, (v) => v.count === 2);
    await goLive(fx);
    const late = track(await joined(app, fx.session.id, await citizen(app)));
    await nextViewers(watcher, (v) => v.count === 3);
    late.disconnect();
    await nextViewers(watcher, (v) => v.count === 2);
    await fx.org.post(`/api/sessions/${fx.session.id}/end`);

    const r = await fx.org.get(`/api/sessions/${fx.session.id}/attendance`);
    expect(r.status).toBe(200);
    expect(r.data.peak).toBe(3);
    expect(r.data.uniqueViewers).toBe(3);
    expect(r.data.series.length).toBeGreaterThanOrEqual(2);
    expect(r.data.series[0].viewers).toBe(2);
    expect(r.data.series.at(-1).viewers).toBe(2);
    expect(await app.services.sessions.attendance(fx.session.id)).toEqual(r.data);
  });
});

describe('reconnecting', () => {
  it('gives a client that dropped for a moment what it missed and its rooms back', async () => {
    const app = harness.app();
    const live = await liveSession(app);
    const mod = track(await joined(app, live.sessionId, live.moderator));
    await setPremoderation(mod, live.sessionId, false);
    const person = await citizen(app);
    const s: QaSocket = io(app.url, { transports: ['websocket'], forceNew: true, extraHeaders: { cookie: person.cookieHeader } });
    track(s);
    await new Promise((resolve) => s.once('connect', () => resolve(undefined)));
    await ok(s, 'session:join', { sessionId: live.sessionId });
    const first = nextChange(s, 'approved');
    await ok(mod, 'qa:ask', { sessionId: live.sessionId, text: 'Before the drop', lang: 'en' });
    await first;

    const dropped = new Promise((resolve) => s.once('disconnect', resolve));
    s.io.engine.close();
    await dropped;
    const missed = await ok(mod, 'qa:ask', { sessionId: live.sessionId, text: 'While you were away', lang: 'en' });
    const back = nextChange(s, 'approved', (p) => p.question.id === missed.id);
    await new Promise((resolve) => s.once('connect', () => resolve(undefined)));
    expect(s.recovered).toBe(true);
    await back;
    // Still counted as watching: the moderator and this person.
    expect(app.services.sessions.viewers.localCount(live.sessionId)).toBe(2);
    const after = nextChange(s, 'approved');
    await ok(mod, 'qa:ask', { sessionId: live.sessionId, text: 'After the return', lang: 'en' });
    expect((await after).question.text).toBe('After the return');
  });
});
