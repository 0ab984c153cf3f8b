import { AskFloorInput, DeclineFloorInput, ExtendTurnInput, FloorRef, MoveFloorInput, MuteTurnInput, OnAirInput } from '../../common/floor.contract';
import { SessionRef } from '../../common/sessions.contract';
import type { Logger } from '../../platform/logger';
import { handle, type Listeners } from '../realtime/socket';
import type { FloorService } from './floor.service';

/** The `floor:*` events; listeners are shared by every socket (see `handle`, `eventRouter`). */
export function floorHandlers(floor: FloorService, log: Logger): Listeners {
  return {
    'floor:ask': handle(log, AskFloorInput, (i, c) => floor.ask(c.actor, i)),
    'floor:withdraw': handle(log, FloorRef, (i, c) => floor.withdraw(c.actor, i.requestId)),
    'floor:mine': handle(log, SessionRef, (i, c) => floor.mine(c.actor, i.sessionId)),
    'floor:stage': handle(log, SessionRef, (i) => floor.stage(i.sessionId)),
    'floor:queue': handle(log, SessionRef, (i, c) => floor.queue(c.actor, i.sessionId)),
    'floor:move': handle(log, MoveFloorInput, (i, c) => floor.move(c.actor, i)),
    'floor:decline': handle(log, DeclineFloorInput, (i, c) => floor.decline(c.actor, i)),
    'floor:invite': handle(log, FloorRef, (i, c) => floor.invite(c.actor, i.requestId)),
    'floor:onAir': handle(log, OnAirInput, (i, c) => floor.onAir(c.actor, i)),
    'floor:extend': handle(log, ExtendTurnInput, (i, c) => floor.extend(c.actor, i)),
    'floor:mute': handle(log, MuteTurnInput, (i, c) => floor.mute(c.actor, i)),
    'floor:end': handle(log, FloorRef, (i, c) => floor.end(c.actor, i.requestId)),
  };
}
