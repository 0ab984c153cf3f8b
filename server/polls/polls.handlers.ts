import { CreatePollInput, PollRef, UpdatePollInput, VoteInput } from '../../common/polls.contract';
import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../../platform/logger';
import { handle, type Listeners } from '../realtime/socket';
import type { PollsService } from './polls.service';

/** The `poll:*` events; listeners are shared by every socket (see `handle`, `eventRouter`). */
export function pollHandlers(service: PollsService, log: Logger): Listeners {
  return {
    'poll:list': handle(log, SessionRef, (i, c) => service.list(c.actor, i.sessionId)),
    'poll:create': handle(log, CreatePollInput, (i, c) => service.create(c.actor, i)),
    'poll:update': handle(log, UpdatePollInput, (i, c) => service.update(c.actor, i)),
    'poll:delete': handle(log, PollRef, (i, c) => service.remove(c.actor, i.pollId)),
    'poll:open': handle(log, PollRef, (i, c) => service.open(c.actor, i.pollId)),
    'poll:close': handle(log, PollRef, (i, c) => service.close(c.actor, i.pollId)),
    'poll:vote': handle(log, VoteInput, (i, c) => service.vote(c.actor, c.ip, i)),
  };
}
