import type { SessionView } from '../../common/agenda.contract';
import { AppError } from '../../common/errors';
import type { MyRatings, RateInput, Rated, RatingWindow } from '../../common/ratings.contract';
import type { Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { AddressLimit, RateLimit } from '../rate-limit';
import * as repo from './ratings.repo';
import { findRec } from './recs.repo';

export interface RatingsDeps {
  db: Db;
  agenda: Pick<AgendaService, 'session' | 'forum'>;
  roles: RolesService;
  audit: AuditService;
  limits: { rate: RateLimit; ip: AddressLimit };
  /** The review window of forums that set none (RATING_REVIEW_HOURS). */
  defaultHours: number;
  log: Logger;
  now?: () => number;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const view = (r: repo.RatingRow): Rated => ({ recommendationId: r.recommendation_id, value: r.value, updatedAt: iso(r.updated_at) });

/**
 * Agree / disagree / pass on a session's open recommendations, by citizens and
 * representatives alike: one rating per identity, changeable, while the session is live
 * and for the forum's review window after it ends. Stored before it is acknowledged.
 */
export class RatingsService {
  private readonly now: () => number;
  constructor(private readonly d: RatingsDeps) {
    this.now = d.now ?? Date.now;
  }

  async hoursOf(forumId: string): Promise<number> {
    return (await repo.reviewHours(this.d.db, forumId)) ?? this.d.defaultHours;
  }

  async window(s: SessionView): Promise<RatingWindow> {
    const hours = await this.hoursOf(s.forumId);
    if (s.state === 'live') return { open: true, closesAt: null, hours };
    if (s.state !== 'ended' || !s.endedAt) return { open: false, closesAt: null, hours };
    const closes = Date.parse(s.endedAt) + hours * 3600_000;
    return { open: this.now() < closes, closesAt: new Date(closes).toISOString(), hours };
  }

  async rate(actor: Actor, ip: string, input: RateInput): Promise<Rated> {
    const rec = await findRec(this.d.db, input.recommendationId);
    if (!rec) throw new AppError('not_found', 'no such recommendation');
    const s = await this.d.agenda.session(rec.session_id);
    const w = await this.window(s);
    if (!w.open) throw new AppError('invalid_state', s.state === 'ended' ? 'the review window of this session has closed' : `the session is ${s.state}`, { state: s.state, closesAt: w.closesAt });
    if (rec.state !== 'open') throw new AppError('invalid_state', 'only published recommendations can be rated', { state: rec.state });
    await this.d.limits.ip.consume(ip);
    await this.d.limits.rate.consume(actor.id);
    const row = await repo.upsertRating(this.d.db, { recommendationId: rec.id, sessionId: rec.session_id, raterId: actor.id, value: input.value });
    return view(row);
  }

  async mine(actor: Actor, sessionId: string): Promise<MyRatings> {
    const s = await this.d.agenda.session(sessionId);
    const [window, rows] = await Promise.all([this.window(s), repo.ratingsBy(this.d.db, s.id, actor.id)]);
    return { sessionId: s.id, window, ratings: rows.map(view) };
  }

  /** Sessions whose review window has closed with ratings their latest compilation does not have yet. */
  closedWithLateRatings(withinHours = 7 * 24): Promise<string[]> {
    return repo.closedWithLateRatings(this.d.db, this.d.defaultHours, withinHours);
  }

  async reviewWindow(forumId: string): Promise<{ hours: number }> {
    const f = await this.d.agenda.forum(forumId);
    return { hours: await this.hoursOf(f.id) };
  }

  /** Organizers set the forum's review window (audited); it applies to sessions already ended too. */
  async setReviewWindow(actor: Actor, forumId: string, hours: number): Promise<{ hours: number }> {
    const f = await this.d.agenda.forum(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: f.id });
    await this.d.db.tx(async (q) => {
      const before = (await repo.reviewHours(q, f.id)) ?? this.d.defaultHours;
      await repo.setReviewHours(q, f.id, hours);
      await this.d.audit.record(q, { actor, forumId: f.id, domain: 'recs', action: 'ratings.reviewWindow', details: { before, after: hours } });
    });
    return { hours };
  }
}
