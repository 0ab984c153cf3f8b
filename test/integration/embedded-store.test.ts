import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../common/errors';
import { AgendaService } from '../../server/agenda/agenda.service';
import { AuditService } from '../../server/audit/audit.service';
import type { Db } from '../../platform/db';
import { createEmbeddedDb } from '../../platform/db/embedded';
import { migrate } from '../../platform/db/migrate';
import { createPostgresDb } from '../../platform/db/postgres';
import { DomainEvents } from '../../server/domain-events';
import { createLogger } from '../../platform/logger';
import type { Actor } from '../../server/people/actor';
import { IpHasher } from '../../server/people/ip-hash';
import { LoginGuard } from '../../server/people/login-guard';
import { PeopleService } from '../../server/people/people.service';
import { RolesService } from '../../server/people/roles.service';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';

// The embedded store (PGlite) must run the very SQL PostgreSQL runs: the same migration
// files and the same agenda/people queries (jsonb and text[] parameters, `for update`,
// advisory locks, unique violations). The flow below runs on both and must read the same.

let redis: Redis;
let embedded: Db;
let postgres: Db;
beforeAll(async () => {
  redis = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 3 });
  embedded = await createEmbeddedDb(undefined);
  postgres = createPostgresDb(testDatabaseUrl(), 3);
});
afterAll(async () => {
  await embedded?.close();
  await postgres?.close();
  redis?.disconnect();
});

function services(db: Db) {
  const log = createLogger('silent');
  const prefix = `t${randomUUID().slice(0, 8)}`;
  const roles = new RolesService(db);
  const people = new PeopleService(db, roles, new LoginGuard(redis, prefix, { pairPer15Min: 5, ipPer15Min: 100, slowdownMaxMs: 1000 }, new IpHasher('test-secret')), log);
  const events = new DomainEvents();
  const audit = new AuditService(db, roles);
  const agenda = new AgendaService(db, roles, events, audit, log);
  return { roles, people, events, audit, agenda };
}

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof AppError) return e.code;
    throw e;
  }
}

/** Runs organizer sign-in, agenda editing, the session lifecycle and invites; returns what a client would see. */
async function flow(db: Db) {
  const s = services(db);
  const email = `org-${randomUUID()}@example.kz`;
  const slug = `emb-${randomUUID().slice(0, 8)}`;
  await s.people.ensureOrganizer(email, 'пароль-құпия-1', 'Әлия Нұрланқызы');
  const { token, actor: org } = await s.people.login(email.toUpperCase(), 'пароль-құпия-1', '10.0.0.1');
  const bySession = await s.people.accountBySession(token);
  const wrongPassword = await codeOf(s.people.login(email, 'wrong', '10.0.0.1'));

  const forum = await s.agenda.createForum(org, {
    slug,
    title: { kk: 'Азаматтық форум', ru: 'Гражданский форум', en: 'Civil Forum' },
    description: { kk: 'Қоғам мен мемлекет диалогы' },
    languages: ['kk', 'ru', 'en'],
    timeZone: 'Asia/Almaty',
    startsOn: '2026-11-23',
    days: 5,
  });
  const duplicateSlug = await codeOf(
    s.agenda.createForum(org, { slug, title: { en: 'Again' }, languages: ['en'], timeZone: 'UTC', startsOn: '2026-01-01', days: 1 }),
  );
  const renamed = await s.agenda.updateForum(org, forum.id, { title: { ru: 'Гражданский форум 2026' }, languages: ['ru', 'kk'] });
  const platform = await s.agenda.createPlatform(org, forum.id, { title: { kk: 'Сыбайлас жемқорлыққа қарсы күрес' } });
  const speakers = [{ name: 'Ерлан Қарин', affiliation: { kk: 'Мемлекеттік кеңесші', en: 'State Counsellor' } }];
  const a = await s.agenda.createSession(org, forum.id, {
    platformId: platform.id,
    title: { ru: 'Эффективность общественных советов' },
    speakers,
    startsAt: '2026-11-23T05:00:00+05:00',
    endsAt: '2026-11-23T07:00:00+05:00',
  });
  const b = await s.agenda.createSession(org, forum.id, {
    platformId: platform.id,
    title: { en: 'Problems and prospects of civil society' },
    speakers: [],
    startsAt: '2026-11-24T05:00:00Z',
    endsAt: '2026-11-24T06:00:00Z',
  });
  const edited = await s.agenda.updateSession(org, b.id, { speakers: [{ name: 'Айгүл Сейітова' }], endsAt: '2026-11-24T07:00:00Z' });

  const ended: string[] = [];
  s.events.on('session.ended', (e) => void ended.push(e.sessionId));
  // Two "end" presses at once: the row lock lets exactly one through.
  await s.agenda.transition(org, a.id, 'start');
  const racing = await Promise.all([codeOf(s.agenda.transition(org, a.id, 'end')), codeOf(s.agenda.transition(org, a.id, 'end'))]);
  const cancelEnded = await codeOf(s.agenda.transition(org, a.id, 'cancel'));
  await s.agenda.transition(org, b.id, 'cancel');

  const invite = await s.people.createInvite(org, { role: 'moderator', forumId: forum.id, sessionId: a.id });
  const citizen: Actor = { kind: 'citizen', id: randomUUID(), displayName: null };
  const named = await s.people.setCitizenName(citizen, 'Жанар');
  await s.people.setCitizenName(citizen, 'Жанар А.');
  const citizenAgain = await s.people.citizen(citizen.id);
  const accepted = await s.people.acceptInvite(invite.token, citizen, 'Модератор Серік');
  const reused = await codeOf(s.people.acceptInvite(invite.token, citizen, 'Someone'));
  const modOnA = await s.roles.has(accepted.actor, 'moderator', { forumId: forum.id, sessionId: a.id });
  const modOnB = await s.roles.has(accepted.actor, 'moderator', { forumId: forum.id, sessionId: b.id });
  const modStarts = await codeOf(s.agenda.transition(accepted.actor, b.id, 'start'));
  const audit = await s.audit.list({ forumId: forum.id, domain: 'agenda' });
  const agenda = await s.agenda.agenda(slug);
  const listed = (await s.agenda.listForums()).some((f) => f.id === forum.id);

  // Ids, slugs and clock times differ per run and per store; the shape and content must not.
  return {
    signedIn: bySession?.id === org.id && org.kind === 'account' && org.canCreateForums,
    wrongPassword,
    duplicateSlug,
    renamed: { title: renamed.title, languages: renamed.languages, description: renamed.description },
    forum: { ...agenda.forum, id: undefined, slug: undefined },
    listed,
    platforms: agenda.platforms.map((p) => ({ title: p.title, position: p.position, forumMatches: p.forumId === forum.id })),
    sessions: agenda.sessions.map((x) => ({
      title: x.title,
      speakers: x.speakers,
      startsAt: x.startsAt,
      endsAt: x.endsAt,
      state: x.state,
      started: x.startedAt !== null,
      ended: x.endedAt !== null,
    })),
    edited: edited.speakers,
    racing: racing.sort(),
    ended: ended.length === 1 && ended[0] === a.id,
    cancelEnded,
    citizen: { named: named.displayName, again: citizenAgain.displayName },
    invite: { roleGranted: accepted.role, newAccount: accepted.token !== null, reused, modOnA, modOnB, modStarts },
    audit: audit.map((e) => ({ action: e.action, details: e.details, actorName: e.actorName })),
  };
}

describe('embedded store', () => {
  it('applies every migration once, in order, and nothing on a second start', async () => {
    const first = await migrate(embedded);
    expect(first[0]).toBe('0001_foundation.sql');
    expect(first).toEqual([...first].sort());
    expect(await migrate(embedded)).toEqual([]);
    const { rows } = await embedded.query<{ n: number }>('select count(*)::int as n from schema_migrations');
    expect(rows[0]!.n).toBe(first.length);
  });

  it('runs the agenda and people flows exactly as PostgreSQL does', async () => {
    const onEmbedded = await flow(embedded);
    const onPostgres = await flow(postgres);
    expect(onEmbedded).toEqual(onPostgres);
    // And the shared answer is the right one, not merely the same one.
    expect(onEmbedded).toMatchObject({
      signedIn: true,
      wrongPassword: 'unauthorized',
      duplicateSlug: 'conflict',
      renamed: { title: { ru: 'Гражданский форум 2026' }, languages: ['ru', 'kk'], description: { kk: 'Қоғам мен мемлекет диалогы' } },
      listed: true,
      racing: ['invalid_state', 'ok'],
      ended: true,
      cancelEnded: 'invalid_state',
      citizen: { named: 'Жанар', again: 'Жанар А.' },
      invite: { roleGranted: 'moderator', newAccount: true, reused: 'conflict', modOnA: true, modOnB: false, modStarts: 'forbidden' },
    });
    expect(onEmbedded.forum).toMatchObject({ startsOn: '2026-11-23', days: 5, timeZone: 'Asia/Almaty' });
    expect(onEmbedded.sessions).toEqual([
      expect.objectContaining({
        startsAt: '2026-11-23T00:00:00.000Z',
        speakers: [{ name: 'Ерлан Қарин', affiliation: { kk: 'Мемлекеттік кеңесші', en: 'State Counsellor' } }],
        state: 'ended',
        started: true,
        ended: true,
      }),
      expect.objectContaining({ endsAt: '2026-11-24T07:00:00.000Z', speakers: [{ name: 'Айгүл Сейітова' }], state: 'cancelled', started: false }),
    ]);
    expect(onEmbedded.audit.map((e) => e.action)).toEqual(['session.start', 'session.end', 'session.cancel']);
    expect(onEmbedded.audit[1]).toMatchObject({ details: { from: 'live', to: 'ended' }, actorName: 'Әлия Нұрланқызы' });
  });

  it('keeps its data in a directory across restarts and lets one opener in at a time', async () => {
    const dir = `/tmp/birge-embedded-${randomUUID()}`;
    const first = await createEmbeddedDb(dir);
    await migrate(first);
    const { people } = services(first);
    const { id } = await people.ensureOrganizer(`org-${randomUUID()}@example.kz`, 'құпия сөз 123', 'Дәулет');
    // PGlite has no lock of its own; a second opener would corrupt the directory.
    await expect(createEmbeddedDb(dir)).rejects.toThrow(/in use by process/);
    await first.close();
    const second = await createEmbeddedDb(dir);
    try {
      expect(await migrate(second)).toEqual([]);
      const { rows } = await second.query<{ display_name: string }>('select display_name from users where id = $1', [id]);
      expect(rows).toEqual([{ display_name: 'Дәулет' }]);
    } finally {
      await second.close();
      const { rm } = await import('node:fs/promises');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
