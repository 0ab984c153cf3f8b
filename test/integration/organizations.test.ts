/** Registering as an organization's representative, the organizers' review, and the participation figures. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MyRegistration, ParticipationView, RegistrationView } from '../../common/organizations.contract';
import { startTestApp, type TestApp } from '../helpers/app';
import { citizen, forumWithSession, goLive } from '../helpers/factories';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.stop();
});

export const NGO = {
  name: { kk: 'Ашық қоғам қоры', ru: 'Фонд «Открытое общество»', en: 'Open Society Fund' },
  kind: 'ngo',
  region: 'karaganda',
  contactEmail: 'office@open-society.kz',
} as const;

describe('organizations', () => {
  it('takes a registration, lets organizers filter and confirm it (audited), and keeps the contact private', async () => {
    const fx = await forumWithSession(app);
    const rep = await citizen(app);
    await rep.put('/api/me/name', { displayName: 'Гүлнар' });
    const reg = await rep.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, { organization: NGO });
    expect(reg.status).toBe(201);
    expect(reg.data).toMatchObject({ status: 'pending', organization: { name: NGO.name, kind: 'ngo', region: 'karaganda' } });
    expect(JSON.stringify(reg.data)).not.toContain('office@');

    const again = await rep.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, { organization: { ...NGO, kind: 'media' } });
    expect(again.status).toBe(409);
    const bad = await rep.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, { organization: { ...NGO, region: 'moscow' } });
    expect(bad.status).toBe(400);

    // Not public until confirmed; not reviewable by citizens.
    expect((await rep.get(`/api/forums/${fx.forum.id}/organizations/registrations`)).status).toBe(403);
    expect((await rep.get(`/api/forums/${fx.forum.slug}/organizations`)).data.items).toEqual([]);

    const other = await citizen(app);
    await other.post(`/api/forums/${fx.forum.id}/organizations/registrations`, { organization: { name: { ru: 'ТОО «Дала Медиа»' }, kind: 'media', region: 'astana', contactEmail: 'news@dala.kz' } });

    const pending = await fx.org.get(`/api/forums/${fx.forum.id}/organizations/registrations?status=pending&kind=ngo`);
    expect(pending.status).toBe(200);
    const list = pending.data as RegistrationView[];
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ personName: 'Гүлнар', contactEmail: 'office@open-society.kz', organizationStatus: 'pending' });
    expect(((await fx.org.get(`/api/forums/${fx.forum.id}/organizations/registrations?q=${encodeURIComponent('дала')}`)).data as RegistrationView[]).map((r) => r.organization.kind)).toEqual(['media']);
    expect(((await fx.org.get(`/api/forums/${fx.forum.id}/organizations/registrations?region=astana`)).data as RegistrationView[])).toHaveLength(1);

    expect((await rep.post(`/api/organizations/registrations/${list[0]!.id}/decision`, { decision: 'confirm' })).status).toBe(403);
    const confirmed = await fx.org.post(`/api/organizations/registrations/${list[0]!.id}/decision`, { decision: 'confirm' });
    expect(confirmed.status).toBe(200);
    expect(confirmed.data).toMatchObject({ status: 'confirmed', organizationStatus: 'confirmed' });
    const mine = (await rep.get(`/api/forums/${fx.forum.slug}/organizations/registrations/mine`)).data as MyRegistration;
    expect(mine.status).toBe('confirmed');

    const orgs = (await citizen(app)).get(`/api/forums/${fx.forum.slug}/organizations`);
    const items = (await orgs).data.items as { id: string; representatives: number }[];
    expect(items).toEqual([{ id: mine.organization.id, name: NGO.name, kind: 'ngo', region: 'karaganda', representatives: 1 }]);

    // A second representative joins the confirmed organization by id.
    const colleague = await citizen(app);
    const joined = await colleague.post(`/api/forums/${fx.forum.slug}/organizations/registrations`, { organizationId: mine.organization.id });
    expect(joined.status).toBe(201);
    expect(joined.data.organization.id).toBe(mine.organization.id);

    const rejectedOther = (await fx.org.get(`/api/forums/${fx.forum.id}/organizations/registrations?kind=media`)).data as RegistrationView[];
    const rej = await fx.org.post(`/api/organizations/registrations/${rejectedOther[0]!.id}/decision`, { decision: 'reject', reason: 'Не удалось подтвердить контакт' });
    expect(rej.data).toMatchObject({ status: 'rejected', organizationStatus: 'rejected', rejectReason: 'Не удалось подтвердить контакт' });

    const audit = await app.core.audit.list({ forumId: fx.forum.id, domain: 'organizations' });
    expect(audit.map((a) => a.action)).toEqual(['organization.confirm', 'organization.reject']);

    await goLive(fx);
    const p = (await fx.org.get(`/api/forums/${fx.forum.id}/participation`)).data as ParticipationView;
    expect(p).toMatchObject({ organizations: { total: 1, byKind: { ngo: 1 }, byRegion: { karaganda: 1 }, pending: 1 }, representatives: 1, speakers: 1, platforms: 1, sessions: { total: 1, live: 1, ended: 0 } });
    expect((await rep.get(`/api/forums/${fx.forum.id}/participation`)).status).toBe(403);
  });
});
