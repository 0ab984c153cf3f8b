import { CorrectCaptionInput, RecentCaptionsInput, SendCaptionInput } from '../../common/captions.contract';
import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../../platform/logger';
import { handle, type Listeners } from '../realtime/socket';
import type { CaptionsService } from './captions.service';

/** The `caption:*` events; listeners are shared by every socket (see `handle`, `eventRouter`). */
export function captionHandlers(service: CaptionsService, log: Logger): Listeners {
  return {
    'caption:tracks': handle(log, SessionRef, (i) => service.tracks(i.sessionId)),
    'caption:booth': handle(log, SessionRef, (i, c) => service.booth(c.actor, i.sessionId)),
    'caption:recent': handle(log, RecentCaptionsInput, (i) => service.recent(i)),
    'caption:send': handle(log, SendCaptionInput, (i, c) => service.send(c.actor, i)),
    'caption:correct': handle(log, CorrectCaptionInput, (i, c) => service.correct(c.actor, i)),
  };
}
