import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive, invited } from '../helpers/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());

describe('agenda smoke', () => {
  it('creates a forum with a session, runs it live and ends it, publishing session.ended', async () => {
    const fx = await forumWithSession(app);
    const ended = new Promise((resolve) => app.core.events.once('session.ended', resolve));
    await goLive(fx);
    const r = await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect(r.status).toBe(200);
    expect(r.data.state).toBe('ended');
    await expect(ended).resolves.toMatchObject({ sessionId: fx.session.id });
    const again = await fx.org.post(`/api/sessions/${fx.session.id}/end`);
    expect(again.status).toBe(409);
    expect(again.data.code).toBe('invalid_state');
    const agenda = await (await citizen(app)).get(`/api/forums/${fx.forum.slug}`);
    expect(agenda.data.sessions[0].title.kk).toBe('Қоғамдық кеңестердің тиімділігі');
  });

  it('refuses a moderator and a citizen on organizer routes with 403', async () => {
    const fx = await forumWithSession(app);
    const mod = await invited(app, fx, 'moderator');
    expect((await mod.post(`/api/sessions/${fx.session.id}/start`)).status).toBe(403);
    expect((await (await citizen(app)).post(`/api/sessions/${fx.session.id}/start`)).status).toBe(403);
  });
});
