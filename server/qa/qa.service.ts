import type { Lang } from '../../common/base';
import type { OrgRef } from '../../common/organizations.contract';
import { AppError } from '../../common/errors';
import type { z } from 'zod';
import type { Flag, ModQuestionView, MyQuestionView, QaSnapshot, QuestionStatus, QueueSnapshot, VoteResult } from '../../common/qa.contract';
import { ModerationAction, VOTE_BURST, type AskInput, type VoteBursts } from '../../common/qa.contract';
import type { AuditService } from '../audit/audit.service';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { Actor } from '../people/actor';
import type { IpHasher } from '../people/ip-hash';
import type { PeopleService } from '../people/people.service';
import type { RolesService } from '../people/roles.service';
import type { AddressLimit, Budget, RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import type { Blocklist } from './blocklist';
import type { QaBroadcaster } from './qa.broadcast';
import { commit } from './qa.commit';
import type { QuestionDirectory } from './qa.directory';
import * as repo from './qa.repo';
import { normalizeForMatch } from './qa.text';
import { modView, myView, publicView } from './qa.views';
import type { Coalescer } from '../realtime/coalescer';

export interface QaLimits {
  /** Questions per identity. */
  questions: RateLimit;
  /** Votes and withdrawals per identity. */
  votes: Budget;
  /** Questions and votes together per IP address. */
  ip: AddressLimit;
}

export interface QaDeps {
  db: Db;
  sessions: SessionsService;
  roles: RolesService;
  people: PeopleService;
  audit: AuditService;
  broadcaster: QaBroadcaster;
  directory: QuestionDirectory;
  limits: QaLimits;
  /** Votes one address may give one question. */
  votesPerQuestionPerAddress: number;
  ips: IpHasher;
  blocklist: Blocklist;
  log: Logger;
}

export interface QuestionRecord {
  id: string;
  sessionId: string;
  forumId: string;
  text: string;
  originalText: string | null;
  lang: Lang;
  authorName: string | null;
  votes: number;
  status: QuestionStatus;
  createdAt: string;
  answeredAt: string | null;
}

/** What the recommendations compiler reads from a session's Q&A. */
export interface CompileExport {
  counts: { asked: number; approved: number; answered: number };
  /** authorName is null if anonymous (or no name given); authorId is null if anonymous. */
  questions: Array<Omit<QuestionRecord, 'sessionId' | 'forumId'> & { authorId: string | null }>;
}


/** Citizens' side of the Q&A (asking, voting, reading) and the exports other domains use. */
export class QaService {
  private ranking: Coalescer | undefined;

  constructor(private readonly d: QaDeps) {}

  /** The coalescer and this service call each other; it is attached once both exist. */
  attachRanking(ranking: Coalescer): void {
    this.ranking = ranking;
  }

  private async liveSession(sessionId: string) {
    const s = await this.d.sessions.info(sessionId);
    if (s.state !== 'live') throw new AppError('invalid_state', `the session is ${s.state}; questions and votes are open while it is live`, { state: s.state });
    return s;
  }

  /**
   * Public state at one version, plus the caller's own questions and votes. Read in one
   * repeatable-read transaction so the lists and the version agree.
   */
  async snapshot(actor: Actor, sessionId: string): Promise<QaSnapshot> {
    await this.d.sessions.info(sessionId);
    return this.d.db.tx(async (q) => {
      await repo.readOneInstant(q);
      const st = await repo.findQaSession(q, sessionId);
      const pub = await repo.listByStatus(q, sessionId, ['approved', 'answered']);
      const mine = await repo.listMine(q, sessionId, actor.id);
      const myVotes = await repo.myVotes(q, sessionId, actor.id);
      const answered = pub.filter((x) => x.status === 'answered').sort((a, b) => (b.answeredAt ?? '').localeCompare(a.answeredAt ?? ''));
      const spot = st?.spotlight_id ? pub.find((x) => x.id === st.spotlight_id) : undefined;
      return {
        sessionId,
        version: st?.version ?? 0,
        premoderation: st?.premoderation ?? true,
        approved: pub.filter((x) => x.status === 'approved').map(publicView),
        answered: answered.map(publicView),
        spotlight: spot ? publicView(spot) : null,
        mine: mine.map(myView),
        myVotes,
      };
    });
  }

  /** The moderators' pending queue (flagged first) and what the caller could undo. */
  async queue(actor: Actor, sessionId: string): Promise<QueueSnapshot> {
    const s = await this.d.sessions.info(sessionId);
    await this.d.roles.require(actor, 'moderator', { forumId: s.forumId, sessionId });
    return this.d.db.tx(async (q) => {
      await repo.readOneInstant(q);
      const st = await repo.findQaSession(q, sessionId);
      const pending = await repo.listPending(q, sessionId);
      const last = await repo.lastAction(q, sessionId, actor.id);
      const action = last && ModerationAction.safeParse(last.action);
      return {
        sessionId,
        queueVersion: st?.queue_version ?? 0,
        pending: pending.map(modView),
        undoable: last && action?.success ? { action: action.data, questionIds: last.question_ids, at: new Date(last.created_at).toISOString() } : null,
      };
    });
  }

  /** Approved questions whose recent votes came in a burst from few addresses (see {@link VOTE_BURST}). */
  async voteBursts(actor: Actor, sessionId: string): Promise<VoteBursts> {
    const s = await this.d.sessions.info(sessionId);
    await this.d.roles.require(actor, 'moderator', { forumId: s.forumId, sessionId });
    const rows = await repo.voteBursts(this.d.db, sessionId, VOTE_BURST.windowMinutes * 60, VOTE_BURST.minVotes, VOTE_BURST.minTopShare);
    return {
      sessionId,
      windowMinutes: VOTE_BURST.windowMinutes,
      bursts: rows.map((r) => ({ questionId: r.questionId, recentVotes: r.recent, topNetworkShare: r.top / r.recent })),
    };
  }

  /** One question with everything moderators may see. */
  async inspect(actor: Actor, questionId: string): Promise<ModQuestionView> {
    const where = await this.d.directory.locate(questionId);
    await this.d.roles.require(actor, 'moderator', where);
    const q = await repo.findQuestion(this.d.db, questionId);
    return modView(q!);
  }

  /**
   * Asks a question. Stored before it is acknowledged; approved at once unless the session
   * is pre-moderated or the text is flagged (blocklist, or someone else asked the same).
   */
  async ask(actor: Actor, ip: string, input: z.output<typeof AskInput>): Promise<MyQuestionView> {
    await this.d.limits.ip.consume(ip);
    await this.d.limits.questions.consume(actor.id);
    const session = await this.liveSession(input.sessionId);
    const normalized = normalizeForMatch(input.text);
    if (!normalized) throw new AppError('invalid_input', 'the question has no words');
    const matchedWords = this.d.blocklist.match(input.text);
    // The socket's actor was read at connect; a citizen may have named themselves since.
    const authorName = actor.kind === 'citizen' ? (await this.d.people.citizen(actor.id)).displayName : actor.displayName;
    const { created, committed } = await this.d.db
      .tx(async (q) => {
        const st = await repo.lockQaSession(q, session.id, session.forumId);
        if (await repo.findOwnRepeat(q, session.id, actor.id, normalized)) throw new AppError('conflict', 'you have already asked this question');
        const duplicateOf = (await repo.findSameText(q, session.id, actor.id, normalized)) ?? null;
        const flags: Flag[] = [];
        if (matchedWords.length) flags.push('blocklist');
        if (duplicateOf) flags.push('duplicate');
        const created = await repo.insertQuestion(q, {
          sessionId: session.id,
          forumId: session.forumId,
          authorId: actor.id,
          authorName,
          anonymous: input.anonymous,
          lang: input.lang,
          text: input.text,
          normalized,
          status: st.premoderation || flags.length ? 'pending' : 'approved',
          flags,
          matchedWords,
          duplicateOf,
        });
        return { created, committed: await commit(q, st, { changes: [{ before: null, after: created }] }) };
      })
      .catch((e: unknown) => {
        // Two tabs submitting the same text at once: the unique index catches the second.
        if (isUniqueViolation(e)) throw new AppError('conflict', 'you have already asked this question');
        throw e;
      });
    this.d.directory.remember(created.id, { sessionId: created.sessionId, forumId: created.forumId });
    this.d.broadcaster.publish(session.id, committed.plan, committed.publicFrom, committed.queueFrom);
    this.d.log.info({ sessionId: session.id, questionId: created.id, status: created.status, flags: created.flags }, 'question asked');
    return myView(created);
  }

  /**
   * One vote per person per question; voting again (or withdrawing twice) changes nothing.
   * One address gives a question at most `votesPerQuestionPerAddress` votes, so identities
   * made by the hundred behind one address do not add up.
   */
  async vote(actor: Actor, ip: string, questionId: string, up: boolean): Promise<VoteResult> {
    await Promise.all([this.d.limits.ip.consume(ip), this.d.limits.votes.consume(actor.id)]);
    const where = await this.d.directory.locate(questionId);
    await this.liveSession(where.sessionId);
    const origin = { address: this.d.ips.address(ip), network: this.d.ips.network(ip) };
    const perAddress = this.d.votesPerQuestionPerAddress;
    const out = up
      ? await repo.addVote(this.d.db, questionId, actor.id, origin, perAddress)
      : await repo.removeVote(this.d.db, questionId, actor.id);
    if (up && 'capped' in out && out.capped) {
      throw new AppError('rate_limited', 'this question already has as many votes from your network as one address may give', { limit: perAddress });
    }
    if (!out.open) {
      const q = await repo.findQuestion(this.d.db, questionId);
      throw new AppError('invalid_state', `votes are for approved questions; this one is ${q?.status ?? 'gone'}`, { status: q?.status });
    }
    if (out.changed) this.ranking?.mark(where.sessionId, questionId);
    return { questionId, votes: out.votes, voted: up };
  }

  /**
   * Broadcasts the current counts of questions whose votes changed (the coalescer calls this,
   * `seq` numbering its flushes). Counts and version are read in one statement, so `asOf`
   * tells clients exactly which changes the counts already include.
   */
  async flushRanking(sessionId: string, questionIds: string[], seq: number): Promise<void> {
    const { asOf, votes } = await repo.rankingOf(this.d.db, sessionId, questionIds);
    if (votes.length) this.d.broadcaster.ranking(sessionId, { asOf, seq, votes });
  }

  /**
   * Everything the recommendations compiler needs from a session's Q&A: the counts, and its
   * questions; with `answeredOr`, only the answered ones and those ids (what a compilation
   * uses), so a session of 10,000 questions is not read whole on the API's event loop.
   * No access check: callers are server-side.
   */
  async exportForCompile(sessionId: string, answeredOr?: readonly string[]): Promise<CompileExport> {
    const [counts, all] = await Promise.all([repo.countsOf(this.d.db, sessionId), repo.listAll(this.d.db, sessionId, answeredOr)]);
    return {
      counts,
      questions: all.map((q) => ({
        id: q.id,
        text: q.text,
        originalText: q.originalText,
        lang: q.lang,
        authorName: q.anonymous ? null : q.authorName,
        authorId: q.anonymous ? null : q.authorId,
        votes: q.votes,
        status: q.status,
        createdAt: q.createdAt,
        answeredAt: q.answeredAt,
      })),
    };
  }

  /** A question by id; throws not_found. No access check: callers are server-side. */
  async getQuestion(questionId: string): Promise<QuestionRecord> {
    const q = await repo.findQuestion(this.d.db, questionId);
    if (!q) throw new AppError('not_found', 'no such question');
    return {
      id: q.id,
      sessionId: q.sessionId,
      forumId: q.forumId,
      text: q.text,
      originalText: q.originalText,
      lang: q.lang,
      authorName: q.anonymous ? null : q.authorName,
      votes: q.votes,
      status: q.status,
      createdAt: q.createdAt,
      answeredAt: q.answeredAt,
    };
  }

  /** The organization each question's asker speaks for, for the questions not asked anonymously (as the question views show it). */
  async askersOrganizations(questionIds: readonly string[]): Promise<Map<string, OrgRef>> {
    const out = new Map<string, OrgRef>();
    if (!questionIds.length) return out;
    for (const q of await repo.findQuestions(this.d.db, [...new Set(questionIds)])) {
      if (!q.anonymous && q.organization) out.set(q.id, q.organization);
    }
    return out;
  }

  /**
   * Whom an author speaks for in the forum changed (`previous` before): their questions in the
   * forum's live sessions show it now, to viewers and moderators, without waiting for a reload.
   */
  async refreshAuthor(forumId: string, personId: string, previous: OrgRef | null): Promise<void> {
    for (const sessionId of await repo.sessionsAskedIn(this.d.db, forumId, personId)) {
      if ((await this.d.sessions.info(sessionId)).state !== 'live') continue;
      const committed = await this.d.db.tx(async (q) => {
        const st = await repo.lockQaSession(q, sessionId, forumId);
        const changes = (await repo.listMine(q, sessionId, personId)).map((after) => ({ before: { ...after, organization: previous }, after }));
        return commit(q, st, { changes });
      });
      this.d.broadcaster.publish(sessionId, committed.plan, committed.publicFrom, committed.queueFrom);
    }
  }

  /** The questions a person asked in a forum under their name (what carries their organization). */
  namedQuestionsOf(forumId: string, personId: string): Promise<string[]> {
    return repo.namedQuestionsOf(this.d.db, forumId, personId);
  }
}
