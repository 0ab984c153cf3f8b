import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SessionView } from '../../common/agenda.contract';
import { DEMO_ORGANIZER, DEMO_SLUG } from '../../server/demo/demo.data';
import { demoBanner, loadDemo } from '../../server/demo/demo';
import { addDays, todayIn, zonedInstant } from '../../server/demo/zoned-time';
import { startTestApp, type TestApp } from '../helpers/app';
import { Client } from '../helpers/http';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(() => app.stop());
// Each test loads the demo afresh, as on a new machine; the cascade takes platforms, sessions, grants and invites along.
beforeEach(async () => {
  await app.core.db.query('delete from forums where slug = $1', [DEMO_SLUG]);
  await app.core.db.query('delete from users where email = $1', [DEMO_ORGANIZER.email]);
});

/** 10:30 in Almaty on 10 March 2026, day 1 of the demo when loaded at that moment. */
const DAY1_1030 = new Date('2026-03-10T05:30:00Z');
const load = (now: Date = DAY1_1030) => loadDemo(app.core, app.services, now);
const titleEn = (s: SessionView) => s.title.en;

describe('demo forum', () => {
  it('loads five days of trilingual sessions on four platforms, starting today in Almaty', async () => {
    const info = await load();
    const { forum, platforms, sessions } = await app.services.agenda.agenda(DEMO_SLUG);
    expect(forum).toMatchObject({ startsOn: '2026-03-10', days: 5, languages: ['kk', 'ru', 'en'], timeZone: 'Asia/Almaty' });
    expect(info).toMatchObject({ platforms: 4, sessions: 12 });
    expect(platforms).toHaveLength(4);
    expect(sessions).toHaveLength(12);
    expect(sessions.map(titleEn)).toEqual(
      expect.arrayContaining(['Fight against corruption', 'Problems and prospects of civil society', 'Effectiveness of public councils']),
    );
    for (const text of [forum.title, forum.description, ...platforms.map((p) => p.title), ...sessions.flatMap((s) => [s.title, s.description])]) {
      expect(Object.keys(text).sort()).toEqual(['en', 'kk', 'ru']);
    }
    for (const s of sessions) {
      expect(s.speakers.length).toBeGreaterThanOrEqual(2);
      for (const sp of s.speakers) expect(Object.keys(sp.affiliation ?? {}).sort()).toEqual(['en', 'kk', 'ru']);
    }
    expect(sessions.some((s) => s.speakers.some((sp) => /министр/i.test(sp.affiliation?.ru ?? '')))).toBe(true);
    expect(new Set(sessions.map((s) => s.platformId)).size).toBe(4);
    const days = new Set(sessions.map((s) => todayIn('Asia/Almaty', new Date(s.startsAt))));
    expect([...days].sort()).toEqual([0, 1, 2, 3, 4].map((d) => addDays('2026-03-10', d)));
    expect(sessions[0]).toMatchObject({ startsAt: '2026-03-10T05:00:00.000Z', endsAt: '2026-03-10T06:30:00.000Z' });
  });

  it('keeps Kazakh letters intact from the loader to the JSON a reader gets', async () => {
    await load();
    const agenda = (await new Client(app.url).get(`/api/forums/${DEMO_SLUG}`)).data;
    const kk = JSON.stringify(agenda);
    for (const ch of 'әғқңөұүі') expect(kk).toContain(ch);
    expect(agenda.sessions[0].title.kk).toBe('Сыбайлас жемқорлықпен күрес');
  });

  it('starts the session whose planned time covers now', async () => {
    // Loaded at 15:30: day 1 is today, and its 15:00 session is under way.
    const info = await load(zonedInstant('2026-03-10', '15:30', 'Asia/Almaty'));
    expect(info.live.title.en).toBe('Support for socially vulnerable groups');
    expect(info.live.state).toBe('live');
  });

  it('starts the first session when none is planned for now', async () => {
    const info = await load(zonedInstant('2026-03-10', '07:00', 'Asia/Almaty'));
    expect(info.live.title.en).toBe('Fight against corruption');
  });

  it('loads once: a second start keeps the forum, its live session and the password, with fresh invite links', async () => {
    const first = await load();
    const second = await load(new Date(DAY1_1030.getTime() + 86_400_000));
    expect(second.forum.id).toBe(first.forum.id);
    expect(second.live.id).toBe(first.live.id);
    expect(second.organizer.password).toBe(first.organizer.password);
    expect(second.invites.moderator).not.toBe(first.invites.moderator);
    const { sessions } = await app.services.agenda.agenda(DEMO_SLUG);
    expect(sessions).toHaveLength(12);
    expect(sessions.filter((s) => s.state === 'live')).toHaveLength(1);
  });

  it('makes one forum when two servers load it at the same moment', async () => {
    const [a, b] = await Promise.all([load(), load()]);
    expect(a.forum.id).toBe(b.forum.id);
    expect(a.live.id).toBe(b.live.id);
    const { rows } = await app.core.db.query<{ n: number }>('select count(*)::int as n from sessions where forum_id = $1', [a.forum.id]);
    expect(rows[0]!.n).toBe(12);
  });

  it('picks another session to be live once the live one has ended', async () => {
    const first = await load();
    const org = new Client(app.url);
    await org.post('/api/auth/login', { email: first.organizer.email, password: first.organizer.password });
    expect((await org.post(`/api/sessions/${first.live.id}/end`)).status).toBe(200);
    const again = await load();
    expect(again.live.id).not.toBe(first.live.id);
    expect(again.live.state).toBe('live');
  });

  it('lets a newcomer act as organizer, moderator and speaker with what the banner prints', async () => {
    const info = await load();
    const banner = demoBanner(info, 'http://localhost:3000/', { clientBuilt: false });
    expect(banner).toContain('http://localhost:3000/api/forums/civil-forum-demo');
    expect(banner).toContain(`organizer@demo.birge.kz  password: ${info.organizer.password}`);
    expect(banner).toContain(`http://localhost:3000/invite/${info.invites.moderator}`);
    expect(banner).toContain('npm run build:client');
    expect(banner.split('\n').length).toBeLessThan(20);

    const org = new Client(app.url);
    expect((await org.post('/api/auth/login', { email: info.organizer.email, password: info.organizer.password })).status).toBe(200);
    expect((await org.patch(`/api/sessions/${info.live.id}`, { title: { en: 'Fight against corruption: live' } })).status).toBe(200);
    for (const role of ['moderator', 'speaker'] as const) {
      const c = new Client(app.url);
      const r = await c.post('/api/invites/accept', { token: info.invites[role], displayName: `Demo ${role}` });
      expect(r.data.grants).toEqual([{ role, forumId: info.forum.id, sessionId: info.live.id }]);
    }
  });
});

describe('zoned time', () => {
  it('turns a wall-clock time in a zone into the right instant, across daylight saving', () => {
    expect(zonedInstant('2026-03-10', '10:00', 'Asia/Almaty').toISOString()).toBe('2026-03-10T05:00:00.000Z');
    expect(zonedInstant('2026-03-28', '10:00', 'Europe/Berlin').toISOString()).toBe('2026-03-28T09:00:00.000Z');
    expect(zonedInstant('2026-03-29', '10:00', 'Europe/Berlin').toISOString()).toBe('2026-03-29T08:00:00.000Z');
    expect(todayIn('Asia/Almaty', new Date('2026-03-09T20:00:00Z'))).toBe('2026-03-10');
    expect(addDays('2026-02-27', 2)).toBe('2026-03-01');
  });
});
