import type { PollsFramePart } from '../../common/polls.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { Core, DomainModule } from '../core';
import { AddressLimit } from '../rate-limit';
import { TalliedLimit } from '../tallied-limit';
import { Coalescer } from '../realtime/coalescer';
import { pollHandlers } from './polls.handlers';
import { pollsRoutes } from './polls.routes';
import { PollsService } from './polls.service';

const concat = <T>(a: T[] | undefined, b: T[] | undefined): T[] | undefined => (a && b ? [...a, ...b] : (a ?? b));

/** Appends a push to what is pending for the room's next frame (each list keeps push order). */
export function mergePollsPart(pending: PollsFramePart | undefined, next: PollsFramePart): PollsFramePart {
  const polls = concat(pending?.polls, next.polls);
  const results = concat(pending?.results, next.results);
  const removed = concat(pending?.removed, next.removed);
  return { ...(polls ? { polls } : {}), ...(results ? { results } : {}), ...(removed ? { removed } : {}) };
}

/** Live polls: prepared by moderators, answered by the room, counted in the compiled documents. */
export function createPollsModule(core: Core, deps: { agenda: AgendaService }): DomainModule & { service: PollsService } {
  const log = core.log.child({ module: 'polls' });
  const { config, redis } = core;
  const prefix = config.redis.prefix;
  const limits = {
    // A poll's votes come all at once, from the whole room: tallied, not a round trip each.
    votes: new TalliedLimit(redis, prefix, { name: 'poll-vote', points: config.polls.votesPerMinute, durationSec: 60, whenRedisIsAway: 'refuse' }, log),
    ip: new AddressLimit(new TalliedLimit(redis, prefix, { name: 'poll-ip', points: config.polls.ipVotesPerMinute, durationSec: 60, whenRedisIsAway: 'refuse' }, log), core.ips),
  };
  // The coalescer already spaces readings; each goes with the room's next frame without waiting more.
  const part = core.live.part('polls', { waitMs: 0, merge: mergePollsPart });
  const service = new PollsService({ db: core.db, agenda: deps.agenda, roles: core.roles, audit: core.audit, part, limits, log });
  const results = new Coalescer({ redis, prefix, name: 'polls', intervalMs: config.polls.resultsIntervalMs, flush: (s, ids, seq) => service.flushResults(s, ids, seq), log });
  service.attachResults(results);
  // Open polls close in the same transaction as the session's end, so the compiled results are final.
  const offTx = core.events.onTx('session.transition', async ({ q, sessionId, to }) => {
    if (to === 'ended' || to === 'cancelled') await service.closeWithSession(q, sessionId);
  });
  const onOver = ({ sessionId }: { sessionId: string }) =>
    service.announceClosed(sessionId).catch((err: unknown) => log.error({ err, sessionId }, 'closed polls not announced'));
  core.events.on('session.ended', onOver);
  core.events.on('session.cancelled', onOver);
  return {
    name: 'polls',
    service,
    routes: (api) => pollsRoutes(api, service),
    listeners: pollHandlers(service, log),
    async close() {
      offTx();
      core.events.off('session.ended', onOver);
      core.events.off('session.cancelled', onOver);
      await results.close();
    },
  };
}
