import type { z } from 'zod';
import { AskInput, EditInput, MergeInput, PremoderationInput, QuestionRef, RejectInput, SessionScoped, SpotlightInput } from '../../common/qa.contract';
import type { Logger } from '../logger';
import { handle, type AppSocket, type HandlerCtx } from '../realtime/socket';
import type { ModerationService } from './qa.moderation';
import type { QaService } from './qa.service';

/**
 * The Q&A socket events: parse with the contract's schema, call the service, answer one Ack.
 * Listeners are built once per process and shared by every socket (see `handle`).
 */
export function qaHandlers(qa: QaService, mod: ModerationService, log: Logger): (socket: AppSocket) => void {
  const on = <S extends z.ZodType, R>(schema: S, fn: (input: z.infer<S>, ctx: HandlerCtx) => Promise<R>) => handle(log, schema, fn);

  const snapshot = on(SessionScoped, (i, c) => qa.snapshot(c.actor, i.sessionId));
  const queue = on(SessionScoped, (i, c) => qa.queue(c.actor, i.sessionId));
  const inspect = on(QuestionRef, (i, c) => qa.inspect(c.actor, i.questionId));
  const ask = on(AskInput, (i, c) => qa.ask(c.actor, c.ip, i));
  const vote = on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, true));
  const unvote = on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, false));
  const approve = on(QuestionRef, (i, c) => mod.approve(c.actor, i.questionId));
  const reject = on(RejectInput, (i, c) => mod.reject(c.actor, i));
  const edit = on(EditInput, (i, c) => mod.edit(c.actor, i));
  const answered = on(QuestionRef, (i, c) => mod.answered(c.actor, i.questionId));
  const spotlight = on(SpotlightInput, (i, c) => mod.spotlight(c.actor, i));
  const merge = on(MergeInput, (i, c) => mod.merge(c.actor, i));
  const premoderation = on(PremoderationInput, (i, c) => mod.premoderation(c.actor, i));
  const undo = on(SessionScoped, (i, c) => mod.undo(c.actor, i.sessionId));

  return (socket) => {
    socket.on('qa:snapshot', snapshot);
    socket.on('qa:queue', queue);
    socket.on('qa:inspect', inspect);
    socket.on('qa:ask', ask);
    socket.on('qa:vote', vote);
    socket.on('qa:unvote', unvote);
    socket.on('qa:approve', approve);
    socket.on('qa:reject', reject);
    socket.on('qa:edit', edit);
    socket.on('qa:answered', answered);
    socket.on('qa:spotlight', spotlight);
    socket.on('qa:merge', merge);
    socket.on('qa:premoderation', premoderation);
    socket.on('qa:undo', undo);
  };
}
