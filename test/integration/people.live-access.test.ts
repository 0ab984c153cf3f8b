/**
 * A sign-in ended or a role removed reaches sockets that are already open, in every server
 * process (through the Redis adapter), at once; and each privileged action re-reads the role.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen } from '../helpers/factories';
import { Client } from '../helpers/http';
import { waitFor } from '../helpers/wait-for';
import { connect, joined, liveSession, ok, refused, setPremoderation, type QaSocket } from './qa.support';

let app: TestApp;
let twin: TestApp;
const sockets: QaSocket[] = [];
const track = (s: QaSocket) => (sockets.push(s), s);
beforeAll(async () => {
  app = await startTestApp();
  twin = await startTestApp({ REDIS_PREFIX: app.config.redis.prefix });
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await twin?.stop();
  await app?.stop();
});

const closedByServer = (s: QaSocket) => waitFor<string>(s as never, 'disconnect', 5000);

/** A live session with pre-moderation on and one pending question. */
async function withPending() {
  const live = await liveSession(app);
  const setup = track(await joined(app, live.sessionId, live.moderator));
  await setPremoderation(setup, live.sessionId, true);
  const asker = track(await joined(app, live.sessionId, await citizen(app)));
  const pending = await ok(asker, 'qa:ask', { sessionId: live.sessionId, text: 'Есеп қашан жарияланады?', lang: 'kk' });
  return { live, pending };
}

async function moderatorSockets(sessionId: string, who: Client) {
  return Promise.all([joined(app, sessionId, who), joined(twin, sessionId, who)].map(async (p) => track(await p)));
}

describe('live access', () => {
  it('closes every socket of a sign-in at logout, in both server processes, and they come back as a citizen who cannot moderate', async () => {
    const { live, pending } = await withPending();
    const cookie = live.moderator.cookieHeader;
    const [here, there] = await moderatorSockets(live.sessionId, live.moderator);
    expect((await ok(here!, 'qa:queue', { sessionId: live.sessionId })).pending.map((q) => q.id)).toEqual([pending.id]);
    const [actor] = (await app.io.fetchSockets()).filter((s) => s.id === here!.id).map((s) => s.data.actor);

    const closed = [closedByServer(here!), closedByServer(there!)];
    expect((await live.moderator.post('/api/auth/logout')).status).toBe(204);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    // The role check itself reads the sign-in: the closed socket's identity no longer moderates anywhere.
    const scope = { forumId: live.fx.forum.id, sessionId: live.sessionId };
    expect(await app.core.roles.has(actor!, 'moderator', scope)).toBe(false);

    // Reconnecting with the old cookie is a fresh citizen now.
    const again = track(await connect(twin.url, { cookieHeader: cookie } as Client));
    const joinedAgain = await ok(again, 'session:join', { sessionId: live.sessionId });
    expect(joinedAgain.capabilities.isModerator).toBe(false);
    expect((await refused(again, 'qa:approve', { questionId: pending.id })).code).toBe('forbidden');
    expect((await refused(again, 'qa:queue', { sessionId: live.sessionId })).code).toBe('forbidden');
  });

  it("leaves the person's other sign-ins open at logout", async () => {
    const { live, pending } = await withPending();
    const email = `two-devices-${randomUUID()}@example.kz`;
    await app.core.people.ensureOrganizer(email, 'two devices password', 'Екі құрылғы');
    const [laptop, phone] = [new Client(app.url), new Client(twin.url)];
    for (const c of [laptop, phone]) expect((await c.post('/api/auth/login', { email, password: 'two devices password' })).status).toBe(200);
    const invite = await live.fx.org.post(`/api/forums/${live.fx.forum.id}/invites`, { role: 'organizer' });
    expect((await laptop.post('/api/invites/accept', { token: invite.data.token, displayName: 'Екі құрылғы' })).status).toBe(200);
    const [onLaptop] = await moderatorSockets(live.sessionId, laptop);
    const [onPhone] = await moderatorSockets(live.sessionId, phone);
    const closed = closedByServer(onLaptop!);
    await laptop.post('/api/auth/logout');
    await closed;
    expect(onPhone!.connected).toBe(true);
    expect((await ok(onPhone!, 'qa:queue', { sessionId: live.sessionId })).pending.map((q) => q.id)).toEqual([pending.id]);
  });

  it("closes a person's sockets everywhere when an organizer removes their role; they come back without it", async () => {
    const { live, pending } = await withPending();
    const [here, there] = await moderatorSockets(live.sessionId, live.moderator);
    const team = await live.fx.org.get(`/api/forums/${live.fx.forum.id}/team`);
    expect(team.status).toBe(200);
    const grant = team.data.find((g: { role: string; sessionId: string | null }) => g.role === 'moderator' && g.sessionId === live.sessionId);
    expect(grant).toMatchObject({ userId: expect.any(String), displayName: expect.stringMatching(/^moderator /) });

    expect((await live.speaker.delete(`/api/forums/${live.fx.forum.id}/team/${grant.userId}/roles/moderator`)).status).toBe(403);
    const closed = [closedByServer(here!), closedByServer(there!)];
    expect((await live.fx.org.delete(`/api/forums/${live.fx.forum.id}/team/${grant.userId}/roles/moderator`)).status).toBe(204);
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);

    const back = track(await connect(twin.url, live.moderator));
    const rejoined = await ok(back, 'session:join', { sessionId: live.sessionId });
    expect(rejoined.capabilities.isModerator).toBe(false);
    expect((await refused(back, 'qa:approve', { questionId: pending.id })).code).toBe('forbidden');
    expect((await live.moderator.get('/api/me')).data).toMatchObject({ actor: { kind: 'account' }, grants: [] });
    expect((await live.fx.org.delete(`/api/forums/${live.fx.forum.id}/team/${grant.userId}/roles/moderator`)).status).toBe(404);
  });

  it('keeps at least one organizer in a forum', async () => {
    const { live } = await withPending();
    const me = (await live.fx.org.get('/api/me')).data.actor.id as string;
    const r = await live.fx.org.delete(`/api/forums/${live.fx.forum.id}/team/${me}/roles/organizer`);
    expect(r.status).toBe(409);
    expect(r.data.code).toBe('invalid_state');
  });
});
