import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { Client } from '../helpers/http';
import { io } from 'socket.io-client';
import { citizen } from '../helpers/factories';
import { joined, liveSession, ok, setPremoderation, type QaSocket } from './qa.support';

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

  it('refuses an unsigned citizen cookie: the bare id of a real person is not that person', async () => {
    const victim = await citizen(app);
    const { data } = await victim.get('/api/me');
    const bare = await new Client(app.url).request('GET', '/api/me', undefined, { cookie: `birge_cid=${data.actor.id}` });
    expect(bare.data.actor.kind).toBe('citizen');
    expect(bare.data.actor.id).not.toBe(data.actor.id);
    expect(bare.headers.getSetCookie().some((c) => c.startsWith('birge_cid=s%3A'))).toBe(true);
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

  it('rate-limits login attempts per account from one address in Redis', async () => {
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

  it('never locks the owner out: the guessing address is refused, the owner signs in from another', async () => {
    const email = await organizer();
    const from = (ip: string, password: string) => new Client(app.url).request('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': ip });
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) statuses.push((await from('198.51.100.7', 'nope')).status);
    expect(statuses).toEqual([401, 401, 401, 429]);
    const owner = await from('192.0.2.55', 'correct horse battery');
    expect(owner.status).toBe(200);
    expect(owner.data.actor.kind).toBe('account');
  });

  it('slows attempts on an account down once many addresses failed on it, instead of refusing them', async () => {
    const slow = await startTestApp({ LOGIN_ATTEMPTS_PER_15_MIN: '2', LOGIN_SLOWDOWN_MAX_MS: '900' });
    try {
      const email = `org-${randomUUID()}@example.kz`;
      await slow.core.people.ensureOrganizer(email, 'correct horse battery', 'Айгерім');
      const from = (ip: string, password: string) => new Client(slow.url).request('POST', '/api/auth/login', { email, password }, { 'x-forwarded-for': ip });
      // Six addresses, one wrong guess each: none of them is over its own budget.
      const statuses: number[] = [];
      for (let i = 1; i <= 6; i++) statuses.push((await from(`198.51.100.${i}`, 'nope')).status);
      expect(statuses).toEqual([401, 401, 401, 401, 401, 401]);
      // The account has had 6 failures, 4 over the threshold: 250 ms doubling 4 times, capped at 900 ms.
      const started = performance.now();
      const owner = await from('192.0.2.80', 'correct horse battery');
      expect(owner.status).toBe(200);
      expect(performance.now() - started).toBeGreaterThanOrEqual(850);
    } finally {
      await slow.stop();
    }
  });

  it('limits login attempts per address across accounts', async () => {
    const ipLimited = await startTestApp({ LOGIN_IP_ATTEMPTS_PER_15_MIN: '4' });
    try {
      const ip = { 'x-forwarded-for': '203.0.113.7' };
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) {
        const r = await new Client(ipLimited.url).request('POST', '/api/auth/login', { email: `guess-${i}@example.kz`, password: 'x' }, ip);
        statuses.push(r.status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 429]);
      const elsewhere = await new Client(ipLimited.url).request('POST', '/api/auth/login', { email: 'guess-9@example.kz', password: 'x' }, { 'x-forwarded-for': '203.0.113.8' });
      expect(elsewhere.status).toBe(401);
    } finally {
      await ipLimited.stop();
    }
  });

  it('gives an account its full budget back after a successful login', async () => {
    const email = await organizer();
    const attempt = (password: string) => new Client(app.url).post('/api/auth/login', { email, password });
    expect((await attempt('nope')).status).toBe(401);
    expect((await attempt('nope')).status).toBe(401);
    expect((await attempt('correct horse battery')).status).toBe(200);
    expect([(await attempt('nope')).status, (await attempt('nope')).status, (await attempt('nope')).status]).toEqual([401, 401, 401]);
  });

  it('shares the login budget between server processes through Redis', async () => {
    const email = await organizer();
    const twin = await startTestApp({ LOGIN_ATTEMPTS_PER_15_MIN: '3', REDIS_PREFIX: app.config.redis.prefix });
    try {
      for (const url of [app.url, twin.url, app.url]) expect((await new Client(url).post('/api/auth/login', { email, password: 'nope' })).status).toBe(401);
      expect((await new Client(twin.url).post('/api/auth/login', { email, password: 'nope' })).status).toBe(429);
    } finally {
      await twin.stop();
    }
  });

  it('ends the session on the server at logout, so a copied cookie stops working', async () => {
    const email = await organizer();
    const c = new Client(app.url);
    await c.post('/api/auth/login', { email, password: 'correct horse battery' });
    const stolen = c.cookieHeader;
    await c.post('/api/auth/logout');
    const replay = await new Client(app.url).request('GET', '/api/me', undefined, { cookie: stolen });
    expect(replay.data.actor.kind).toBe('citizen');
  });

  it('keeps only a memory-hard hash of the password and a hash of the session token', async () => {
    const email = await organizer();
    const c = new Client(app.url);
    await c.post('/api/auth/login', { email, password: 'correct horse battery' });
    const { rows } = await app.core.db.query<{ password_hash: string; token_hash: string }>(
      'select u.password_hash, s.token_hash from users u join auth_sessions s on s.user_id = u.id where u.email = $1',
      [email],
    );
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(rows[0]!.password_hash).not.toContain('correct horse battery');
    const token = /birge_sid=([^;]+)/.exec(c.cookieHeader)![1]!;
    expect(rows[0]!.token_hash).not.toBe(token);
    expect(rows[0]!.token_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lets a citizen pick a display name, keep it, and drop it again', async () => {
    const c = new Client(app.url);
    const set = await c.put('/api/me/name', { displayName: '  Жанар  ' });
    expect(set.status).toBe(200);
    expect(set.data).toMatchObject({ kind: 'citizen', displayName: 'Жанар' });
    expect((await c.get('/api/me')).data.actor.displayName).toBe('Жанар');
    expect((await c.put('/api/me/name', { displayName: null })).data.displayName).toBeNull();
    expect((await c.get('/api/me')).data.actor.displayName).toBeNull();
  });

  it('does not rename an account through the citizen name route', async () => {
    const email = await organizer();
    const c = new Client(app.url);
    await c.post('/api/auth/login', { email, password: 'correct horse battery' });
    const r = await c.put('/api/me/name', { displayName: 'Someone else' });
    expect(r.status).toBe(409);
    expect((await c.get('/api/me')).data.actor.displayName).toBe('Айгерім Сәтбаева');
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

  it('refuses a write from a page on another origin, and accepts one from our own', async () => {
    const email = await organizer();
    const c = new Client(app.url);
    await c.post('/api/auth/login', { email, password: 'correct horse battery' });
    const foreign = await c.request('POST', '/api/auth/logout', {}, { origin: 'https://evil.example' });
    expect(foreign.status).toBe(403);
    expect((await c.get('/api/me')).data.actor.kind).toBe('account');
    const own = await c.request('POST', '/api/auth/logout', {}, { origin: app.url, 'sec-fetch-site': 'same-origin' });
    expect(own.status).toBe(204);
    expect((await c.get('/api/me')).data.actor.kind).toBe('citizen');
  });

  it('refuses a cross-site write even with valid cookies', async () => {
    const res = await new Client(app.url).request('POST', '/api/auth/logout', {}, { 'sec-fetch-site': 'cross-site' });
    expect(res.status).toBe(403);
    expect(res.data.code).toBe('forbidden');
  });
});

describe('socket identity', () => {
  it("does not let a socket with a citizen's bare id read their pending questions or withdraw their votes", async () => {
    const live = await liveSession(app);
    const mod = await joined(app, live.sessionId, live.moderator);
    await setPremoderation(mod, live.sessionId, false);
    const other = await joined(app, live.sessionId, await citizen(app));
    const question = await ok(other, 'qa:ask', { sessionId: live.sessionId, text: 'Қоғамдық кеңестер қашан есеп береді?', lang: 'kk' });
    const victim = await citizen(app);
    const victimId = (await victim.get('/api/me')).data.actor.id as string;
    const own = await joined(app, live.sessionId, victim);
    expect((await ok(own, 'qa:vote', { questionId: question.id })).votes).toBe(1);
    await setPremoderation(mod, live.sessionId, true);
    const pending = await ok(own, 'qa:ask', { sessionId: live.sessionId, text: 'Менің сұрағым әлі тексерілуде', lang: 'kk' });
    expect(pending.status).toBe('pending');

    const forged: QaSocket = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { cookie: `birge_cid=${victimId}` } });
    await new Promise<void>((resolve, reject) => {
      forged.once('connect', () => resolve());
      forged.once('connect_error', reject);
    });
    try {
      const snap = await ok(forged, 'qa:snapshot', { sessionId: live.sessionId });
      expect(snap.mine).toEqual([]);
      expect(snap.myVotes).toEqual([]);
      expect(await ok(forged, 'qa:unvote', { questionId: question.id })).toMatchObject({ votes: 1, voted: false });
      const mine = await ok(own, 'qa:snapshot', { sessionId: live.sessionId });
      expect(mine.myVotes).toEqual([question.id]);
      expect(mine.mine.map((q) => q.id)).toEqual([pending.id]);
    } finally {
      for (const s of [forged, own, other, mod]) s.disconnect();
    }
  });

  it('gives a socket that comes before any page request the same pseudonym it sets as a cookie', async () => {
    const base = `${app.url}/socket.io/?EIO=4&transport=polling`;
    const hello = await fetch(base);
    const setCookie = hello.headers.getSetCookie().find((c) => c.startsWith('birge_cid='));
    expect(setCookie).toMatch(/HttpOnly/i);
    const sid = JSON.parse((await hello.text()).slice(1)).sid as string;
    const cookie = setCookie!.split(';')[0]!;
    expect((await fetch(`${base}&sid=${sid}`, { method: 'POST', body: '40', headers: { cookie } })).status).toBe(200);
    expect(await (await fetch(`${base}&sid=${sid}`, { headers: { cookie } })).text()).toMatch(/^40/);
    const viaHttp = await new Client(app.url).request('GET', '/api/me', undefined, { cookie });
    const sockets = await app.io.fetchSockets();
    expect(sockets.map((s) => s.data.actor.id)).toContain(viaHttp.data.actor.id);
  });
});
