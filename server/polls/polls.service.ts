import type { SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { CreatePollInput, InputPoll, PollDefinition, PollsFramePart, PollsSnapshot, PollState, UpdatePollInput, VoteInput, VoteResult } from '../../common/polls.contract';
import { toCsv } from '../../platform/csv';
import { isUniqueViolation, type Db, type Queryable } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { AddressLimit, Budget } from '../rate-limit';
import type { Coalescer } from '../realtime/coalescer';
import type { LivePart } from '../realtime/live-frames';
import { countsOf, normalizeChoices, results, resultsPublic } from './polls.model';
import { PollsRepo, type PollContent, type PollRecord } from './polls.repo';

export interface PollLimits {
  /** Votes (and changes of vote) per identity. */
  votes: Budget;
  /** Votes per IP address (a hall behind one NAT votes together). */
  ip: AddressLimit;
}

export interface PollsDeps {
  db: Db;
  agenda: AgendaService;
  roles: RolesService;
  audit: AuditService;
  part: LivePart<PollsFramePart>;
  limits: PollLimits;
  log: Logger;
}

/** What a vote needs to know of its poll; fixed once the poll left the draft state. */
interface VoteShape {
  sessionId: string;
  kind: PollDefinition['kind'];
  optionCount: number;
}

const SHAPES_KEPT = 10_000;
const definition = ({ forumId: _forumId, ...d }: PollRecord): PollDefinition => d;

/**
 * Live polls of a session: moderators prepare, open and close them; everyone votes once
 * per identity. Results are counted from the stored votes and pushed in the session's live
 * frame at most once per interval (the coalescer), hidden from viewers when the poll says so.
 */
export class PollsService {
  readonly #repo = new PollsRepo();
  readonly #shapes = new Map<string, VoteShape>();
  #results: Coalescer | undefined;

  constructor(private readonly d: PollsDeps) {}

  /** The coalescer and this service call each other; it is attached once both exist. */
  attachResults(c: Coalescer): void {
    this.#results = c;
  }

  async #moderated(actor: Actor, sessionId: string): Promise<SessionView> {
    const session = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'moderator', { forumId: session.forumId, sessionId });
    return session;
  }

  async #poll(pollId: string): Promise<PollRecord> {
    const p = await this.#repo.find(this.d.db, pollId);
    if (!p) throw new AppError('not_found', 'no such poll');
    return p;
  }

  /** The polls the caller may see, with the results they may see and their own choices. */
  async list(actor: Actor, sessionId: string): Promise<PollsSnapshot> {
    const session = await this.d.agenda.session(sessionId);
    const moderator = await this.d.roles.has(actor, 'moderator', { forumId: session.forumId, sessionId });
    const polls = (await this.#repo.list(this.d.db, sessionId)).filter((p) => moderator || p.state !== 'draft');
    const [tally, mine] = await Promise.all([this.#repo.tally(this.d.db, polls.map((p) => p.id)), this.#repo.myChoices(this.d.db, sessionId, actor.id)]);
    return {
      sessionId,
      polls: polls.map((p) => ({
        ...definition(p),
        results: results(p.id, 0, tally.get(p.id), p.options.length, moderator || resultsPublic(p)),
        myChoices: mine.get(p.id) ?? null,
      })),
    };
  }

  /** A draft for the session; its moderators and the forum's organizers, before or while it is live. */
  async create(actor: Actor, input: CreatePollInput): Promise<PollDefinition> {
    const session = await this.#moderated(actor, input.sessionId);
    if (session.state !== 'scheduled' && session.state !== 'live') throw new AppError('invalid_state', `the session is ${session.state}; polls are prepared before or during it`, { state: session.state });
    const content = contentOf(input);
    for (let attempt = 0; ; attempt++) {
      try {
        const id = await this.d.db.tx(async (q) => {
          const id = await this.#repo.insert(q, { sessionId: session.id, forumId: session.forumId, createdBy: actor.id }, content);
          await this.#audit(q, actor, session, 'poll.create', id);
          return id;
        });
        const poll = definition(await this.#poll(id));
        this.d.part.push(session.id, { polls: [poll] }, 'moderators');
        return poll;
      } catch (e) {
        // Two moderators creating at once took the same number: the next one is ours.
        if (!isUniqueViolation(e) || attempt >= 5) throw e;
      }
    }
  }

  /** Replaces a draft's content; moderators. */
  async update(actor: Actor, input: UpdatePollInput): Promise<PollDefinition> {
    const before = await this.#poll(input.pollId);
    const session = await this.#moderated(actor, before.sessionId);
    const changed = await this.d.db.tx(async (q) => {
      const ok = await this.#repo.update(q, before.id, contentOf(input));
      if (ok) await this.#audit(q, actor, session, 'poll.edit', before.id);
      return ok;
    });
    if (!changed) throw new AppError('invalid_state', 'only a draft can be edited', { state: before.state });
    const poll = definition(await this.#poll(before.id));
    this.d.part.push(session.id, { polls: [poll] }, 'moderators');
    return poll;
  }

  async remove(actor: Actor, pollId: string): Promise<{ pollId: string }> {
    const poll = await this.#poll(pollId);
    const session = await this.#moderated(actor, poll.sessionId);
    const deleted = await this.d.db.tx(async (q) => {
      const ok = await this.#repo.deleteDraft(q, pollId);
      if (ok) await this.#audit(q, actor, session, 'poll.delete', pollId);
      return ok;
    });
    if (!deleted) throw new AppError('invalid_state', 'only a draft can be deleted', { state: poll.state });
    this.d.part.push(session.id, { removed: [pollId] }, 'moderators');
    return { pollId };
  }

  /** Opens a draft (or reopens a closed poll) while the session is live. */
  async open(actor: Actor, pollId: string): Promise<PollDefinition> {
    const poll = await this.#poll(pollId);
    const session = await this.#moderated(actor, poll.sessionId);
    if (session.state !== 'live') throw new AppError('invalid_state', `the session is ${session.state}; polls open while it is live`, { state: session.state });
    return this.#transition(actor, session, poll, ['draft', 'closed'], 'open');
  }

  async close(actor: Actor, pollId: string): Promise<PollDefinition> {
    const poll = await this.#poll(pollId);
    const session = await this.#moderated(actor, poll.sessionId);
    return this.#transition(actor, session, poll, ['open'], 'closed');
  }

  async #transition(actor: Actor, session: SessionView, poll: PollRecord, from: PollState[], to: 'open' | 'closed'): Promise<PollDefinition> {
    const moved = await this.d.db.tx(async (q) => {
      const ok = await this.#repo.setState(q, poll.id, from, to);
      if (ok) await this.#audit(q, actor, session, to === 'open' ? 'poll.open' : 'poll.close', poll.id);
      return ok;
    });
    if (!moved) throw new AppError('invalid_state', `the poll is ${poll.state}`, { state: poll.state });
    const after = definition(await this.#poll(poll.id));
    this.#announce(session.id, [after]);
    return after;
  }

  /** Everyone learns the new state at once; the results follow with the next reading (now visible if the poll closed). */
  #announce(sessionId: string, polls: PollDefinition[]): void {
    if (!polls.length) return;
    this.d.part.push(sessionId, { polls });
    for (const p of polls) this.#results?.mark(sessionId, p.id);
  }

  /** One vote per identity; a new choice replaces the old one while the poll is open. Stored before it returns. */
  async vote(actor: Actor, ip: string, input: VoteInput): Promise<VoteResult> {
    await Promise.all([this.d.limits.ip.consume(ip), this.d.limits.votes.consume(actor.id)]);
    const shape = await this.#shape(input.pollId);
    const choices = normalizeChoices(shape, input.choices);
    const out = await this.#repo.vote(this.d.db, input.pollId, actor.id, choices);
    if (!out.open) {
      const p = await this.#repo.find(this.d.db, input.pollId);
      throw new AppError('invalid_state', `votes are taken while a poll is open; this one is ${p?.state ?? 'gone'}`, { state: p?.state });
    }
    if (out.changed) this.#results?.mark(shape.sessionId, input.pollId);
    return { pollId: input.pollId, choices, changed: out.changed };
  }

  /** A poll's kind and option count, kept in memory once it is out of draft (they cannot change then). */
  async #shape(pollId: string): Promise<VoteShape> {
    const hit = this.#shapes.get(pollId);
    if (hit) return hit;
    const p = await this.#poll(pollId);
    const shape = { sessionId: p.sessionId, kind: p.kind, optionCount: p.options.length };
    if (p.state !== 'draft') {
      if (this.#shapes.size >= SHAPES_KEPT) this.#shapes.clear();
      this.#shapes.set(pollId, shape);
    }
    return shape;
  }

  /**
   * Sends the current results of polls whose votes or state changed (the coalescer calls
   * this; `seq` numbers its flushes). Hidden results go only to the moderators; viewers
   * get the number of voters.
   */
  async flushResults(sessionId: string, pollIds: string[], seq: number): Promise<void> {
    const polls = (await Promise.all(pollIds.map((id) => this.#repo.find(this.d.db, id)))).filter((p): p is PollRecord => p !== undefined);
    const tally = await this.#repo.tally(this.d.db, polls.map((p) => p.id));
    const everyone = polls.map((p) => results(p.id, seq, tally.get(p.id), p.options.length, resultsPublic(p)));
    this.d.part.push(sessionId, { results: everyone });
    const hidden = polls.filter((p) => !resultsPublic(p));
    if (hidden.length) this.d.part.push(sessionId, { results: hidden.map((p) => results(p.id, seq, tally.get(p.id), p.options.length, true)) }, 'moderators');
  }

  /** Inside the session's end (or cancellation): its open polls close with it, so no vote lands after. */
  async closeWithSession(q: Queryable, sessionId: string): Promise<void> {
    const closed = await this.#repo.closeAll(q, sessionId);
    if (closed.length) this.d.log.info({ sessionId, polls: closed.length }, 'open polls closed with the session');
  }

  /** After the session ended: tell the room its polls closed. */
  async announceClosed(sessionId: string): Promise<void> {
    const polls = (await this.#repo.list(this.d.db, sessionId)).filter((p) => p.state === 'closed');
    this.#announce(sessionId, polls.map(definition));
  }

  /** Every poll that was opened, with its results, for the compiled documents. No access check: callers are server-side. */
  async exportForCompile(sessionId: string): Promise<InputPoll[]> {
    const polls = (await this.#repo.list(this.d.db, sessionId)).filter((p) => p.state !== 'draft');
    const tally = await this.#repo.tally(this.d.db, polls.map((p) => p.id));
    return polls.map((p) => ({
      id: p.id,
      number: p.number,
      kind: p.kind,
      question: p.question,
      options: p.options,
      hideResults: p.hideResults,
      state: p.state,
      openedAt: p.openedAt,
      closedAt: p.closedAt,
      voters: tally.get(p.id)?.voters ?? 0,
      counts: countsOf(p.options.length, tally.get(p.id)?.byOption),
    }));
  }

  /** The polls and results the caller may see, one row per option, as CSV (UTF-8 with BOM). */
  async csv(actor: Actor, sessionId: string): Promise<string> {
    const { polls } = await this.list(actor, sessionId);
    const rows = polls.flatMap((p) =>
      p.options.map((o) => [
        p.number,
        p.id,
        p.kind,
        p.state,
        p.question.kk ?? null,
        p.question.ru ?? null,
        p.question.en ?? null,
        o.index + 1,
        o.text?.kk ?? (o.text ? null : String(o.index + 1)),
        o.text?.ru ?? (o.text ? null : String(o.index + 1)),
        o.text?.en ?? (o.text ? null : String(o.index + 1)),
        p.results.counts ? p.results.counts[o.index]! : null,
        p.results.voters,
        p.openedAt,
        p.closedAt,
      ]),
    );
    return toCsv(['poll_number', 'poll_id', 'kind', 'state', 'question_kk', 'question_ru', 'question_en', 'option_number', 'option_kk', 'option_ru', 'option_en', 'votes', 'voters', 'opened_at', 'closed_at'], rows);
  }

  #audit(q: Queryable, actor: Actor, session: SessionView, action: string, pollId: string): Promise<void> {
    return this.d.audit.record(q, { actor, forumId: session.forumId, sessionId: session.id, domain: 'polls', action, targetId: pollId });
  }
}

function contentOf(i: { kind: PollContent['kind']; question: PollContent['question']; options: PollContent['options']; hideResults: boolean }): PollContent {
  return { kind: i.kind, question: i.question, options: i.kind === 'scale' ? [] : i.options, hideResults: i.hideResults };
}
