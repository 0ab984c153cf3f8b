import { randomUUID } from 'node:crypto';
import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgendaService } from '../../server/agenda/agenda.service';
import { AuditService } from '../../server/audit/audit.service';
import { createPostgresDb } from '../../platform/db/postgres';
import { DomainEvents } from '../../server/domain-events';
import { createLogger } from '../../platform/logger';
import type { Actor } from '../../server/people/actor';
import { IpHasher } from '../../server/people/ip-hash';
import { LoginGuard } from '../../server/people/login-guard';
import { PeopleService } from '../../server/people/people.service';
import { RolesService } from '../../server/people/roles.service';
import { testDatabaseUrl, TEST_REDIS_URL } from '../helpers/env';

/** Every line a logger writes, at the most talkative level. */
function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('trace', 'birge', sink), text: () => lines.join('') };
}

const db = createPostgresDb(testDatabaseUrl(), 2);
let redis: Redis;
beforeAll(() => {
  redis = new Redis(TEST_REDIS_URL);
});
afterAll(async () => {
  redis.disconnect();
  await db.close();
});

describe('logs', () => {
  it('never contain a password, a session token or an invite token', async () => {
    const { log, text } = capture();
    const prefix = `t${randomUUID().slice(0, 8)}`;
      const roles = new RolesService(db);
    const people = new PeopleService(db, roles, new LoginGuard(redis, prefix, { pairPer15Min: 10, ipPer15Min: 100, slowdownMaxMs: 1000 }, new IpHasher('test-secret')), log);
    const agenda = new AgendaService(db, roles, new DomainEvents(), new AuditService(db, roles), log);

    const email = `org-${randomUUID()}@example.kz`;
    const password = `pw-${randomUUID()}`;
    await people.ensureOrganizer(email, password, 'Organizer');
    await expect(people.login(email, `${password}-wrong`, '192.0.2.1')).rejects.toMatchObject({ code: 'unauthorized' });
    const { token, actor } = await people.login(email, password, '192.0.2.1');
    const forum = await agenda.createForum(actor, { slug: `logs-${randomUUID().slice(0, 8)}`, title: { en: 'Logs' }, languages: ['en'], timeZone: 'UTC', startsOn: '2026-01-01', days: 1 });
    const invite = await people.createInvite(actor, { role: 'organizer', forumId: forum.id });
    const visitor: Actor = { kind: 'citizen', id: randomUUID(), displayName: null };
    const accepted = await people.acceptInvite(invite.token, visitor, 'Second organizer');

    const out = text();
    expect(out).toContain('invite accepted'); // the capture works
    for (const secret of [password, token, invite.token, accepted.token!]) expect(out).not.toContain(secret);
  });

  it('redacts secret-looking fields wherever a caller puts them', () => {
    const { log, text } = capture();
    log.info({ password: 'p4ss', token: 't0k', user: { password: 'p4ss2' }, req: { headers: { cookie: 'birge_sid=abc', authorization: 'Bearer x' } } }, 'careless');
    const out = text();
    for (const secret of ['p4ss', 't0k', 'p4ss2', 'birge_sid=abc', 'Bearer x']) expect(out).not.toContain(secret);
    expect(out).toContain('[redacted]');
  });
});
