import { randomUUID } from 'node:crypto';
import type { ForumView, PlatformView, SessionView } from '../../common/agenda.contract';
import type { Lang, Role } from '../../common/base';
import type { TestApp } from './app';
import { Client } from './http';

/** A signed-in organizer who may create forums. */
export async function organizer(app: TestApp, name = 'Ұйымдастырушы Дәулет'): Promise<Client> {
  const email = `org-${randomUUID()}@example.kz`;
  await app.core.people.ensureOrganizer(email, 'organizer-password-1', name);
  const c = new Client(app.url);
  const r = await c.post('/api/auth/login', { email, password: 'organizer-password-1' });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.data)}`);
  return c;
}

/** A signed-in platform administrator (as `npm run organizer -- --admin` makes one). */
export async function admin(app: TestApp, name = 'Әкімші Ғалым'): Promise<Client> {
  const email = `admin-${randomUUID()}@example.kz`;
  await app.core.people.ensureOrganizer(email, 'admin-password-1', name, { admin: true });
  const c = new Client(app.url);
  const r = await c.post('/api/auth/login', { email, password: 'admin-password-1' });
  if (r.status !== 200) throw new Error(`login failed: ${JSON.stringify(r.data)}`);
  return c;
}

/** A citizen with a pseudonymous cookie identity. */
export async function citizen(app: TestApp): Promise<Client> {
  const c = new Client(app.url);
  await c.get('/api/me');
  return c;
}

export interface ForumFixture {
  org: Client;
  forum: ForumView;
  platform: PlatformView;
  session: SessionView;
}

/** A forum with one platform and one scheduled session, owned by a fresh organizer. */
export async function forumWithSession(app: TestApp, org?: Client): Promise<ForumFixture> {
  org ??= await organizer(app);
  const slug = `f-${randomUUID().slice(0, 12)}`;
  const forum = await org.post('/api/forums', {
    slug,
    title: { kk: 'Азаматтық форум', ru: 'Гражданский форум', en: 'Civil Forum' },
    languages: ['kk', 'ru', 'en'],
    timeZone: 'Asia/Almaty',
    startsOn: '2026-11-23',
    days: 5,
  });
  if (forum.status !== 201) throw new Error(`forum: ${JSON.stringify(forum.data)}`);
  const platform = await org.post(`/api/forums/${forum.data.id}/platforms`, { title: { ru: 'Противодействие коррупции', kk: 'Сыбайлас жемқорлыққа қарсы күрес' } });
  const session = await org.post(`/api/forums/${forum.data.id}/sessions`, {
    platformId: platform.data.id,
    title: { ru: 'Эффективность общественных советов', kk: 'Қоғамдық кеңестердің тиімділігі' },
    startsAt: '2026-11-23T05:00:00Z',
    endsAt: '2026-11-23T07:00:00Z',
    speakers: [{ name: 'Министр' }],
  });
  if (session.status !== 201) throw new Error(`session: ${JSON.stringify(session.data)}`);
  return { org, forum: forum.data, platform: platform.data, session: session.data };
}

/** Redeems an invite for `role` (interpreters and captioners: into `language`) and returns the new account's client. */
export async function invited(app: TestApp, fx: ForumFixture, role: Role, sessionId: string | null = fx.session.id, language?: Lang): Promise<Client> {
  const inv = await fx.org.post(`/api/forums/${fx.forum.id}/invites`, { role, ...(sessionId && role !== 'organizer' ? { sessionId } : {}), ...(language ? { language } : {}) });
  if (inv.status !== 201) throw new Error(`invite: ${JSON.stringify(inv.data)}`);
  const c = new Client(app.url);
  const r = await c.post('/api/invites/accept', { token: inv.data.token, displayName: `${role} ${randomUUID().slice(0, 4)}` });
  if (r.status !== 200) throw new Error(`accept: ${JSON.stringify(r.data)}`);
  return c;
}

export async function goLive(fx: ForumFixture): Promise<void> {
  const r = await fx.org.post(`/api/sessions/${fx.session.id}/start`);
  if (r.status !== 200) throw new Error(`start: ${JSON.stringify(r.data)}`);
}
