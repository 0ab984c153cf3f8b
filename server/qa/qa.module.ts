import type { Core, DomainModule } from '../core';
import type { DomainEventMap } from '../domain-events';
import { AddressLimit, RateLimit } from '../rate-limit';
import { TalliedLimit } from '../tallied-limit';
import type { SessionsService } from '../sessions/sessions.service';
import { Coalescer } from '../realtime/coalescer';
import { Blocklist } from './blocklist';
import { QaBroadcaster } from './qa.broadcast';
import { QuestionDirectory } from './qa.directory';
import { qaHandlers } from './qa.handlers';
import { ModerationService } from './qa.moderation';
import { QaService } from './qa.service';

export function createQaModule(core: Core, sessions: SessionsService): DomainModule & { service: QaService; moderation: ModerationService } {
  const log = core.log.child({ module: 'qa' });
  const { config, redis, db, roles, audit } = core;
  const prefix = config.redis.prefix;
  const limits = {
    questions: new RateLimit(redis, prefix, { name: 'qa-ask', points: config.qa.questionsPerMinute, durationSec: 60 }),
    // Votes come by the hundred a second in a large room: tallied, not a round trip each.
    votes: new TalliedLimit(redis, prefix, { name: 'qa-vote', points: config.qa.votesPerMinute, durationSec: 60, whenRedisIsAway: 'refuse' }, log),
    ip: new AddressLimit(new TalliedLimit(redis, prefix, { name: 'qa-ip', points: config.qa.ipActionsPerMinute, durationSec: 60, whenRedisIsAway: 'refuse' }, log), core.ips),
  };
  const blocklist = Blocklist.load(config.qa.blocklistFile);
  log.info({ entries: blocklist.size, file: config.qa.blocklistFile ?? 'built-in' }, 'question blocklist loaded');
  const broadcaster = new QaBroadcaster(core.io, core.live, config.qa.rankingIntervalMs);
  const directory = new QuestionDirectory(db);
  const service = new QaService({
    db,
    sessions,
    roles,
    people: core.people,
    audit,
    broadcaster,
    directory,
    limits,
    votesPerQuestionPerAddress: config.qa.votesPerQuestionPerIp,
    ips: core.ips,
    blocklist,
    log,
  });
  const ranking = new Coalescer({ redis, prefix, name: 'qa', intervalMs: config.qa.rankingIntervalMs, flush: (s, ids, seq) => service.flushRanking(s, ids, seq), log });
  service.attachRanking(ranking);
  const moderation = new ModerationService({ db, sessions, roles, audit, broadcaster, directory, log });
  const onRepresentation = ({ forumId, personId, previous }: DomainEventMap['organization.representation'][0]) =>
    void service.refreshAuthor(forumId, personId, previous).catch((err: unknown) => log.warn({ err, forumId, personId }, "could not show an author's new organization live"));
  core.events.on('organization.representation', onRepresentation);

  return {
    name: 'qa',
    service,
    moderation,
    listeners: qaHandlers(service, moderation, log),
    close: () => {
      core.events.off('organization.representation', onRepresentation);
      return ranking.close();
    },
  };
}
