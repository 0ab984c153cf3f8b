import { ChannelRef } from '../../common/interpretation.contract';
import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../../platform/logger';
import { handle, type Listeners } from '../realtime/socket';
import type { InterpretationService } from './interpretation.service';

/** The `interp:*` events; listeners are shared by every socket (see `handle`, `eventRouter`). */
export function interpretationHandlers(service: InterpretationService, log: Logger): Listeners {
  return {
    'interp:channels': handle(log, SessionRef, (i) => service.channels(i.sessionId)),
    'interp:booth': handle(log, SessionRef, (i, c) => service.booth(c.actor, i.sessionId)),
    'interp:onAir': handle(log, ChannelRef, (i, c) => service.onAir(c.actor, c.socket.id, i)),
    'interp:offAir': handle(log, ChannelRef, (i, c) => service.offAir(c.actor, c.socket.id, i)),
  };
}
