import {
  RecEditInput,
  RecEndorseInput,
  RecListInput,
  RecMergeInput,
  RecPromoteInput,
  RecSetStateInput,
  RecSubmitInput,
  WatchCompilesInput,
} from '../../common/recs.contract';
import type { Logger } from '../../platform/logger';
import { rooms } from '../../common/rooms';
import { handle, type Listeners } from '../realtime/socket';
import type { CompileService } from './compile.service';
import { recsRooms, type RecsService } from './recs.service';

/**
 * The `recs:*` socket events; each parses its payload, checks the caller's role in the service,
 * and answers one Ack. Listeners are shared by every socket (see `handle`, `eventRouter`).
 */
export function recsHandlers(recs: RecsService, compile: CompileService, log: Logger): Listeners {
  const submit = handle(log, RecSubmitInput, (input, { actor, ip }) => recs.submit(actor, ip, input));
  const endorse = handle(log, RecEndorseInput, (input, { actor, ip }) => recs.endorse(actor, ip, input));
  const list = handle(log, RecListInput, async (input, { actor, socket }) => {
    const result = await recs.list(actor, input.sessionId);
    await socket.join(recsRooms.public(input.sessionId));
    if (result.canModerate) await socket.join(recsRooms.moderators(input.sessionId));
    return result;
  });
  const promote = handle(log, RecPromoteInput, (input, { actor }) => recs.promote(actor, input));
  const edit = handle(log, RecEditInput, (input, { actor }) => recs.edit(actor, input));
  const setState = handle(log, RecSetStateInput, (input, { actor }) => recs.setState(actor, input));
  const merge = handle(log, RecMergeInput, (input, { actor }) => recs.merge(actor, input));
  const watchCompiles = handle(log, WatchCompilesInput, async (input, { actor, socket }) => {
    const compilations = await compile.forumOverview(actor, input.forumId);
    await socket.join(rooms.forumOrganizers(input.forumId));
    return { compilations };
  });
  return {
    'recs:submit': submit,
    'recs:endorse': endorse,
    'recs:list': list,
    'recs:promote': promote,
    'recs:edit': edit,
    'recs:setState': setState,
    'recs:merge': merge,
    'recs:watchCompiles': watchCompiles,
  };
}
