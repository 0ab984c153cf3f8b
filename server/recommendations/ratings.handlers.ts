import { MyRatingsInput, RateInput } from '../../common/ratings.contract';
import type { Logger } from '../../platform/logger';
import { handle, type Listeners } from '../realtime/socket';
import type { RatingsService } from './ratings.service';

/** The `ratings:*` socket events, for the process's routing table (see `eventRouter`). */
export function ratingsHandlers(ratings: RatingsService, log: Logger): Listeners {
  return {
    'ratings:rate': handle(log, RateInput, (input, { actor, ip }) => ratings.rate(actor, ip, input)),
    'ratings:mine': handle(log, MyRatingsInput, (input, { actor }) => ratings.mine(actor, input.sessionId)),
  };
}
