import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { Ack } from '../../common/ack';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive } from '../helpers/factories';
import { Client } from '../helpers/http';
import { call, ok, type QaSocket } from './qa.support';

// Reads cost the server too: each connection and each address has a budget of messages and
// requests, and the answer beyond it is rate_limited with a retry time.
const apps: TestApp[] = [];
const sockets: QaSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const a of apps) await a.stop();
});

async function appWith(env: Record<string, string>) {
  const app = await startTestApp(env);
  apps.push(app);
  const fx = await forumWithSession(app);
  await goLive(fx);
  return { app, sessionId: fx.session.id };
}

/** A real socket from a given address (the test server trusts X-Forwarded-For from loopback). */
async function socketFrom(app: TestApp, ip?: string, who?: Client): Promise<QaSocket> {
  const s: QaSocket = io(app.url, {
    transports: ['websocket'],
    forceNew: true,
    reconnection: false,
    extraHeaders: { ...(ip ? { 'x-forwarded-for': ip } : {}), ...(who?.cookieHeader ? { cookie: who.cookieHeader } : {}) },
  });
  sockets.push(s);
  await new Promise<void>((resolve, reject) => {
    s.once('connect', () => resolve());
    s.once('connect_error', reject);
  });
  return s;
}

describe('read throttling', () => {
  it('answers a flood of 3,000 qa:snapshot from one anonymous socket with rate_limited beyond its budget', async () => {
    const { app, sessionId } = await appWith({ SOCKET_MESSAGES_PER_10S: '40' });
    const flooder = await socketFrom(app);
    const answers = (await Promise.all(Array.from({ length: 3000 }, () => call(flooder, 'qa:snapshot', { sessionId })))) as Ack<unknown>[];
    const served = answers.filter((a) => a.ok).length;
    const refused = answers.flatMap((a) => (a.ok ? [] : [a.error]));
    expect(served).toBe(40);
    expect(refused).toHaveLength(2960);
    expect(new Set(refused.map((e) => e.code))).toEqual(new Set(['rate_limited']));
    for (const e of refused.slice(0, 50)) {
      expect(e.details?.retryAfterMs).toBeGreaterThan(0);
      expect(e.details?.retryAfterMs).toBeLessThanOrEqual(10_000);
    }
    // Another connection is not held back by the flooder's budget.
    const other = await socketFrom(app, undefined, await citizen(app));
    await ok(other, 'qa:snapshot', { sessionId });
  });

  it('limits one address across its sockets and its HTTP requests, and no other address', async () => {
    const { app, sessionId } = await appWith({ IP_REQUESTS_PER_MINUTE: '30' });
    const ip = '203.0.113.9';
    const [a, b] = [await socketFrom(app, ip), await socketFrom(app, ip)];
    const answers = (await Promise.all(Array.from({ length: 15 }, (_, i) => call(i % 2 ? a : b, 'qa:snapshot', { sessionId })))) as Ack<unknown>[];
    expect(answers.every((x) => x.ok)).toBe(true);
    const http = new Client(app.url);
    for (let i = 0; i < 15; i++) expect((await http.request('GET', '/api/forums', undefined, { 'x-forwarded-for': ip })).status).toBe(200);
    const over = await http.request('GET', '/api/forums', undefined, { 'x-forwarded-for': ip });
    expect(over.status).toBe(429);
    expect(over.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(over.data.code).toBe('rate_limited');
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    const overSocket = await call(a, 'qa:snapshot', { sessionId });
    expect(overSocket.ok ? 'served' : overSocket.error.code).toBe('rate_limited');
    // Someone at another address reads as usual, over HTTP and over a socket.
    expect((await http.request('GET', '/api/forums', undefined, { 'x-forwarded-for': '198.51.100.20' })).status).toBe(200);
    await ok(await socketFrom(app, '198.51.100.20'), 'qa:snapshot', { sessionId });
  });
});
