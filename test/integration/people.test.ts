import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { Client } from '../helpers/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ LOGIN_ATTEMPTS_PER_15_MIN: '3' });
});
afterAll(() => app.stop());

async function organizer() {
  const email = `org-${randomUUID()}@example.kz`;
  await app.core.people.ensureOrganizer(email, 'correct horse battery', 'Айгерім Сәтбаева');
  return email;
}

describe('people', () => {
  it('gives an anonymous visitor a signed citizen identity that stays the same', async () => {
    const c = new Client(app.url);
    const a = await c.get('/api/me');
    const b = await c.get('/api/me');
    expect(a.status).toBe(200);
    expect(a.data.actor.kind).toBe('citizen');
    expect(b.data.actor.id).toBe(a.data.actor.id);
  });

  it('refuses a forged citizen cookie and issues a new identity', async () => {
    const c = new Client(app.url);
    const forged = await c.request('GET', '/api/me', undefined, { cookie: `birge_cid=s%3A${randomUUID()}.forged` });
    expect(forged.data.actor.kind).toBe('citizen');
    const real = await c.get('/api/me');
    expect(real.data.actor.id).toBe(forged.data.actor.id);
  });

  it('signs an organizer in with an HTTP-only cookie and out again', async () => {
    const email = await organizer();
    const c = new Client(app.url);
    const res = await c.post('/api/auth/login', { email, password: 'correct horse battery' });
    expect(res.status).toBe(200);
    expect(res.data.actor).toMatchObject({ kind: 'account', displayName: 'Айгерім Сәтбаева', canCreateForums: true });
    const setCookie = res.headers.getSetCookie().find((c) => c.startsWith('birge_sid='));
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect((await c.get('/api/me')).data.actor.kind).toBe('account');
    await c.post('/api/auth/logout');
    expect((await c.get('/api/me')).data.actor.kind).toBe('citizen');
  });

  it('answers a wrong password with 401 unauthorized as problem+json', async () => {
    const email = await organizer();
    const res = await new Client(app.url).post('/api/auth/login', { email, password: 'wrong' });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(res.data).toMatchObject({ code: 'unauthorized', status: 401 });
  });

  it('rate-limits login attempts per account in Redis', async () => {
    const email = await organizer();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await new Client(app.url).post('/api/auth/login', { email, password: 'nope' })).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.slice(3)).toEqual([429, 429]);
    const last = await new Client(app.url).post('/api/auth/login', { email, password: 'correct horse battery' });
    expect(last.status).toBe(429);
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(last.data.code).toBe('rate_limited');
  });

  it('rejects a login body with unknown fields, wrong types or oversize with 400', async () => {
    const c = new Client(app.url);
    expect((await c.post('/api/auth/login', { email: 'a@b.kz', password: 'x', admin: true })).status).toBe(400);
    expect((await c.post('/api/auth/login', { email: 42, password: 'x' })).status).toBe(400);
    expect((await c.post('/api/auth/login', '{"email":')).status).toBe(400);
    const big = await c.post('/api/auth/login', { email: 'a@b.kz', password: 'x'.repeat(100_000) });
    expect(big.status).toBe(400);
    expect(big.data.code).toBe('invalid_input');
  });

  it('refuses a cross-site write even with valid cookies', async () => {
    const res = await new Client(app.url).request('POST', '/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.data.code).toBe('forbidden');
  });
});
