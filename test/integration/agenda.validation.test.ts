import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { forumWithSession, type ForumFixture } from '../helpers/factories';
import { forumRows, forumsWithSlug } from './platform.snapshot';

let app: TestApp;
let fx: ForumFixture;
beforeAll(async () => {
  app = await startTestApp();
  fx = await forumWithSession(app);
});
afterAll(() => app.stop());

const NEW_SLUG = `new-${randomUUID().slice(0, 8)}`;
const forum = (extra: Record<string, unknown> = {}) => ({
  slug: NEW_SLUG,
  title: { kk: 'Жаңа форум', ru: 'Новый форум', en: 'New forum' },
  languages: ['kk', 'ru', 'en'],
  timeZone: 'Asia/Almaty',
  startsOn: '2026-12-01',
  days: 5,
  ...extra,
});
const session = (extra: Record<string, unknown> = {}) => ({
  platformId: fx.platform.id,
  title: { ru: 'Новая сессия' },
  startsAt: '2026-12-01T05:00:00Z',
  endsAt: '2026-12-01T07:00:00Z',
  ...extra,
});

interface Case {
  name: string;
  method: 'POST' | 'PATCH' | 'PUT';
  path: () => string;
  /** An object is sent as JSON; a string is sent as it is. */
  body: () => unknown;
  headers?: Record<string, string>;
  /** Paths the issues must name ('' for the body as a whole). */
  paths: string[];
}

const CASES: Case[] = [
  { name: 'a forum with every field of the wrong type', method: 'POST', path: () => '/api/forums', body: () => ({ slug: 42, title: 'Forum', languages: 'kk', timeZone: 5, startsOn: 'tomorrow', days: '5' }), paths: ['slug', 'title', 'languages', 'timeZone', 'startsOn', 'days'] },
  { name: 'a forum with an unknown field', method: 'POST', path: () => '/api/forums', body: () => forum({ createdBy: randomUUID() }), paths: [''] },
  { name: 'a forum in a time zone that does not exist', method: 'POST', path: () => '/api/forums', body: () => forum({ timeZone: 'Asia/Atlantis' }), paths: ['timeZone'] },
  { name: 'a forum in a language other than kk, ru, en', method: 'POST', path: () => '/api/forums', body: () => forum({ languages: ['kk', 'de'] }), paths: ['languages.1'] },
  { name: 'a forum listing a language twice', method: 'POST', path: () => '/api/forums', body: () => forum({ languages: ['ru', 'ru'] }), paths: ['languages'] },
  { name: 'a forum with a slug that is not URL-safe', method: 'POST', path: () => '/api/forums', body: () => forum({ slug: 'Civil Forum!' }), paths: ['slug'] },
  { name: 'a forum of zero days', method: 'POST', path: () => '/api/forums', body: () => forum({ days: 0 }), paths: ['days'] },
  { name: 'a forum title in no language', method: 'POST', path: () => '/api/forums', body: () => forum({ title: {} }), paths: ['title'] },
  { name: 'a forum title in an unknown language', method: 'POST', path: () => '/api/forums', body: () => forum({ title: { de: 'Forum' } }), paths: ['title'] },
  { name: 'a body over 64 kB', method: 'POST', path: () => '/api/forums', body: () => forum({ description: { kk: 'ә'.repeat(40_000) } }), paths: [''] },
  { name: 'malformed JSON', method: 'POST', path: () => '/api/forums', body: () => '{"slug": "x",', paths: [''] },
  { name: 'JSON sent as text/plain', method: 'POST', path: () => '/api/forums', body: () => JSON.stringify(forum()), headers: { 'content-type': 'text/plain' }, paths: ['slug'] },
  { name: 'a JSON array instead of an object', method: 'POST', path: () => '/api/forums', body: () => [forum()], paths: [''] },
  { name: 'an empty forum edit', method: 'PATCH', path: () => `/api/forums/${fx.forum.id}`, body: () => ({}), paths: [''] },
  { name: 'a forum edit with an unknown field', method: 'PATCH', path: () => `/api/forums/${fx.forum.id}`, body: () => ({ id: randomUUID() }), paths: [''] },
  { name: 'a forum edit to an invalid time zone', method: 'PATCH', path: () => `/api/forums/${fx.forum.id}`, body: () => ({ timeZone: 'UTC+5' }), paths: ['timeZone'] },
  { name: 'a platform with a negative position', method: 'POST', path: () => `/api/forums/${fx.forum.id}/platforms`, body: () => ({ title: { en: 'P' }, position: -1 }), paths: ['position'] },
  { name: 'a platform edit with an unknown field', method: 'PATCH', path: () => `/api/platforms/${fx.platform.id}`, body: () => ({ forumId: randomUUID() }), paths: [''] },
  { name: 'a session that ends before it starts', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ endsAt: '2026-12-01T04:00:00Z' }), paths: ['endsAt'] },
  { name: 'a session that ends when it starts', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ endsAt: '2026-12-01T05:00:00Z' }), paths: ['endsAt'] },
  { name: 'a session with a start that is not a timestamp', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ startsAt: 'next Monday' }), paths: ['startsAt'] },
  { name: 'a session with a nameless speaker', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ speakers: [{ name: ' ' }] }), paths: ['speakers.0.name'] },
  { name: 'a session on a platform of another forum', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ platformId: randomUUID() }), paths: ['platformId'] },
  { name: 'a session that sets its own state', method: 'POST', path: () => `/api/forums/${fx.forum.id}/sessions`, body: () => session({ state: 'live' }), paths: [''] },
  { name: 'a session edit that moves the end before the start', method: 'PATCH', path: () => `/api/sessions/${fx.session.id}`, body: () => ({ endsAt: '2026-11-23T04:00:00Z' }), paths: ['endsAt'] },
  { name: 'a session edit that sets the state', method: 'PATCH', path: () => `/api/sessions/${fx.session.id}`, body: () => ({ state: 'ended' }), paths: [''] },
  { name: 'an empty session edit', method: 'PATCH', path: () => `/api/sessions/${fx.session.id}`, body: () => ({}), paths: [''] },
  { name: 'an invite for a role that does not exist', method: 'POST', path: () => `/api/forums/${fx.forum.id}/invites`, body: () => ({ role: 'admin' }), paths: ['role'] },
  { name: 'an invite that is already expired', method: 'POST', path: () => `/api/forums/${fx.forum.id}/invites`, body: () => ({ role: 'speaker', ttlHours: 0 }), paths: ['ttlHours'] },
  { name: 'an invite for a session id that is not an id', method: 'POST', path: () => `/api/forums/${fx.forum.id}/invites`, body: () => ({ role: 'speaker', sessionId: 'first' }), paths: ['sessionId'] },
  { name: 'an invite redemption with a name hiding a bidi override', method: 'POST', path: () => '/api/invites/accept', body: () => ({ token: 'z'.repeat(43), displayName: 'Admin\u202Etxt.exe' }), paths: ['displayName'] },
  { name: 'a citizen name of 61 characters', method: 'PUT', path: () => '/api/me/name', body: () => ({ displayName: 'ә'.repeat(61) }), paths: ['displayName'] },
  { name: 'a transition that does not exist', method: 'POST', path: () => `/api/sessions/${fx.session.id}/pause`, body: () => ({}), paths: ['action'] },
  { name: 'a session id that is not an id', method: 'POST', path: () => '/api/sessions/42/start', body: () => ({}), paths: ['sessionId'] },
];

describe('bad input', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('answers %s with 400 invalid_input naming the problem, and writes nothing', async (_name, c) => {
    const before = await forumRows(app.core.db, fx.forum.id);
    const r = await fx.org.request(c.method, c.path(), c.body(), c.headers);
    expect(r.status).toBe(400);
    expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(r.data).toMatchObject({ code: 'invalid_input', status: 400, type: 'https://birge.kz/problems/invalid_input' });
    const issues = r.data.details.issues as { path: string; message: string }[];
    expect(issues.length).toBeGreaterThan(0);
    for (const i of issues) expect(i.message.length).toBeGreaterThan(0);
    expect(issues.map((i) => i.path)).toEqual(expect.arrayContaining(c.paths));
    expect(await forumRows(app.core.db, fx.forum.id)).toEqual(before);
    expect(await forumsWithSlug(app.core.db, NEW_SLUG)).toBe(0);
  });

  it('accepts the same bodies once they are right', async () => {
    expect((await fx.org.post('/api/forums', forum())).status).toBe(201);
    expect((await fx.org.post(`/api/forums/${fx.forum.id}/sessions`, session())).status).toBe(201);
  });
});
