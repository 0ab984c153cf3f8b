import type { Core, DomainModule } from '../core';
import { RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import { Blocklist } from './blocklist';
import { QaBroadcaster } from './qa.broadcast';
import { QuestionDirectory } from './qa.directory';
import { qaHandlers } from './qa.handlers';
import { ModerationService } from './qa.moderation';
import { qaRoutes } from './qa.routes';
import { QaService } from './qa.service';
import { RankingCoalescer } from './ranking';

export function createQaModule(core: Core, sessions: SessionsService): DomainModule & { service: QaService; moderation: ModerationService } {
  const log = core.log.child({ module: 'qa' });
  const { config, redis, db, roles, audit } = core;
  const prefix = config.redis.prefix;
  const limits = {
    questions: new RateLimit(redis, prefix, { name: 'qa-ask', points: config.qa.questionsPerMinute, durationSec: 60 }),
    votes: new RateLimit(redis, prefix, { name: 'qa-vote', points: config.qa.votesPerMinute, durationSec: 60 }),
    ip: new RateLimit(redis, prefix, { name: 'qa-ip', points: config.qa.ipActionsPerMinute, durationSec: 60 }),
  };
  const blocklist = Blocklist.load(config.qa.blocklistFile);
  log.info({ entries: blocklist.size, file: config.qa.blocklistFile ?? 'built-in' }, 'question blocklist loaded');
  const broadcaster = new QaBroadcaster(core.io);
  const directory = new QuestionDirectory(db);
  const service = new QaService({ db, sessions, roles, people: core.people, audit, broadcaster, directory, limits, blocklist, log });
  const ranking = new RankingCoalescer({ redis, prefix, intervalMs: config.qa.rankingIntervalMs, flush: (s, ids) => service.flushRanking(s, ids), log });
  service.attachRanking(ranking);
  const moderation = new ModerationService({ db, sessions, roles, audit, broadcaster, directory, log });
  const attach = qaHandlers(service, moderation, log);

  return {
    name: 'qa',
    service,
    moderation,
    routes: (api) => qaRoutes(api, service),
    connection: attach,
    close: () => ranking.close(),
  };
}
