import { AskInput, EditInput, MergeInput, PremoderationInput, QuestionRef, RejectInput, SessionScoped, SpotlightInput } from '../../common/qa.contract';
import type { Logger } from '../logger';
import { handle, type AppSocket } from '../realtime/socket';
import type { ModerationService } from './qa.moderation';
import type { QaService } from './qa.service';

/** Wires the Q&A socket events: parse with the contract's schema, call the service, answer one Ack. */
export function qaHandlers(socket: AppSocket, qa: QaService, mod: ModerationService, log: Logger): void {
  const on = <S extends Parameters<typeof handle>[2], R>(schema: S, fn: Parameters<typeof handle<S, R>>[3]) => handle(socket, log, schema, fn);

  socket.on('qa:snapshot', on(SessionScoped, (i, c) => qa.snapshot(c.actor, i.sessionId)));
  socket.on('qa:queue', on(SessionScoped, (i, c) => qa.queue(c.actor, i.sessionId)));
  socket.on('qa:inspect', on(QuestionRef, (i, c) => qa.inspect(c.actor, i.questionId)));
  socket.on('qa:ask', on(AskInput, (i, c) => qa.ask(c.actor, c.ip, i)));
  socket.on('qa:vote', on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, true)));
  socket.on('qa:unvote', on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, false)));

  socket.on('qa:approve', on(QuestionRef, (i, c) => mod.approve(c.actor, i.questionId)));
  socket.on('qa:reject', on(RejectInput, (i, c) => mod.reject(c.actor, i)));
  socket.on('qa:edit', on(EditInput, (i, c) => mod.edit(c.actor, i)));
  socket.on('qa:answered', on(QuestionRef, (i, c) => mod.answered(c.actor, i.questionId)));
  socket.on('qa:spotlight', on(SpotlightInput, (i, c) => mod.spotlight(c.actor, i)));
  socket.on('qa:merge', on(MergeInput, (i, c) => mod.merge(c.actor, i)));
  socket.on('qa:premoderation', on(PremoderationInput, (i, c) => mod.premoderation(c.actor, i)));
  socket.on('qa:undo', on(SessionScoped, (i, c) => mod.undo(c.actor, i.sessionId)));
}
