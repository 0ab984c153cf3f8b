import type { z } from 'zod';
import { AskInput, EditInput, MergeInput, PremoderationInput, QuestionRef, RejectInput, SessionScoped, SpotlightInput } from '../../common/qa.contract';
import type { Logger } from '../../platform/logger';
import { handle, type HandlerCtx, type Listeners } from '../realtime/socket';
import type { ModerationService } from './qa.moderation';
import type { QaService } from './qa.service';

/**
 * The Q&A socket events: parse with the contract's schema, call the service, answer one Ack.
 * Listeners are built once per process and shared by every socket (see `handle`, `eventRouter`).
 */
export function qaHandlers(qa: QaService, mod: ModerationService, log: Logger): Listeners {
  const on = <S extends z.core.$ZodType, R>(schema: S, fn: (input: z.infer<S>, ctx: HandlerCtx) => Promise<R>) => handle(log, schema, fn);

  return {
    'qa:snapshot': on(SessionScoped, (i, c) => qa.snapshot(c.actor, i.sessionId)),
    'qa:queue': on(SessionScoped, (i, c) => qa.queue(c.actor, i.sessionId)),
    'qa:inspect': on(QuestionRef, (i, c) => qa.inspect(c.actor, i.questionId)),
    'qa:voteBursts': on(SessionScoped, (i, c) => qa.voteBursts(c.actor, i.sessionId)),
    'qa:ask': on(AskInput, (i, c) => qa.ask(c.actor, c.ip, i)),
    'qa:vote': on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, true)),
    'qa:unvote': on(QuestionRef, (i, c) => qa.vote(c.actor, c.ip, i.questionId, false)),
    'qa:approve': on(QuestionRef, (i, c) => mod.approve(c.actor, i.questionId)),
    'qa:reject': on(RejectInput, (i, c) => mod.reject(c.actor, i)),
    'qa:edit': on(EditInput, (i, c) => mod.edit(c.actor, i)),
    'qa:answered': on(QuestionRef, (i, c) => mod.answered(c.actor, i.questionId)),
    'qa:spotlight': on(SpotlightInput, (i, c) => mod.spotlight(c.actor, i)),
    'qa:merge': on(MergeInput, (i, c) => mod.merge(c.actor, i)),
    'qa:premoderation': on(PremoderationInput, (i, c) => mod.premoderation(c.actor, i)),
    'qa:undo': on(SessionScoped, (i, c) => mod.undo(c.actor, i.sessionId)),
  };
}
