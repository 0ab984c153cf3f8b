import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../server/people/actor';
import { hashToken } from '../../server/people/tokens';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, organizer, type ForumFixture } from '../helpers/factories';
import { Client } from '../helpers/http';
import { forumRows } from './platform.snapshot';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

async function invite(fx: ForumFixture, body: Record<string, unknown>) {
  const r = await fx.org.post(`/api/forums/${fx.forum.id}/invites`, body);
  if (r.status !== 201) throw new Error(`invite: ${JSON.stringify(r.data)}`);
  return r.data as { id: string; token: string; url: string; expiresAt: string };
}

async function usersNamed(name: string): Promise<number> {
  const { rows } = await app.core.db.query<{ n: number }>('select count(*)::int as n from users where display_name = $1', [name]);
  return rows[0]!.n;
}

/** The account behind a client, as the server resolves it. */
async function actorOf(c: Client): Promise<Actor> {
  const me = (await c.get('/api/me')).data;
  return { kind: 'account', id: me.actor.id, displayName: me.actor.displayName, canCreateForums: me.actor.canCreateForums, isAdmin: me.actor.isAdmin };
}

describe('invite links', () => {
  it('turns a visitor into a moderator of the session, signed in with an HTTP-only cookie', async () => {
    const fx = await forumWithSession(app);
    const inv = await invite(fx, { role: 'moderator', sessionId: fx.session.id, label: 'Модератор: Серік' });
    expect(inv.url).toBe(`${app.url}/invite/${inv.token}`);
    const c = new Client(app.url);
    const r = await c.post('/api/invites/accept', { token: inv.token, displayName: 'Серік Әлиев' });
    expect(r.status).toBe(200);
    expect(r.data.actor).toMatchObject({ kind: 'account', displayName: 'Серік Әлиев', canCreateForums: false });
    expect(r.data.grants).toEqual([{ role: 'moderator', forumId: fx.forum.id, sessionId: fx.session.id }]);
    expect(r.headers.getSetCookie().find((x) => x.startsWith('birge_sid='))).toMatch(/HttpOnly/i);
    expect((await c.get('/api/me')).data.actor.id).toBe(r.data.actor.id);
  });

  it('works once: a second use is 409 conflict and creates nobody', async () => {
    const fx = await forumWithSession(app);
    const inv = await invite(fx, { role: 'speaker', sessionId: fx.session.id });
    expect((await new Client(app.url).post('/api/invites/accept', { token: inv.token, displayName: 'First' })).status).toBe(200);
    const name = `Second ${randomUUID()}`;
    const again = await new Client(app.url).post('/api/invites/accept', { token: inv.token, displayName: name });
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('conflict');
    expect(await usersNamed(name)).toBe(0);
  });

  it('works once even when two people open it at the same moment', async () => {
    const fx = await forumWithSession(app);
    const inv = await invite(fx, { role: 'moderator', sessionId: fx.session.id });
    const results = await Promise.all(
      ['Tab one', 'Tab two'].map((n) => new Client(app.url).post('/api/invites/accept', { token: inv.token, displayName: `${n} ${inv.id}` })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    const grants = (await forumRows(app.core.db, fx.forum.id)).grants.filter((g) => g.role === 'moderator');
    expect(grants).toHaveLength(1);
  });

  it('refuses an expired link with 409 invalid_state and grants nothing', async () => {
    const fx = await forumWithSession(app);
    const inv = await invite(fx, { role: 'moderator', sessionId: fx.session.id, ttlHours: 1 });
    // Time is outside our control: age the link in the database instead of waiting an hour.
    await app.core.db.query(`update invites set expires_at = now() - interval '1 second' where id = $1`, [inv.id]);
    const before = await forumRows(app.core.db, fx.forum.id);
    const name = `Late ${randomUUID()}`;
    const r = await new Client(app.url).post('/api/invites/accept', { token: inv.token, displayName: name });
    expect(r.status).toBe(409);
    expect(r.data.code).toBe('invalid_state');
    expect(await forumRows(app.core.db, fx.forum.id)).toEqual(before);
    expect(await usersNamed(name)).toBe(0);
  });

  it('expires after the hours the organizer chose', async () => {
    const fx = await forumWithSession(app);
    const t0 = Date.now();
    const inv = await invite(fx, { role: 'speaker', sessionId: fx.session.id, ttlHours: 2 });
    const ttl = Date.parse(inv.expiresAt) - t0;
    expect(ttl).toBeGreaterThan(2 * 3600_000 - 60_000);
    expect(ttl).toBeLessThanOrEqual(2 * 3600_000 + 60_000);
  });

  it('answers a wrong token with 404 not_found', async () => {
    const r = await new Client(app.url).post('/api/invites/accept', { token: 'x'.repeat(43), displayName: 'Guesser' });
    expect(r.status).toBe(404);
    expect(r.data.code).toBe('not_found');
  });

  it('gives a session moderator no rights on another session of the same forum', async () => {
    const fx = await forumWithSession(app);
    const other = await fx.org.post(`/api/forums/${fx.forum.id}/sessions`, {
      platformId: fx.platform.id,
      title: { en: 'Session B' },
      startsAt: '2026-11-24T05:00:00Z',
      endsAt: '2026-11-24T07:00:00Z',
    });
    const inv = await invite(fx, { role: 'moderator', sessionId: fx.session.id });
    const mod = new Client(app.url);
    await mod.post('/api/invites/accept', { token: inv.token, displayName: 'Модератор А' });
    const actor = await actorOf(mod);
    const roles = app.core.roles;
    expect(await roles.has(actor, 'moderator', { forumId: fx.forum.id, sessionId: fx.session.id })).toBe(true);
    expect(await roles.has(actor, 'moderator', { forumId: fx.forum.id, sessionId: other.data.id })).toBe(false);
    expect(await roles.has(actor, 'moderator', { forumId: fx.forum.id })).toBe(false);
    expect(await roles.has(actor, 'speaker', { forumId: fx.forum.id, sessionId: fx.session.id })).toBe(false);
    await expect(roles.require(actor, 'moderator', { forumId: fx.forum.id, sessionId: other.data.id })).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('gives a forum-wide moderator every session of that forum and none of another', async () => {
    const fx = await forumWithSession(app);
    const elsewhere = await forumWithSession(app);
    const inv = await invite(fx, { role: 'moderator' });
    const mod = new Client(app.url);
    await mod.post('/api/invites/accept', { token: inv.token, displayName: 'Forum moderator' });
    const actor = await actorOf(mod);
    expect(await app.core.roles.has(actor, 'moderator', { forumId: fx.forum.id, sessionId: fx.session.id })).toBe(true);
    expect(await app.core.roles.has(actor, 'moderator', { forumId: elsewhere.forum.id, sessionId: elsewhere.session.id })).toBe(false);
  });

  it('adds the role to an account that is already signed in instead of making a new one', async () => {
    const fx = await forumWithSession(app);
    const someoneElse = await organizer(app, 'Бақыт Ораз');
    const inv = await invite(fx, { role: 'speaker', sessionId: fx.session.id });
    const before = (await someoneElse.get('/api/me')).data.actor.id;
    const r = await someoneElse.post('/api/invites/accept', { token: inv.token, displayName: 'ignored' });
    expect(r.data.actor).toMatchObject({ id: before, displayName: 'Бақыт Ораз' });
    expect(r.data.grants).toContainEqual({ role: 'speaker', forumId: fx.forum.id, sessionId: fx.session.id });
  });

  it('refuses an invite for a session of another forum', async () => {
    const fx = await forumWithSession(app);
    const elsewhere = await forumWithSession(app);
    const r = await fx.org.post(`/api/forums/${fx.forum.id}/invites`, { role: 'moderator', sessionId: elsewhere.session.id });
    expect(r.status).toBe(404);
    expect((await forumRows(app.core.db, fx.forum.id)).invites).toEqual([]);
  });

  it('refuses a session-scoped organizer invite', async () => {
    const fx = await forumWithSession(app);
    const r = await fx.org.post(`/api/forums/${fx.forum.id}/invites`, { role: 'organizer', sessionId: fx.session.id });
    expect(r.status).toBe(400);
    expect(r.data.code).toBe('invalid_input');
  });

  it('stores only a hash of the token', async () => {
    const fx = await forumWithSession(app);
    const inv = await invite(fx, { role: 'moderator', sessionId: fx.session.id });
    const { invites } = await forumRows(app.core.db, fx.forum.id);
    expect(JSON.stringify(invites)).not.toContain(inv.token);
    expect(invites[0]).toMatchObject({ token_hash: hashToken(inv.token) });
  });

  it('lets a citizen keep watching without an account after a failed redemption', async () => {
    const c = await citizen(app);
    const id = (await c.get('/api/me')).data.actor.id;
    await c.post('/api/invites/accept', { token: 'y'.repeat(43), displayName: 'Nobody' });
    expect((await c.get('/api/me')).data.actor).toMatchObject({ kind: 'citizen', id });
  });
});
