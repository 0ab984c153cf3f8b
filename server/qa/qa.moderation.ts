import { z } from 'zod';
import { Id, type Role } from '../../common/base';
import { AppError } from '../../common/errors';
import type { EditInput, MergeInput, ModQuestionView, PremoderationInput, RejectInput, SpotlightInput, UndoResult } from '../../common/qa.contract';
import { ModerationAction } from '../../common/qa.contract';
import type { AuditService } from '../audit/audit.service';
import type { Db, Queryable } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { SessionsService } from '../sessions/sessions.service';
import type { QaBroadcaster } from './qa.broadcast';
import { commit, type Outcome } from './qa.commit';
import type { QuestionDirectory, Where } from './qa.directory';
import * as M from './qa.model';
import type { Question, QuestionState } from './qa.model';
import * as repo from './qa.repo';
import type { QaSessionRow } from './qa.repo';
import { modView } from './qa.views';

/** A journal entry side: the touched questions' states and, when changed, the session settings. */
const JournalSide = z.object({
  questions: z.record(z.string(), M.QuestionState),
  spotlight: z.nullable(Id).optional(),
  premoderation: z.boolean().optional(),
  merge: z.object({ sourceIds: z.array(Id), targetId: Id }).optional(),
});
type JournalSide = z.infer<typeof JournalSide>;

interface Work<T> {
  outcome: Outcome;
  value: T;
  /** What the audit log says. */
  audit: { targetId?: string | null; reason?: string | null; details?: Record<string, unknown> };
  /** Nothing changes (e.g. spotlighting what is already spotlit): no audit line, nothing to undo. */
  noop?: boolean;
  merge?: { sourceIds: string[]; targetId: string };
}

type Action = z.infer<typeof ModerationAction> | 'undo';

const AUDIT_ACTION: Record<Action, string> = {
  approve: 'question.approve',
  reject: 'question.reject',
  edit: 'question.edit',
  answered: 'question.answered',
  spotlight: 'question.spotlight',
  merge: 'question.merge',
  premoderation: 'session.premoderation',
  undo: 'moderation.undo',
};

export interface ModerationDeps {
  db: Db;
  sessions: SessionsService;
  roles: RolesService;
  audit: AuditService;
  broadcaster: QaBroadcaster;
  directory: QuestionDirectory;
  log: Logger;
}

/**
 * The moderators' side: every action checks the role on the server, runs in one
 * transaction with its audit line and undo journal entry, and is broadcast after commit.
 */
export class ModerationService {
  constructor(private readonly d: ModerationDeps) {}

  private async require(actor: Actor, where: Where, roles: Role[] = ['moderator']): Promise<void> {
    for (const r of roles) if (await this.d.roles.has(actor, r, where)) return;
    throw new AppError('forbidden', `this needs the ${roles.join(' or ')} role in this session`);
  }

  private async sessionScope(actor: Actor, sessionId: string): Promise<Where> {
    const s = await this.d.sessions.info(sessionId);
    const where = { sessionId: s.id, forumId: s.forumId };
    await this.require(actor, where);
    return where;
  }

  private async run<T>(actor: Actor, where: Where, action: Action, work: (q: Queryable, st: QaSessionRow) => Promise<Work<T>>): Promise<T> {
    const { value, committed } = await this.d.db.tx(async (q) => {
      const st = await repo.lockQaSession(q, where.sessionId, where.forumId);
      const w = await work(q, st);
      const committed = await commit(q, st, w.outcome);
      if (w.noop) return { value: w.value, committed };
      await this.d.audit.record(q, { actor, forumId: where.forumId, sessionId: where.sessionId, domain: 'qa', action: AUDIT_ACTION[action], ...w.audit });
      if (action !== 'undo') await this.journal(q, actor, where.sessionId, action, w, committed);
      return { value: w.value, committed };
    });
    this.d.broadcaster.publish(where.sessionId, committed.plan, committed.publicFrom, committed.queueFrom);
    this.d.log.info({ sessionId: where.sessionId, action, actorId: actor.id }, 'moderation action');
    return value;
  }

  private async journal(q: Queryable, actor: Actor, sessionId: string, action: Action, w: Work<unknown>, c: Awaited<ReturnType<typeof commit>>) {
    const before: JournalSide = { questions: {} };
    const after: JournalSide = { questions: {} };
    for (const ch of w.outcome.changes) {
      if (ch.before) before.questions[ch.before.id] = M.stateOf(ch.before);
      after.questions[ch.after.id] = M.stateOf(ch.after);
    }
    if (c.spotlight.before !== c.spotlight.after) [before.spotlight, after.spotlight] = [c.spotlight.before, c.spotlight.after];
    if (c.premoderation.before !== c.premoderation.after) [before.premoderation, after.premoderation] = [c.premoderation.before, c.premoderation.after];
    if (w.merge) after.merge = w.merge;
    await repo.insertAction(q, { sessionId, actorId: actor.id, action, questionIds: Object.keys(after.questions), before, after });
  }

  /** Applies a pure state change to one question. */
  private async onQuestion(
    actor: Actor,
    questionId: string,
    action: Action,
    next: (s: QuestionState, now: string) => QuestionState,
    audit: (before: Question) => Work<unknown>['audit'],
    roles?: Role[],
  ): Promise<ModQuestionView> {
    const where = await this.d.directory.locate(questionId);
    await this.require(actor, where, roles);
    return this.run(actor, where, action, async (q) => {
      const before = (await repo.findQuestion(q, questionId, true))!;
      const after = await repo.writeState(q, questionId, next(M.stateOf(before), new Date().toISOString()));
      return { outcome: { changes: [{ before, after }] }, value: modView(after), audit: { targetId: questionId, ...audit(before) } };
    });
  }

  approve(actor: Actor, questionId: string): Promise<ModQuestionView> {
    return this.onQuestion(actor, questionId, 'approve', M.approve, (b) => ({ details: { from: b.status } }));
  }

  reject(actor: Actor, input: RejectInput): Promise<ModQuestionView> {
    const note = input.note || null;
    return this.onQuestion(
      actor,
      input.questionId,
      'reject',
      (s) => M.reject(s, input.reason, note),
      (b) => ({ reason: input.reason, details: { from: b.status, ...(note ? { note } : {}) } }),
    );
  }

  edit(actor: Actor, input: EditInput): Promise<ModQuestionView> {
    return this.onQuestion(actor, input.questionId, 'edit', (s) => M.edit(s, input.text), (b) => ({ details: { from: b.text, to: input.text } }));
  }

  /** Moderators, and the session's speakers (they know when they have answered). */
  answered(actor: Actor, questionId: string): Promise<ModQuestionView> {
    return this.onQuestion(actor, questionId, 'answered', M.markAnswered, () => ({}), ['moderator', 'speaker']);
  }

  async spotlight(actor: Actor, input: SpotlightInput): Promise<{ questionId: string | null }> {
    const where = await this.sessionScope(actor, input.sessionId);
    return this.run(actor, where, 'spotlight', async (q, st) => {
      if (input.questionId) {
        const target = await repo.findQuestion(q, input.questionId);
        if (!target || target.sessionId !== where.sessionId) throw new AppError('not_found', 'no such question in this session');
        M.canBeSpotlit(M.stateOf(target));
      }
      return {
        outcome: { changes: [], spotlight: input.questionId },
        value: { questionId: input.questionId },
        audit: { targetId: input.questionId, details: { previous: st.spotlight_id } },
        noop: st.spotlight_id === input.questionId,
      };
    });
  }

  /** Sources become `merged` into the target; each of their voters votes for the target once. */
  async merge(actor: Actor, input: MergeInput): Promise<ModQuestionView> {
    const where = await this.d.directory.locate(input.targetId);
    await this.require(actor, where);
    return this.run(actor, where, 'merge', async (q) => {
      const ids = [...input.sourceIds, input.targetId];
      const rows = await repo.findQuestions(q, ids, true);
      if (rows.length !== ids.length || rows.some((r) => r.sessionId !== where.sessionId)) {
        throw new AppError('not_found', 'every question must exist and belong to this session');
      }
      const target = rows.find((r) => r.id === input.targetId)!;
      M.canBeMergeTarget(M.stateOf(target));
      const changes = [];
      for (const src of rows.filter((r) => r.id !== input.targetId)) {
        changes.push({ before: src, after: await repo.writeState(q, src.id, M.mergeInto(M.stateOf(src), target.id)) });
      }
      await repo.carryVotes(q, input.sourceIds, target.id);
      const targetAfter = await repo.recount(q, target.id);
      changes.push({ before: target, after: targetAfter });
      return {
        outcome: { changes },
        value: modView(targetAfter),
        audit: { targetId: target.id, details: { sourceIds: input.sourceIds, votesBefore: target.votes, votesAfter: targetAfter.votes } },
        merge: { sourceIds: input.sourceIds, targetId: target.id },
      };
    });
  }

  async premoderation(actor: Actor, input: PremoderationInput): Promise<{ enabled: boolean }> {
    const where = await this.sessionScope(actor, input.sessionId);
    return this.run(actor, where, 'premoderation', async (_q, st) => ({
      outcome: { changes: [], premoderation: input.enabled },
      value: { enabled: input.enabled },
      audit: { details: { enabled: input.enabled } },
      noop: st.premoderation === input.enabled,
    }));
  }

  /**
   * Reverts the caller's own last action in this session, provided nobody changed the
   * touched questions (or the setting) since; repeat to go further back.
   */
  async undo(actor: Actor, sessionId: string): Promise<UndoResult> {
    const where = await this.sessionScope(actor, sessionId);
    return this.run(actor, where, 'undo', async (q, st) => {
      const a = await repo.lastAction(q, where.sessionId, actor.id, true);
      if (!a) throw new AppError('not_found', 'nothing to undo');
      const action = ModerationAction.parse(a.action);
      const before = JournalSide.parse(a.before);
      const after = JournalSide.parse(a.after);
      const rows = await repo.findQuestions(q, Object.keys(after.questions), true);
      for (const r of rows) {
        const expected = after.questions[r.id];
        if (!expected || !M.sameState(M.stateOf(r), expected)) throw new AppError('conflict', 'this question changed since; undo refused', { questionId: r.id });
      }
      if (after.spotlight !== undefined && st.spotlight_id !== after.spotlight) throw new AppError('conflict', 'the spotlight changed since; undo refused');
      if (after.premoderation !== undefined && st.premoderation !== after.premoderation) throw new AppError('conflict', 'pre-moderation changed since; undo refused');
      const changes = [];
      for (const r of rows) {
        const restore = before.questions[r.id];
        if (restore) changes.push({ before: r, after: await repo.writeState(q, r.id, restore) });
      }
      if (after.merge) {
        await repo.uncarryVotes(q, after.merge.sourceIds, after.merge.targetId);
        const recounted = await repo.recount(q, after.merge.targetId);
        const i = changes.findIndex((c) => c.after.id === recounted.id);
        if (i >= 0) changes[i] = { before: changes[i]!.before, after: recounted };
      }
      await repo.markUndone(q, a.id);
      return {
        outcome: { changes, ...(before.spotlight !== undefined ? { spotlight: before.spotlight } : {}), ...(before.premoderation !== undefined ? { premoderation: before.premoderation } : {}) },
        value: { undone: action, questionIds: a.question_ids },
        audit: { targetId: a.question_ids[0] ?? null, details: { undone: AUDIT_ACTION[action], actionId: a.id, questionIds: a.question_ids } },
      };
    });
  }
}
