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
import type { Logger } from '../logger';
import { handle, rooms, type AppSocket } from '../realtime/socket';
import type { CompileService } from './compile.service';
import { recsRooms, type RecsService } from './recs.service';

/** The `recs:*` socket events; each parses its payload, checks the caller's role in the service, and answers one Ack. */
export function recsHandlers(socket: AppSocket, recs: RecsService, compile: CompileService, log: Logger) {
  socket.on('recs:submit', handle(socket, log, RecSubmitInput, (input, { actor, ip }) => recs.submit(actor, ip, input)));
  socket.on('recs:endorse', handle(socket, log, RecEndorseInput, (input, { actor, ip }) => recs.endorse(actor, ip, input)));
  socket.on(
    'recs:list',
    handle(socket, log, RecListInput, async (input, { actor }) => {
      const list = await recs.list(actor, input.sessionId);
      await socket.join(recsRooms.public(input.sessionId));
      if (list.canModerate) await socket.join(recsRooms.moderators(input.sessionId));
      return list;
    }),
  );
  socket.on('recs:promote', handle(socket, log, RecPromoteInput, (input, { actor }) => recs.promote(actor, input)));
  socket.on('recs:edit', handle(socket, log, RecEditInput, (input, { actor }) => recs.edit(actor, input)));
  socket.on('recs:setState', handle(socket, log, RecSetStateInput, (input, { actor }) => recs.setState(actor, input)));
  socket.on('recs:merge', handle(socket, log, RecMergeInput, (input, { actor }) => recs.merge(actor, input)));
  socket.on(
    'recs:watchCompiles',
    handle(socket, log, WatchCompilesInput, async (input, { actor }) => {
      const compilations = await compile.forumOverview(actor, input.forumId);
      await socket.join(rooms.forumOrganizers(input.forumId));
      return { compilations };
    }),
  );
}
