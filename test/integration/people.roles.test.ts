import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, invited, organizer, type ForumFixture } from '../helpers/factories';
import type { Client } from '../helpers/http';
import { forumRows, forumsWithSlug } from './platform.snapshot';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

interface OrganizerRoute {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** As documented in OpenAPI, so the table can be checked against the document. */
  template: string;
  path: (fx: ForumFixture) => string;
  body: (fx: ForumFixture) => unknown;
  /** What the forum's own organizer gets, calling the routes in this order. */
  asOrganizer: number;
}

// Every agenda and people route that needs the organizer role, each with a valid body,
// so a refusal can only come from the role check.
const ROUTES: OrganizerRoute[] = [
  { method: 'PATCH', template: '/api/forums/{forumId}', path: (fx) => `/api/forums/${fx.forum.id}`, body: () => ({ title: { en: 'Taken over' } }), asOrganizer: 200 },
  { method: 'POST', template: '/api/forums/{forumId}/platforms', path: (fx) => `/api/forums/${fx.forum.id}/platforms`, body: () => ({ title: { kk: 'Жаңа алаң' } }), asOrganizer: 201 },
  { method: 'PATCH', template: '/api/platforms/{platformId}', path: (fx) => `/api/platforms/${fx.platform.id}`, body: () => ({ title: { ru: 'Переименовано' } }), asOrganizer: 200 },
  {
    method: 'POST',
    template: '/api/forums/{forumId}/sessions',
    path: (fx) => `/api/forums/${fx.forum.id}/sessions`,
    body: (fx) => ({ platformId: fx.platform.id, title: { en: 'Extra session' }, startsAt: '2026-11-24T05:00:00Z', endsAt: '2026-11-24T06:00:00Z' }),
    asOrganizer: 201,
  },
  { method: 'PATCH', template: '/api/sessions/{sessionId}', path: (fx) => `/api/sessions/${fx.session.id}`, body: () => ({ title: { en: 'Renamed' } }), asOrganizer: 200 },
  { method: 'POST', template: '/api/forums/{forumId}/invites', path: (fx) => `/api/forums/${fx.forum.id}/invites`, body: (fx) => ({ role: 'moderator', sessionId: fx.session.id }), asOrganizer: 201 },
  // Escalation: a moderator minting an organizer link for themselves.
  { method: 'POST', template: '/api/forums/{forumId}/invites', path: (fx) => `/api/forums/${fx.forum.id}/invites`, body: () => ({ role: 'organizer' }), asOrganizer: 201 },
  { method: 'POST', template: '/api/sessions/{sessionId}/{action}', path: (fx) => `/api/sessions/${fx.session.id}/start`, body: () => ({}), asOrganizer: 200 },
  { method: 'POST', template: '/api/sessions/{sessionId}/{action}', path: (fx) => `/api/sessions/${fx.session.id}/end`, body: () => ({}), asOrganizer: 200 },
  // Ended by now: the organizer passes the role check and meets the state machine.
  { method: 'POST', template: '/api/sessions/{sessionId}/{action}', path: (fx) => `/api/sessions/${fx.session.id}/cancel`, body: () => ({}), asOrganizer: 409 },
  { method: 'GET', template: '/api/forums/{forumId}/team', path: (fx) => `/api/forums/${fx.forum.id}/team`, body: () => undefined, asOrganizer: 200 },
  // Nobody holds this role: the organizer passes the role check and learns so; nobody else learns anything.
  {
    method: 'DELETE',
    template: '/api/forums/{forumId}/team/{userId}/roles/{role}',
    path: (fx) => `/api/forums/${fx.forum.id}/team/00000000-0000-4000-8000-000000000000/roles/moderator`,
    body: () => undefined,
    asOrganizer: 404,
  },
];

const CALLERS: Record<string, (fx: ForumFixture) => Promise<Client>> = {
  'a citizen': () => citizen(app),
  'a moderator of the session': (fx) => invited(app, fx, 'moderator'),
  'a moderator of the whole forum': (fx) => invited(app, fx, 'moderator', null),
  'a speaker of the session': (fx) => invited(app, fx, 'speaker'),
  "another forum's organizer": async () => (await forumWithSession(app)).org,
};

describe('organizer routes', () => {
  it('covers every route the API documents as organizer-only', async () => {
    const doc = (await (await citizen(app)).get('/api/openapi.json')).data as {
      paths: Record<string, Record<string, { tags?: string[]; description?: string }>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.tags?.some((t) => t === 'agenda' || t === 'people') && op.description === 'Access: organizers of the forum')
        .map(([m]) => `${m.toUpperCase()} ${p}`),
    );
    expect(documented.length).toBeGreaterThan(0);
    expect([...new Set(ROUTES.map((r) => `${r.method} ${r.template}`))].sort()).toEqual(documented.sort());
  });

  it.each(Object.keys(CALLERS))('refuses %s on every organizer route with 403 forbidden and writes nothing', async (who) => {
    const fx = await forumWithSession(app);
    const caller = await CALLERS[who]!(fx);
    const before = await forumRows(app.core.db, fx.forum.id);
    for (const route of ROUTES) {
      const r = await caller.request(route.method, route.path(fx), route.body(fx));
      expect({ route: `${route.method} ${route.path(fx)}`, status: r.status, code: r.data.code }).toEqual({
        route: `${route.method} ${route.path(fx)}`,
        status: 403,
        code: 'forbidden',
      });
    }
    expect(await forumRows(app.core.db, fx.forum.id)).toEqual(before);
  });

  it("lets the forum's own organizer through every one of them", async () => {
    const fx = await forumWithSession(app);
    for (const route of ROUTES) {
      const r = await fx.org.request(route.method, route.path(fx), route.body(fx));
      expect({ route: `${route.method} ${route.path(fx)}`, status: r.status }).toEqual({ route: `${route.method} ${route.path(fx)}`, status: route.asOrganizer });
    }
  });

  it('lets only organizer accounts create forums', async () => {
    const fx = await forumWithSession(app);
    const body = (slug: string) => ({ slug, title: { en: 'Shadow forum' }, languages: ['en'], timeZone: 'Asia/Almaty', startsOn: '2026-12-01', days: 1 });
    for (const [who, make] of Object.entries(CALLERS).filter(([w]) => w !== "another forum's organizer")) {
      const slug = `shadow-${randomUUID().slice(0, 8)}`;
      const r = await (await make(fx)).post('/api/forums', body(slug));
      expect({ who, status: r.status, code: r.data.code }).toEqual({ who, status: 403, code: 'forbidden' });
      expect(await forumsWithSlug(app.core.db, slug)).toBe(0);
    }
    const slug = `own-${randomUUID().slice(0, 8)}`;
    expect((await (await organizer(app)).post('/api/forums', body(slug))).status).toBe(201);
    expect(await forumsWithSlug(app.core.db, slug)).toBe(1);
  });

  it('checks the role before revealing anything about the session state', async () => {
    const fx = await forumWithSession(app);
    // "end" on a scheduled session is invalid_state for an organizer; a citizen must not learn that.
    const r = await (await citizen(app)).post(`/api/sessions/${fx.session.id}/end`);
    expect(r.status).toBe(403);
  });

  it('refuses a signed-out organizer', async () => {
    const fx = await forumWithSession(app);
    await fx.org.post('/api/auth/logout');
    const r = await fx.org.post(`/api/sessions/${fx.session.id}/start`);
    expect(r.status).toBe(403);
    expect((await fx.org.get(`/api/sessions/${fx.session.id}`)).data.state).toBe('scheduled');
  });
});
