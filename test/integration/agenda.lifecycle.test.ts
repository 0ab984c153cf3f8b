import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionAction, SessionState } from '../../common/agenda.contract';
import type { DomainEventMap } from '../../server/domain-events';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, organizer, type ForumFixture } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { forumRows } from './platform.snapshot';

let app: TestApp;
let org: Client;
beforeAll(async () => {
  app = await startTestApp();
  org = await organizer(app);
});
afterAll(() => app.stop());

/** The legal steps that bring a fresh (scheduled) session into `state`. */
const PATH_TO: Record<SessionState, SessionAction[]> = {
  scheduled: [],
  live: ['start'],
  ended: ['start', 'end'],
  cancelled: ['cancel'],
};

async function sessionIn(state: SessionState): Promise<ForumFixture> {
  const fx = await forumWithSession(app, org);
  for (const action of PATH_TO[state]) {
    const r = await org.post(`/api/sessions/${fx.session.id}/${action}`);
    if (r.status !== 200) throw new Error(`${action}: ${JSON.stringify(r.data)}`);
  }
  return fx;
}

type EventName = 'session.started' | 'session.ended' | 'session.cancelled';
const EVENTS: EventName[] = ['session.started', 'session.ended', 'session.cancelled'];

/** Every lifecycle event published for one session while it is recording. */
function recordEvents(sessionId: string) {
  const seen: { name: EventName; forumId: string; at: Date }[] = [];
  const listeners = EVENTS.map((name) => {
    const fn = (e: DomainEventMap[EventName][0]) => {
      if (e.sessionId === sessionId) seen.push({ name, forumId: e.forumId, at: e.at });
    };
    app.core.events.on(name, fn);
    return () => app.core.events.off(name, fn);
  });
  return { seen, stop: () => listeners.forEach((off) => off()) };
}

const ILLEGAL: [SessionState, SessionAction][] = [
  ['scheduled', 'end'],
  ['live', 'start'],
  ['live', 'cancel'],
  ['ended', 'start'],
  ['ended', 'end'],
  ['ended', 'cancel'],
  ['cancelled', 'start'],
  ['cancelled', 'end'],
  ['cancelled', 'cancel'],
];

describe('session lifecycle', () => {
  it.each(ILLEGAL)('refuses to move a %s session with "%s": 409 invalid_state, nothing changes, no event', async (state, action) => {
    const fx = await sessionIn(state);
    const before = await forumRows(app.core.db, fx.forum.id);
    const events = recordEvents(fx.session.id);
    const r = await org.post(`/api/sessions/${fx.session.id}/${action}`);
    events.stop();
    expect(r.status).toBe(409);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.data).toMatchObject({ code: 'invalid_state', status: 409, details: { state, action } });
    expect(await forumRows(app.core.db, fx.forum.id)).toEqual(before);
    expect((await org.get(`/api/sessions/${fx.session.id}`)).data.state).toBe(state);
    expect(events.seen).toEqual([]);
  });

  it('starts a scheduled session, ends it, and announces both with the time they happened', async () => {
    const fx = await sessionIn('scheduled');
    const events = recordEvents(fx.session.id);
    const started = await org.post(`/api/sessions/${fx.session.id}/start`);
    expect(started.status).toBe(200);
    expect(started.data).toMatchObject({ state: 'live', endedAt: null });
    expect(Date.parse(started.data.startedAt)).not.toBeNaN();
    const ended = await org.post(`/api/sessions/${fx.session.id}/end`);
    events.stop();
    expect(ended.data).toMatchObject({ state: 'ended', startedAt: started.data.startedAt });
    expect(Date.parse(ended.data.endedAt)).toBeGreaterThanOrEqual(Date.parse(started.data.startedAt));
    expect(events.seen.map((e) => [e.name, e.forumId])).toEqual([
      ['session.started', fx.forum.id],
      ['session.ended', fx.forum.id],
    ]);
    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId: fx.session.id });
    expect(audit.map((a) => [a.action, a.details])).toEqual([
      ['session.start', { from: 'scheduled', to: 'live' }],
      ['session.end', { from: 'live', to: 'ended' }],
    ]);
  });

  it('cancels a scheduled session and announces it', async () => {
    const fx = await sessionIn('scheduled');
    const events = recordEvents(fx.session.id);
    const r = await org.post(`/api/sessions/${fx.session.id}/cancel`);
    events.stop();
    expect(r.data).toMatchObject({ state: 'cancelled', startedAt: null });
    expect(r.data.endedAt).not.toBeNull();
    expect(events.seen.map((e) => e.name)).toEqual(['session.cancelled']);
  });

  it('ends a session once when two organizers press "end" at the same moment', async () => {
    const fx = await sessionIn('live');
    const second = await organizer(app);
    const inviteOrg = await org.post(`/api/forums/${fx.forum.id}/invites`, { role: 'organizer' });
    expect((await second.post('/api/invites/accept', { token: inviteOrg.data.token, displayName: 'Second organizer' })).status).toBe(200);
    const events = recordEvents(fx.session.id);
    const results = await Promise.all([org.post(`/api/sessions/${fx.session.id}/end`), second.post(`/api/sessions/${fx.session.id}/end`)]);
    events.stop();
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(events.seen.map((e) => e.name)).toEqual(['session.ended']);
    const audit = await app.core.audit.list({ forumId: fx.forum.id, sessionId: fx.session.id, domain: 'agenda' });
    expect(audit.filter((a) => a.action === 'session.end')).toHaveLength(1);
  });

  it('lets organizers edit a live session but not an ended or cancelled one', async () => {
    const live = await sessionIn('live');
    const edited = await org.patch(`/api/sessions/${live.session.id}`, { title: { en: 'Fight against corruption (extended)' } });
    expect(edited.status).toBe(200);
    expect(edited.data.title).toEqual({ en: 'Fight against corruption (extended)' });
    for (const state of ['ended', 'cancelled'] as const) {
      const fx = await sessionIn(state);
      const before = await forumRows(app.core.db, fx.forum.id);
      const r = await org.patch(`/api/sessions/${fx.session.id}`, { title: { en: 'Rewritten history' } });
      expect(r.status).toBe(409);
      expect(r.data.code).toBe('invalid_state');
      expect(await forumRows(app.core.db, fx.forum.id)).toEqual(before);
    }
  });

  it('shows every reader the current state in the forum agenda', async () => {
    const fx = await sessionIn('live');
    const agenda = await (await citizen(app)).get(`/api/forums/${fx.forum.slug}`);
    expect(agenda.status).toBe(200);
    expect(agenda.data.sessions).toEqual([expect.objectContaining({ id: fx.session.id, state: 'live' })]);
  });

  it('answers 404 not_found for a session that does not exist', async () => {
    const r = await org.post('/api/sessions/00000000-0000-4000-8000-000000000000/start');
    expect(r.status).toBe(404);
    expect(r.data.code).toBe('not_found');
  });
});
