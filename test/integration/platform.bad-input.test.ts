import { gzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { withTestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive, type ForumFixture } from '../helpers/factories';
import { connect, refused } from './qa.support';

// Bad input is the client's mistake: a clear 400 problem (or invalid_input ack), never a 500.
const harness = withTestApp();
let fx: ForumFixture;

beforeAll(async () => {
  fx = await forumWithSession(harness.app());
});

const NUL = '\u0000';

function expectInvalid(r: { status: number; headers: Headers; data: { code?: string } }) {
  expect(r.status).toBe(400);
  expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(r.data.code).toBe('invalid_input');
}

describe('a NUL character in text', () => {
  it('is refused in an invite label with invalid_input', async () => {
    expectInvalid(await fx.org.post(`/api/forums/${fx.forum.id}/invites`, { role: 'moderator', sessionId: fx.session.id, label: `Жүргізуші${NUL}` }));
  });

  it('is refused in a forum title with invalid_input and creates nothing', async () => {
    const slug = `nul-${Date.now()}`;
    const r = await fx.org.post('/api/forums', {
      slug,
      title: { kk: `Форум${NUL}`, en: 'Forum' },
      languages: ['kk', 'en'],
      timeZone: 'Asia/Almaty',
      startsOn: '2026-11-23',
      days: 1,
    });
    expectInvalid(r);
    expect((await fx.org.get(`/api/forums/${slug}`)).status).toBe(404);
    expectInvalid(await fx.org.patch(`/api/forums/${fx.forum.id}`, { title: { ru: `Форум${NUL}` } }));
  });

  it('is refused in a speaker name with invalid_input', async () => {
    const r = await fx.org.post(`/api/forums/${fx.forum.id}/sessions`, {
      platformId: fx.platform.id,
      title: { ru: 'Сессия' },
      startsAt: '2026-11-23T08:00:00Z',
      endsAt: '2026-11-23T09:00:00Z',
      speakers: [{ name: `Министр${NUL}юстиции` }],
    });
    expectInvalid(r);
  });

  it('is refused in a display name, a password and a URL parameter', async () => {
    const app = harness.app();
    const c = await citizen(app);
    expectInvalid(await c.put('/api/me/name', { displayName: `Айгерім${NUL}` }));
    expectInvalid(await c.post('/api/auth/login', { email: 'someone@example.kz', password: `pw${NUL}` }));
    expectInvalid(await c.get(`/api/forums/a%00b`));
  });

  it('is refused in a question sent over the socket with invalid_input', async () => {
    const app = harness.app();
    await goLive(fx);
    const s = harness.track(await connect(app.url, await citizen(app)));
    const e = await refused(s, 'qa:ask', { sessionId: fx.session.id, text: `Сұрақ${NUL}бар`, lang: 'kk' });
    expect(e.code).toBe('invalid_input');
  });
});

describe('a body that cannot be decoded', () => {
  it('answers 400 problem+json when Content-Encoding says gzip but the bytes are not', async () => {
    const app = harness.app();
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', origin: app.url },
      body: JSON.stringify({ email: 'a@example.kz', password: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 400, code: 'invalid_input', detail: 'the request body could not be decoded' });
  });

  it('still reads a body that really is gzip', async () => {
    const app = harness.app();
    const res = await fetch(`${app.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', origin: app.url },
      body: gzipSync(JSON.stringify({ email: 'nobody@example.kz', password: 'wrong-password' })),
    });
    expect(res.status).toBe(401);
  });
});
