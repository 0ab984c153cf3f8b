import type { SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import {
  DEFAULT_TURN_SECONDS,
  type AskFloorInput,
  type DeclineFloorInput,
  type ExtendTurnInput,
  type FloorQueueView,
  type FloorRequestView,
  type FloorStatus,
  type MoveFloorInput,
  type MuteTurnInput,
  type OnAirInput,
  type StageView,
} from '../../common/floor.contract';
import { rooms } from '../../common/rooms';
import { isUniqueViolation, type Db, type Queryable } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { OrganizationsService } from '../organizations/organizations.service';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { RateLimit } from '../rate-limit';
import type { AppServer } from '../realtime/socket';
import * as repo from './floor.repo';
import type { Change, FloorRow } from './floor.repo';

/** What the floor asks of the media: the streaming module carries out a turn's publish right. */
export interface FloorMedia {
  /** The person's tracks in the session go on stage (everyone, program feed, recording). */
  onAir(sessionId: string, personId: string): void;
  /** Pauses or resumes the person's tracks in the session. */
  mute(sessionId: string, personId: string, muted: boolean): void;
  /** The publish right is gone: close the person's floor tracks in the session now. */
  revoke(sessionId: string, personId: string): void;
}

/** How often a process looks for turns whose time is up that its timers missed (another process started them, or it restarted). */
const SWEEP_MS = 2000;

/** Which moderator change is allowed from which status. */
const FROM: Record<Exclude<Change['to'], 'lapsed'>, readonly FloorStatus[]> = {
  invited: ['queued'],
  live: ['invited'],
  extend: ['live'],
  mute: ['invited', 'live'],
  done: ['invited', 'live'],
  withdrawn: ['queued', 'invited'],
  declined: ['queued', 'invited'],
};

const AUDIT: Record<Change['to'], string> = {
  invited: 'floor.invite',
  live: 'floor.turn.start',
  extend: 'floor.turn.extend',
  mute: 'floor.turn.mute',
  done: 'floor.turn.end',
  withdrawn: 'floor.withdraw',
  declined: 'floor.decline',
  lapsed: 'floor.lapse',
};

export interface FloorDeps {
  db: Db;
  agenda: AgendaService;
  roles: RolesService;
  audit: AuditService;
  organizations: OrganizationsService;
  media: FloorMedia;
  io: AppServer;
  askLimit: RateLimit;
  log: Logger;
}

/**
 * The floor queue and its turns. Every change is one transaction with its audit line and the
 * queue's version; the pushes go after commit. A turn's publish right is the request being
 * `invited` (green room, backstage) or `live` (on stage) in PostgreSQL: the streaming module
 * reads it on every publish, and is told to close the tracks when it ends.
 */
export class FloorService {
  readonly #timers = new Map<string, NodeJS.Timeout>();
  readonly #sweep: NodeJS.Timeout;

  constructor(private readonly d: FloorDeps) {
    this.#sweep = setInterval(() => void this.#sweepOverdue(), SWEEP_MS);
    this.#sweep.unref();
  }

  /** A citizen (or anyone with a display name) asks to speak in a live session. */
  async ask(actor: Actor, input: AskFloorInput): Promise<FloorRequestView> {
    const session = await this.#live(input.sessionId);
    if (!actor.displayName) throw new AppError('invalid_state', 'choose a display name before asking for the floor');
    await this.d.askLimit.consume(actor.id);
    const org = (await this.d.organizations.affiliations(session.forumId, [actor.id])).get(actor.id) ?? null;
    const id = await this.d.db
      .tx(async (q) => {
        const id = await repo.insert(q, {
          sessionId: session.id,
          forumId: session.forumId,
          personId: actor.id,
          personName: actor.displayName!,
          topic: input.topic,
          organization: input.organization ?? null,
          org,
        });
        await repo.bump(q, session.id);
        return id;
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw new AppError('conflict', 'you have already asked for the floor in this session');
        throw e;
      });
    const row = (await repo.find(this.d.db, id))!;
    this.d.log.info({ sessionId: session.id, requestId: id }, 'floor requested');
    await this.#publish(row, false);
    return row.view;
  }

  /** The caller takes their request back, or ends their own turn. */
  async withdraw(actor: Actor, requestId: string): Promise<FloorRequestView> {
    return this.#change(actor, requestId, (row) => {
      if (row.view.person.id !== actor.id) throw new AppError('forbidden', 'this is not your request');
      return row.view.status === 'live' ? { to: 'done' } : { to: 'withdrawn' };
    });
  }

  async mine(actor: Actor, sessionId: string): Promise<FloorRequestView | null> {
    await this.d.agenda.session(sessionId);
    return (await repo.latestOf(this.d.db, sessionId, actor.id))?.view ?? null;
  }

  async stage(sessionId: string): Promise<StageView> {
    await this.d.agenda.session(sessionId);
    return stageOf(sessionId, await repo.live(this.d.db, sessionId));
  }

  async queue(actor: Actor, sessionId: string): Promise<FloorQueueView> {
    const session = await this.d.agenda.session(sessionId);
    await this.d.roles.require(actor, 'moderator', { forumId: session.forumId, sessionId });
    return this.#queue(sessionId);
  }

  async move(actor: Actor, input: MoveFloorInput): Promise<FloorQueueView> {
    const row = await this.#located(input.requestId);
    await this.#moderator(actor, row);
    const sessionId = row.view.sessionId;
    await this.d.db.tx(async (q) => {
      const locked = (await repo.find(q, input.requestId, true))!;
      if (locked.view.status !== 'queued') throw new AppError('invalid_state', 'only a queued request can be moved');
      const ids = (await repo.open(q, sessionId)).filter((r) => r.view.status === 'queued').map((r) => r.view.id);
      const from = ids.indexOf(input.requestId);
      ids.splice(from, 1);
      const to = Math.min(input.position, ids.length);
      ids.splice(to, 0, input.requestId);
      await repo.reorder(q, sessionId, ids);
      await repo.bump(q, sessionId);
      await this.d.audit.record(q, { actor, forumId: row.forumId, sessionId, domain: 'floor', action: 'floor.move', targetId: input.requestId, details: { from, to } });
    });
    const queue = await this.#queue(sessionId);
    this.d.io.to(rooms.moderators(sessionId)).emit('floor:queueChanged', queue);
    return queue;
  }

  decline(actor: Actor, input: DeclineFloorInput): Promise<FloorRequestView> {
    return this.#moderate(actor, input.requestId, { to: 'declined', reason: input.reason });
  }

  invite(actor: Actor, requestId: string): Promise<FloorRequestView> {
    return this.#moderate(actor, requestId, { to: 'invited' });
  }

  onAir(actor: Actor, input: OnAirInput): Promise<FloorRequestView> {
    return this.#moderate(actor, input.requestId, { to: 'live', seconds: input.seconds ?? DEFAULT_TURN_SECONDS });
  }

  extend(actor: Actor, input: ExtendTurnInput): Promise<FloorRequestView> {
    return this.#moderate(actor, input.requestId, { to: 'extend', seconds: input.seconds });
  }

  mute(actor: Actor, input: MuteTurnInput): Promise<FloorRequestView> {
    return this.#moderate(actor, input.requestId, { to: 'mute', muted: input.muted });
  }

  end(actor: Actor, requestId: string): Promise<FloorRequestView> {
    return this.#moderate(actor, requestId, { to: 'done' });
  }

  /**
   * The publish right the person holds in the session now: a request `invited` (backstage) or
   * `live` (on stage, time not up). Read from PostgreSQL on every publish: never a client flag.
   */
  async grant(sessionId: string, personId: string): Promise<{ requestId: string; onAir: boolean; muted: boolean } | undefined> {
    const row = await repo.latestOf(this.d.db, sessionId, personId);
    if (!row) return undefined;
    const v = row.view;
    if (v.status === 'invited') return { requestId: v.id, onAir: false, muted: v.muted };
    if (v.status === 'live' && v.endsAt && Date.parse(v.endsAt) > Date.now()) return { requestId: v.id, onAir: true, muted: v.muted };
    return undefined;
  }

  /** The session is over: the live turn ends, the rest lapse, every publish right goes. */
  async endSession(sessionId: string): Promise<void> {
    const ids = await this.d.db.tx(async (q) => {
      const ids = await repo.closeSession(q, sessionId);
      if (ids.length) await repo.bump(q, sessionId);
      return ids;
    });
    for (const id of ids) {
      this.#clearTimer(id);
      const row = (await repo.find(this.d.db, id))!;
      this.d.media.revoke(sessionId, row.view.person.id);
      this.d.io.to(rooms.person(row.view.person.id)).emit('floor:requestChanged', row.view);
    }
    if (ids.length) await this.#publish(undefined, true, sessionId);
  }

  /** The turns of these sessions, in order, for the compiled documents. */
  async turns(sessionIds: readonly string[]): Promise<FloorRequestView[]> {
    return (await repo.turns(this.d.db, sessionIds)).map((r) => r.view);
  }

  close(): void {
    clearInterval(this.#sweep);
    for (const t of this.#timers.values()) clearTimeout(t);
    this.#timers.clear();
  }

  async #moderate(actor: Actor, requestId: string, change: Change): Promise<FloorRequestView> {
    const row = await this.#located(requestId);
    await this.#moderator(actor, row);
    return this.#change(actor, requestId, () => change);
  }

  /** Locks the request, decides the change, applies it with its audit line, then tells everyone concerned. */
  async #change(actor: Actor, requestId: string, decide: (row: FloorRow) => Change, cause?: string): Promise<FloorRequestView> {
    const before = await this.#located(requestId);
    if (before.view.status === 'queued' || before.view.status === 'invited' || before.view.status === 'live') await this.#live(before.view.sessionId);
    const { after, change } = await this.d.db
      .tx(async (q) => {
        const row = (await repo.find(q, requestId, true))!;
        const change = decide(row);
        if (change.to !== 'lapsed' && !FROM[change.to].includes(row.view.status)) {
          throw new AppError('invalid_state', `a request that is ${row.view.status} cannot be ${change.to === 'live' ? 'put on air' : change.to}`);
        }
        await repo.apply(q, requestId, change);
        await repo.bump(q, row.view.sessionId);
        await this.#audit(q, actor, row, change, cause);
        return { after: (await repo.find(q, requestId))!, change };
      })
      .catch((e: unknown) => {
        if (isUniqueViolation(e)) throw new AppError('conflict', 'someone else has the floor; end their turn first');
        throw e;
      });
    const { sessionId, person } = after.view;
    if (change.to === 'live') {
      this.d.media.onAir(sessionId, person.id);
      this.#schedule(after.view);
    } else if (change.to === 'extend') {
      this.#schedule(after.view);
    } else if (change.to === 'mute') {
      this.d.media.mute(sessionId, person.id, change.muted);
    } else if (change.to !== 'invited') {
      this.#clearTimer(requestId);
      this.d.media.revoke(sessionId, person.id);
    }
    this.d.log.info({ sessionId, requestId, change: change.to, actorId: actor.id, cause }, 'floor changed');
    await this.#publish(after, before.view.status === 'live' || after.view.status === 'live');
    return after.view;
  }

  #audit(q: Queryable, actor: Actor, row: FloorRow, change: Change, cause: string | undefined): Promise<void> {
    const v = row.view;
    const details: Record<string, unknown> = { person: v.person, topic: v.topic, from: v.status };
    if ('seconds' in change) details.seconds = change.seconds;
    if ('muted' in change) details.muted = change.muted;
    if (cause) details.cause = cause;
    return this.d.audit.record(q, {
      actor,
      forumId: row.forumId,
      sessionId: v.sessionId,
      domain: 'floor',
      action: AUDIT[change.to],
      targetId: v.id,
      reason: change.to === 'declined' ? change.reason : null,
      details,
    });
  }

  /** Pushes the queue to moderators, the request to its author, and the stage to the room when it changed. */
  async #publish(row: FloorRow | undefined, stageChanged: boolean, sessionId = row!.view.sessionId): Promise<void> {
    if (row) this.d.io.to(rooms.person(row.view.person.id)).emit('floor:requestChanged', row.view);
    this.d.io.to(rooms.moderators(sessionId)).emit('floor:queueChanged', await this.#queue(sessionId));
    if (stageChanged) this.d.io.to(rooms.session(sessionId)).emit('floor:stageChanged', await this.stage(sessionId));
  }

  async #queue(sessionId: string): Promise<FloorQueueView> {
    // The version first: a change between the two reads shows up as a newer version later, never as a stale queue under a new number.
    const version = await repo.version(this.d.db, sessionId);
    return { sessionId, version, requests: (await repo.open(this.d.db, sessionId)).map((r) => r.view) };
  }

  async #located(requestId: string): Promise<FloorRow> {
    const row = await repo.find(this.d.db, requestId);
    if (!row) throw new AppError('not_found', 'no such request to speak');
    return row;
  }

  #moderator(actor: Actor, row: FloorRow): Promise<void> {
    return this.d.roles.require(actor, 'moderator', { forumId: row.forumId, sessionId: row.view.sessionId });
  }

  async #live(sessionId: string): Promise<SessionView> {
    const session = await this.d.agenda.session(sessionId);
    if (session.state !== 'live') throw new AppError('invalid_state', 'the floor is open while the session is live');
    return session;
  }

  #schedule(v: FloorRequestView): void {
    this.#clearTimer(v.id);
    if (!v.endsAt) return;
    const t = setTimeout(() => void this.#expire(v.id), Math.max(0, Date.parse(v.endsAt) - Date.now()));
    t.unref();
    this.#timers.set(v.id, t);
  }

  #clearTimer(id: string): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  /** Time is up: the turn ends as if the moderator ended it (the audit line says why). */
  async #expire(requestId: string): Promise<void> {
    this.#clearTimer(requestId);
    try {
      const row = await this.#located(requestId);
      const v = row.view;
      if (v.status !== 'live' || !v.endsAt || Date.parse(v.endsAt) > Date.now()) return;
      const speaker: Actor = { kind: 'citizen', id: v.person.id, displayName: v.person.displayName };
      await this.#change(speaker, requestId, (r) => {
        if (r.view.status !== 'live' || !r.view.endsAt || Date.parse(r.view.endsAt) > Date.now()) throw new AppError('invalid_state', 'extended meanwhile');
        return { to: 'done' };
      }, 'time_up');
    } catch (err) {
      // Extended or ended meanwhile: nothing to do.
      if (!(err instanceof AppError)) this.d.log.error({ err, requestId }, 'a turn whose time was up could not be ended');
    }
  }

  async #sweepOverdue(): Promise<void> {
    try {
      for (const id of await repo.overdue(this.d.db)) await this.#expire(id);
    } catch (err) {
      this.d.log.warn({ err }, 'floor sweep failed');
    }
  }
}

function stageOf(sessionId: string, row: FloorRow | undefined): StageView {
  const v = row?.view;
  if (!v || !v.startedAt || !v.endsAt) return { sessionId, turn: null };
  return {
    sessionId,
    turn: { requestId: v.id, person: v.person, topic: v.topic, organization: v.organization, org: v.org, startedAt: v.startedAt, endsAt: v.endsAt, muted: v.muted },
  };
}
