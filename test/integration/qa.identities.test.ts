import { io } from 'socket.io-client';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireError } from '../../common/errors';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import { Client } from '../helpers/http';
import { joined, liveSession, nextViewers, ok, refused, setPremoderation, type QaSocket } from './qa.support';

// One vote per person holds only while identities are scarce: an address gets a limited
// number of new pseudonyms an hour, so a script that throws its cookies away runs out.
const apps: TestApp[] = [];
const sockets: QaSocket[] = [];
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  for (const a of apps) await a.stop();
});

/** A cookie-less real socket from `ip` (the test server trusts X-Forwarded-For from loopback). */
function cookieless(app: TestApp, ip: string): Promise<QaSocket> {
  const s: QaSocket = io(app.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders: { 'x-forwarded-for': ip } });
  sockets.push(s);
  return new Promise((resolve, reject) => {
    s.once('connect', () => resolve(s));
    s.once('connect_error', (e: Error & { data?: WireError }) => reject(e));
  });
}

/** A live session that takes questions without premoderation, its moderator and one asking citizen, joined. */
async function sessionTakingQuestions(app: TestApp) {
  const live = await liveSession(app);
  const mod = await joined(app, live.sessionId, live.moderator);
  const asker = await joined(app, live.sessionId, await citizen(app));
  sockets.push(mod, asker);
  await setPremoderation(mod, live.sessionId, false);
  return { live, mod, asker };
}

describe('new identities per address', () => {
  it('lets 120 cookie-less sockets from one address cast only as many votes as it may make identities', async () => {
    const app = await startTestApp({ CITIZENS_PER_IP_PER_HOUR: '20' });
    apps.push(app);
    const { live, asker } = await sessionTakingQuestions(app);
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Қоғамдық кеңестер қалай сайланады?', lang: 'kk' });

    const attempts = await Promise.allSettled(Array.from({ length: 120 }, () => cookieless(app, '203.0.113.50')));
    const connected = attempts.flatMap((a) => (a.status === 'fulfilled' ? [a.value] : []));
    const refusals = attempts.flatMap((a) => (a.status === 'rejected' ? [(a.reason as Error & { data?: WireError }).data] : []));
    expect(connected).toHaveLength(20);
    expect(refusals).toHaveLength(100);
    for (const r of refusals) {
      expect(r?.code).toBe('rate_limited');
      expect(r?.details?.retryAfterMs).toBeGreaterThan(0);
      expect(r?.details?.retryAfterMs).toBeLessThanOrEqual(3600_000);
    }
    for (const s of connected) {
      await ok(s, 'session:join', { sessionId: live.sessionId });
      await ok(s, 'qa:vote', { questionId: q.id });
    }
    const snap = await ok(asker, 'qa:snapshot', { sessionId: live.sessionId });
    expect(snap.approved.find((x) => x.id === q.id)?.votes).toBe(20);
    // Viewers are people: the moderator, the asker and the 20 identities, not 120 sockets.
    expect((await nextViewers(asker, (v) => v.count === 22)).count).toBe(22);

    // Someone at another address still gets an identity and votes.
    const neighbour = await cookieless(app, '198.51.100.77');
    await ok(neighbour, 'session:join', { sessionId: live.sessionId });
    expect((await ok(neighbour, 'qa:vote', { questionId: q.id })).votes).toBe(21);
  });

  it('lets an address that used up its identities read over HTTP without a cookie, and refuses its writes', async () => {
    const app = await startTestApp({ CITIZENS_PER_IP_PER_HOUR: '2' });
    apps.push(app);
    const from = { 'x-forwarded-for': '203.0.113.60' };
    const first = new Client(app.url);
    for (let i = 0; i < 2; i++) expect((await new Client(app.url).request('GET', '/api/me', undefined, from)).headers.getSetCookie()).toHaveLength(1);
    const read = await first.request('GET', '/api/forums', undefined, from);
    expect(read.status).toBe(200);
    expect(read.headers.getSetCookie()).toEqual([]);
    const write = await new Client(app.url).request('PUT', '/api/me/name', { displayName: 'Бот' }, from);
    expect(write.status).toBe(429);
    expect(write.data.code).toBe('rate_limited');
    expect(Number(write.headers.get('retry-after'))).toBeGreaterThan(0);
    // Staff still sign in from there: an account needs no pseudonym.
    const email = `org-${Date.now()}@example.kz`;
    await app.core.people.ensureOrganizer(email, 'organizer-password-1', 'Дәулет');
    expect((await new Client(app.url).request('POST', '/api/auth/login', { email, password: 'organizer-password-1' }, from)).status).toBe(200);
    // Those who already have their cookie are not affected.
    const known = new Client(app.url);
    await known.request('GET', '/api/me', undefined, { 'x-forwarded-for': '198.51.100.78' });
    expect((await known.request('PUT', '/api/me/name', { displayName: 'Айгерім' }, from)).status).toBe(200);
  });
});

describe('votes per question per address', () => {
  it('caps the votes one address gives a question at QA_VOTES_PER_QUESTION_PER_IP, and gives room back when one is withdrawn', async () => {
    const app = await startTestApp({ QA_VOTES_PER_QUESTION_PER_IP: '5' });
    apps.push(app);
    const { live, asker } = await sessionTakingQuestions(app);
    const q = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Who audits the public councils?', lang: 'en' });
    const office = await Promise.all(Array.from({ length: 7 }, () => cookieless(app, '203.0.113.70')));
    for (const s of office) await ok(s, 'session:join', { sessionId: live.sessionId });
    for (const s of office.slice(0, 5)) await ok(s, 'qa:vote', { questionId: q.id });
    const e = await refused(office[5]!, 'qa:vote', { questionId: q.id });
    expect(e.code).toBe('rate_limited');
    expect(e.details?.limit).toBe(5);
    // Voting again is still a no-op for those who did, not an error.
    expect((await ok(office[0]!, 'qa:vote', { questionId: q.id })).votes).toBe(5);
    // Another address is not capped by this one.
    expect((await ok(asker, 'qa:vote', { questionId: q.id })).votes).toBe(6);
    // A withdrawal makes room for someone else at the address.
    await ok(office[1]!, 'qa:unvote', { questionId: q.id });
    expect((await ok(office[6]!, 'qa:vote', { questionId: q.id })).votes).toBe(6);
    const stored = await app.core.db.query<{ ip_hash: string | null }>('select ip_hash from question_votes where question_id = $1', [q.id]);
    // Addresses are kept as keyed hashes only: in the votes and in every rate-limit key in Redis.
    expect(stored.rows.every((r) => r.ip_hash && !r.ip_hash.includes('203.0.113'))).toBe(true);
    const keys = await app.core.redis.keys(`${app.config.redis.prefix}:*`);
    expect(keys.some((k) => k.includes(':rl:'))).toBe(true);
    expect(keys.filter((k) => /203\.0\.113|127\.0\.0\.1/.test(k))).toEqual([]);
  });

  it("shows moderators a question whose recent votes came mostly from one network, and not one voted for from everywhere", async () => {
    const app = await startTestApp();
    apps.push(app);
    const { live, mod, asker } = await sessionTakingQuestions(app);
    const stuffed = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Бірінші сұрақ', lang: 'kk' });
    const popular = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Екінші сұрақ', lang: 'kk' });
    // Twelve fresh identities from one /24, each from its own address there; two voters elsewhere.
    for (let i = 1; i <= 12; i++) {
      const s = await cookieless(app, `203.0.113.${i}`);
      await ok(s, 'qa:vote', { questionId: stuffed.id });
    }
    for (const ip of ['198.51.100.1', '192.0.2.1']) await ok(await cookieless(app, ip), 'qa:vote', { questionId: stuffed.id });
    // Twelve voters from twelve networks.
    for (let i = 1; i <= 12; i++) await ok(await cookieless(app, `10.${i}.0.1`), 'qa:vote', { questionId: popular.id });

    const r = await ok(mod, 'qa:voteBursts', { sessionId: live.sessionId });
    expect(r.windowMinutes).toBe(10);
    expect(r.bursts).toEqual([{ questionId: stuffed.id, recentVotes: 14, topNetworkShare: 12 / 14 }]);
    // Only moderators see it.
    expect((await refused(asker, 'qa:voteBursts', { sessionId: live.sessionId })).code).toBe('forbidden');
  });
});
