import type { SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type {
  RecEditInput,
  RecList,
  RecMergeInput,
  RecPromoteInput,
  RecSetStateInput,
  RecState,
  RecSubmitInput,
  RecView,
} from '../../common/recs.contract';
import type { z } from 'zod';
import type { RecEndorseInput } from '../../common/recs.contract';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { OrgRef } from '../../common/organizations.contract';
import type { OrganizationsService } from '../organizations/organizations.service';
import type { QaService } from '../qa/qa.service';
import type { AddressLimit, RateLimit } from '../rate-limit';
import type { AppServer } from '../realtime/socket';
import * as repo from './recs.repo';

/** Rooms for live recommendation updates; a socket joins them through `recs:list`. */
export const recsRooms = {
  public: (sessionId: string) => `session:${sessionId}:recs`,
  moderators: (sessionId: string) => `session:${sessionId}:recs:mod`,
};

export interface RecsLimits {
  submit: RateLimit;
  endorse: RateLimit;
  ip: AddressLimit;
}

export interface RecsDeps {
  db: Db;
  agenda: AgendaService;
  qa: Pick<QaService, 'getQuestion' | 'askersOrganizations' | 'namedQuestionsOf'>;
  roles: RolesService;
  audit: AuditService;
  io: AppServer;
  limits: RecsLimits;
  organizations: Pick<OrganizationsService, 'affiliations'>;
  log: Logger;
}


/**
 * Collecting recommendations during a session: citizens submit and endorse, moderators
 * promote questions, edit, merge and hide. Every change is committed before it is
 * acknowledged or broadcast, and every moderator action is audited with it.
 */
export class RecsService {
  constructor(private readonly d: RecsDeps) {}

  /**
   * Views with the organization behind each item: its author's, or for an item made from a
   * question the asker's (a moderator only promoted it), as the compiled documents count it.
   */
  private async views(rows: repo.RecRow[]): Promise<RecView[]> {
    const citizens = rows.filter((r) => r.origin === 'citizen');
    const fromQuestions = rows.flatMap((r) => (r.origin === 'question' && r.source_question_id ? [r.source_question_id] : []));
    const [authors, askers] = await Promise.all([
      citizens.length ? this.d.organizations.affiliations(rows[0]!.forum_id, citizens.map((r) => r.author_id)) : new Map<string, OrgRef>(),
      this.d.qa.askersOrganizations(fromQuestions),
    ]);
    const orgOf = (r: repo.RecRow) => (r.origin === 'citizen' ? authors.get(r.author_id) : r.source_question_id ? askers.get(r.source_question_id) : undefined);
    return rows.map((r) => repo.toView(r, orgOf(r) ?? null));
  }

  private async view(row: repo.RecRow): Promise<RecView> {
    return (await this.views([row]))[0]!;
  }

  private async liveSession(sessionId: string): Promise<SessionView> {
    const s = await this.d.agenda.session(sessionId);
    if (s.state !== 'live') throw new AppError('invalid_state', 'recommendations are taken while the session is live', { state: s.state });
    return s;
  }

  private async moderatedSession(actor: Actor, sessionId: string): Promise<SessionView> {
    const s = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'moderator', { forumId: s.forumId, sessionId: s.id });
    if (s.state === 'cancelled' || s.state === 'scheduled') throw new AppError('invalid_state', `the session is ${s.state}`, { state: s.state });
    return s;
  }

  /** A citizen (or anyone present) puts forward a recommendation during a live session. */
  async submit(actor: Actor, ip: string, input: RecSubmitInput): Promise<RecView> {
    const s = await this.liveSession(input.sessionId);
    await this.d.limits.ip.consume(ip);
    await this.d.limits.submit.consume(actor.id);
    const row = await repo.insertRec(this.d.db, {
      forumId: s.forumId,
      sessionId: s.id,
      text: input.text,
      lang: input.lang,
      addressee: input.addressee ?? null,
      state: 'open',
      origin: 'citizen',
      sourceQuestionId: null,
      answer: null,
      authorId: actor.id,
      authorKind: actor.kind,
      authorName: actor.displayName,
    });
    const view = await this.view(row);
    this.d.log.info({ sessionId: s.id, recommendationId: row.id }, 'recommendation submitted');
    this.d.io.to(recsRooms.public(s.id)).emit('recs:created', view);
    return view;
  }

  /** One endorsement per identity, on someone else's open item, while the session is live. */
  async endorse(actor: Actor, ip: string, input: z.output<typeof RecEndorseInput>): Promise<{ id: string; endorsements: number; endorsed: boolean }> {
    const current = await repo.findRec(this.d.db, input.recommendationId);
    if (!current) throw new AppError('not_found', 'no such recommendation');
    await this.liveSession(current.session_id);
    await this.d.limits.ip.consume(ip);
    await this.d.limits.endorse.consume(actor.id);
    const result = await this.d.db.tx(async (q) => {
      const r = (await repo.findRec(q, input.recommendationId, true))!;
      if (r.state !== 'open') throw new AppError('invalid_state', 'only open recommendations can be endorsed', { state: r.state });
      if (r.author_id === actor.id) throw new AppError('invalid_input', 'you cannot endorse your own recommendation');
      const count = input.endorse ? await repo.addEndorsement(q, r.id, actor.id) : await repo.removeEndorsement(q, r.id, actor.id);
      return { id: r.id, sessionId: r.session_id, endorsements: count ?? r.endorsements, changed: count !== undefined };
    });
    if (result.changed) this.d.io.to(recsRooms.public(result.sessionId)).emit('recs:support', { id: result.id, sessionId: result.sessionId, endorsements: result.endorsements });
    return { id: result.id, endorsements: result.endorsements, endorsed: input.endorse };
  }

  /** The session's items: open ones for everyone; moderators also see drafts, hidden and merged ones. */
  async list(actor: Actor, sessionId: string): Promise<RecList> {
    const s = await this.d.agenda.session(sessionId);
    const canModerate = await this.d.roles.has(actor, 'moderator', { forumId: s.forumId, sessionId: s.id });
    const states: RecState[] = canModerate ? ['draft', 'open', 'hidden', 'merged'] : ['open'];
    const [rows, endorsed] = await Promise.all([repo.listRecs(this.d.db, s.id, states), repo.endorsedIn(this.d.db, s.id, actor.id)]);
    return { items: await this.views(rows), endorsed, canModerate };
  }

  /** A moderator turns a question (optionally with the answer given) into a draft recommendation. */
  async promote(actor: Actor, input: RecPromoteInput): Promise<RecView> {
    const question = await this.d.qa.getQuestion(input.questionId);
    const s = await this.moderatedSession(actor, question.sessionId);
    if (input.answer && question.status !== 'answered') throw new AppError('invalid_state', 'only an answered question can be promoted with its answer', { status: question.status });
    if (question.status === 'rejected') throw new AppError('invalid_state', 'a rejected question cannot be promoted');
    try {
      const row = await this.d.db.tx(async (q) => {
        const r = await repo.insertRec(q, {
          forumId: s.forumId,
          sessionId: s.id,
          text: input.text ?? question.text,
          lang: input.lang ?? question.lang,
          addressee: input.addressee ?? null,
          state: 'draft',
          origin: 'question',
          sourceQuestionId: question.id,
          answer: input.answer ?? null,
          authorId: actor.id,
          authorKind: actor.kind,
          // The question's asker is the author; compilations take the name from the Q&A export.
          authorName: null,
        });
        await this.d.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'recs', action: 'recommendation.promote', targetId: r.id, details: { questionId: question.id, withAnswer: Boolean(input.answer) } });
        return r;
      });
      const view = await this.view(row);
      this.d.io.to(recsRooms.moderators(s.id)).emit('recs:created', view);
      return view;
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'this question is already a recommendation');
      throw e;
    }
  }

  /** A moderator changes an item's text, language or addressee; the audit keeps the before and after. */
  async edit(actor: Actor, input: RecEditInput): Promise<RecView> {
    const current = await repo.findRec(this.d.db, input.recommendationId);
    if (!current) throw new AppError('not_found', 'no such recommendation');
    const s = await this.moderatedSession(actor, current.session_id);
    const row = await this.d.db.tx(async (q) => {
      const r = (await repo.findRec(q, current.id, true))!;
      if (r.state === 'merged') throw new AppError('invalid_state', 'a merged item is edited through the item it was merged into');
      const next = await repo.updateRec(q, r.id, { text: input.text, lang: input.lang, addressee: input.addressee });
      await this.d.audit.record(q, {
        actor,
        forumId: s.forumId,
        sessionId: s.id,
        domain: 'recs',
        action: 'recommendation.edit',
        targetId: r.id,
        reason: input.reason ?? null,
        details: { before: { text: r.text, lang: r.lang, addressee: r.addressee }, after: { text: next.text, lang: next.lang, addressee: next.addressee } },
      });
      return next;
    });
    return this.broadcastChange(row.state, row);
  }

  /** A moderator opens a draft, hides an item, or brings a hidden one back. */
  async setState(actor: Actor, input: RecSetStateInput): Promise<RecView> {
    const current = await repo.findRec(this.d.db, input.recommendationId);
    if (!current) throw new AppError('not_found', 'no such recommendation');
    const s = await this.moderatedSession(actor, current.session_id);
    const { before, row } = await this.d.db.tx(async (q) => {
      const r = (await repo.findRec(q, current.id, true))!;
      if (r.state === 'merged') throw new AppError('invalid_state', 'a merged item cannot change state');
      if (r.state === input.state) return { before: r.state, row: r };
      const next = await repo.updateRec(q, r.id, { state: input.state });
      const action = input.state === 'hidden' ? 'recommendation.hide' : input.state === 'draft' ? 'recommendation.unpublish' : r.state === 'draft' ? 'recommendation.publish' : 'recommendation.restore';
      await this.d.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'recs', action, targetId: r.id, reason: input.reason ?? null, details: { from: r.state, to: input.state } });
      return { before: r.state, row: next };
    });
    return this.broadcastChange(before, row);
  }

  /** A moderator folds items into a target: they leave the public list and count for the target's group. */
  async merge(actor: Actor, input: RecMergeInput): Promise<RecView> {
    const target = await repo.findRec(this.d.db, input.targetId);
    if (!target) throw new AppError('not_found', 'no such recommendation');
    const s = await this.moderatedSession(actor, target.session_id);
    const { targetRow, sources } = await this.d.db.tx(async (q) => {
      const rows = await repo.lockRecs(q, [input.targetId, ...input.sourceIds]);
      const byId = new Map(rows.map((r) => [r.id, r]));
      const t = byId.get(input.targetId)!;
      if (t.state !== 'open' && t.state !== 'draft') throw new AppError('invalid_state', 'the target must be open or a draft', { state: t.state });
      const srcs = input.sourceIds.map((id) => {
        const r = byId.get(id);
        if (!r || r.session_id !== t.session_id) throw new AppError('invalid_input', 'every item must exist and belong to the same session', { id });
        if (r.state === 'merged') throw new AppError('invalid_state', 'an item is already merged', { id });
        return r;
      });
      const merged = [];
      for (const r of srcs) merged.push({ before: r.state, row: await repo.updateRec(q, r.id, { state: 'merged', mergedInto: t.id }) });
      await repo.repointMerged(q, input.sourceIds, t.id);
      await this.d.audit.record(q, { actor, forumId: s.forumId, sessionId: s.id, domain: 'recs', action: 'recommendation.merge', targetId: t.id, reason: input.reason ?? null, details: { sources: input.sourceIds } });
      return { targetRow: t, sources: merged };
    });
    for (const m of sources) await this.broadcastChange(m.before, m.row);
    return this.view(targetRow);
  }

  /**
   * Whom a person speaks for in the forum changed: their drafts and open items, and those made
   * from their questions, go out again with the organization they show now.
   */
  async refreshAuthor(forumId: string, personId: string): Promise<void> {
    const questions = await this.d.qa.namedQuestionsOf(forumId, personId);
    for (const row of await repo.recsShowing(this.d.db, forumId, personId, questions)) await this.broadcastChange(row.state, row);
  }

  /**
   * Moderators see every change; the public list gains an item when it becomes open
   * and loses it when it stops being open.
   */
  private async broadcastChange(before: RecState, row: repo.RecRow): Promise<RecView> {
    const view = await this.view(row);
    const pub = recsRooms.public(row.session_id);
    const mod = recsRooms.moderators(row.session_id);
    this.d.io.to(mod).emit('recs:updated', view);
    if (row.state === 'open') this.d.io.to(pub).except(mod).emit('recs:updated', view);
    else if (before === 'open') this.d.io.to(pub).except(mod).emit('recs:removed', { id: row.id, sessionId: row.session_id });
    return view;
  }
}
