import { AppError } from '../../common/errors';
import type {
  DecideInput,
  MyRegistration,
  OrganizationList,
  OrgRef,
  ParticipationView,
  RegisterInput,
  RegistrationFilter,
  RegistrationView,
} from '../../common/organizations.contract';
import { isUniqueViolation, type Db } from '../../platform/db';
import type { Logger } from '../../platform/logger';
import type { AgendaService } from '../agenda/agenda.service';
import type { AuditService } from '../audit/audit.service';
import type { DomainEvents } from '../domain-events';
import type { Actor } from '../people/actor';
import type { RolesService } from '../people/roles.service';
import type { AddressLimit, RateLimit } from '../rate-limit';
import type { SessionsService } from '../sessions/sessions.service';
import * as repo from './organizations.repo';

export interface OrganizationsDeps {
  db: Db;
  agenda: Pick<AgendaService, 'forum' | 'agenda'>;
  sessions: Pick<SessionsService, 'attendance'>;
  roles: RolesService;
  audit: AuditService;
  limits: { register: RateLimit; ip: AddressLimit };
  /** Tells other domains when whom a person speaks for changed. */
  events: Pick<DomainEvents, 'emit'>;
  log: Logger;
}

const iso = (d: Date | string) => new Date(d).toISOString();

const mine = (r: repo.RegistrationRow): MyRegistration => ({
  id: r.id,
  status: r.status,
  organization: repo.refOf(r),
  rejectReason: r.reject_reason,
  createdAt: iso(r.created_at),
});

const review = (r: repo.RegistrationRow): RegistrationView => ({
  ...mine(r),
  forumId: r.forum_id,
  personName: r.person_name,
  organizationStatus: r.org_status,
  contactEmail: r.org_contact_email,
  decidedAt: r.decided_at === null ? null : iso(r.decided_at),
});

/**
 * Organizations in a forum. Anyone taking part may register as the representative of an
 * organization (a new one, or one already confirmed); the forum's organizers confirm or
 * reject each registration, audited. Only confirmed representatives of confirmed
 * organizations speak for them: their items carry the organization's name.
 */
export class OrganizationsService {
  constructor(private readonly d: OrganizationsDeps) {}

  async register(actor: Actor, ip: string, forumIdOrSlug: string, input: RegisterInput): Promise<MyRegistration> {
    const forum = await this.d.agenda.forum(forumIdOrSlug);
    await this.d.limits.ip.consume(ip);
    await this.d.limits.register.consume(actor.id);
    try {
      const id = await this.d.db.tx(async (q) => {
        let organizationId: string;
        if ('organizationId' in input) {
          const o = await repo.findOrganization(q, input.organizationId);
          if (!o || o.forum_id !== forum.id) throw new AppError('not_found', 'no such organization in this forum');
          if (o.status !== 'confirmed') throw new AppError('invalid_state', 'only a confirmed organization can be joined', { status: o.status });
          organizationId = o.id;
        } else organizationId = (await repo.insertOrganization(q, forum.id, input.organization)).id;
        return repo.insertRegistration(q, { organizationId, forumId: forum.id, personId: actor.id, personName: actor.displayName });
      });
      this.d.log.info({ forumId: forum.id, registrationId: id }, 'organization registration');
      return mine((await repo.findRegistration(this.d.db, id))!);
    } catch (e) {
      if (isUniqueViolation(e)) throw new AppError('conflict', 'you already represent an organization in this forum');
      throw e;
    }
  }

  /** The caller's registration in the forum, or null. */
  async mine(actor: Actor, forumIdOrSlug: string): Promise<MyRegistration | null> {
    const forum = await this.d.agenda.forum(forumIdOrSlug);
    const r = await repo.registrationOf(this.d.db, forum.id, actor.id);
    return r ? mine(r) : null;
  }

  /** Organizers: registrations, newest first, filtered by status, kind, region or name. */
  async registrations(actor: Actor, forumId: string, filter: RegistrationFilter): Promise<RegistrationView[]> {
    const forum = await this.d.agenda.forum(forumId);
    await this.d.roles.require(actor, 'organizer', { forumId: forum.id });
    return (await repo.listRegistrations(this.d.db, forum.id, filter)).map(review);
  }

  /**
   * Organizers confirm or reject a registration; the first registration of a new
   * organization decides the organization too. The decision and its audit line commit together.
   */
  async decide(actor: Actor, registrationId: string, input: DecideInput): Promise<RegistrationView> {
    const found = await repo.findRegistration(this.d.db, registrationId);
    if (!found) throw new AppError('not_found', 'no such registration');
    await this.d.roles.require(actor, 'organizer', { forumId: found.forum_id });
    const changed = await this.d.db.tx(async (q) => {
      const r = (await repo.findRegistration(q, registrationId, true))!;
      const status = input.decision === 'confirm' ? 'confirmed' : 'rejected';
      if (r.status === status) return undefined;
      if (status === 'confirmed' && r.org_status === 'rejected') throw new AppError('invalid_state', 'the organization was rejected');
      const reason = input.decision === 'reject' ? (input.reason ?? null) : null;
      await repo.decideRegistration(q, r.id, status, reason, actor.id);
      if (r.org_status === 'pending') await repo.setOrganizationStatus(q, r.organization_id, status);
      await this.d.audit.record(q, {
        actor,
        forumId: r.forum_id,
        domain: 'organizations',
        action: status === 'confirmed' ? 'organization.confirm' : 'organization.reject',
        targetId: r.id,
        reason,
        details: { organizationId: r.organization_id, name: r.org_name, kind: r.org_kind, region: r.org_region, from: r.status },
      });
      // Whom the person spoke for until now (confirmed_affiliations: both confirmed).
      const previous = r.status === 'confirmed' && r.org_status === 'confirmed' ? repo.refOf(r) : null;
      return { forumId: r.forum_id, personId: r.person_id, previous };
    });
    if (changed) this.d.events.emit('organization.representation', changed);
    return review((await repo.findRegistration(this.d.db, registrationId))!);
  }

  /** Confirmed organizations of a forum, for everyone (no contacts). */
  async list(forumIdOrSlug: string): Promise<OrganizationList> {
    const forum = await this.d.agenda.forum(forumIdOrSlug);
    return { items: await repo.confirmedOrganizations(this.d.db, forum.id) };
  }

  /** Which of these people speak for a confirmed organization of the forum. No access check: server-side use. */
  async affiliations(forumId: string, personIds: readonly string[]): Promise<Map<string, OrgRef>> {
    const unique = [...new Set(personIds)];
    const rows: { person_id: string; org: OrgRef }[] = [];
    // Bounded batches: a session may have tens of thousands of participants.
    for (let i = 0; i < unique.length; i += 5000) rows.push(...(await repo.affiliations(this.d.db, forumId, unique.slice(i, i + 5000))));
    return new Map(rows.map((r) => [r.person_id, r.org]));
  }

  /** Organizers' dashboard: organizations by kind and region, speakers, platforms, sessions, viewers. */
  async participation(actor: Actor, forumId: string): Promise<ParticipationView> {
    const agenda = await this.d.agenda.agenda(forumId);
    const forum = agenda.forum;
    await this.d.roles.require(actor, 'organizer', { forumId: forum.id });
    const [orgs, pending, representatives] = await Promise.all([
      repo.confirmedOrganizations(this.d.db, forum.id),
      repo.countPending(this.d.db, forum.id),
      repo.countConfirmedRepresentatives(this.d.db, forum.id),
    ]);
    const byKind: Record<string, number> = {};
    const byRegion: Record<string, number> = {};
    for (const o of orgs) {
      byKind[o.kind] = (byKind[o.kind] ?? 0) + 1;
      byRegion[o.region] = (byRegion[o.region] ?? 0) + 1;
    }
    const held = agenda.sessions.filter((s) => s.state === 'live' || s.state === 'ended');
    const attendance = await Promise.all(held.map((s) => this.d.sessions.attendance(s.id)));
    return {
      forumId: forum.id,
      organizations: { total: orgs.length, byKind, byRegion, pending },
      representatives,
      speakers: new Set(agenda.sessions.filter((s) => s.state !== 'cancelled').flatMap((s) => s.speakers.map((sp) => sp.name.trim().toLowerCase()))).size,
      platforms: agenda.platforms.length,
      sessions: {
        total: agenda.sessions.filter((s) => s.state !== 'cancelled').length,
        live: agenda.sessions.filter((s) => s.state === 'live').length,
        ended: agenda.sessions.filter((s) => s.state === 'ended').length,
      },
      viewers: { total: attendance.reduce((n, a) => n + a.uniqueViewers, 0), peak: Math.max(0, ...attendance.map((a) => a.peak)) },
    };
  }
}
