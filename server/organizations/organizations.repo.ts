import type { NewOrganization, OrgKind, OrgRef, Region, RegistrationFilter, RegistrationStatus } from '../../common/organizations.contract';
import type { Queryable } from '../../platform/db';
import { one } from '../../platform/db';
import { affiliationOf, type AffiliationColumns } from './organizations.affiliation';

export interface OrgRow {
  id: string;
  forum_id: string;
  name: Record<string, string>;
  kind: OrgKind;
  region: Region;
  contact_email: string;
  status: RegistrationStatus;
}

/** A registration joined with its organization. */
export interface RegistrationRow {
  id: string;
  organization_id: string;
  forum_id: string;
  person_id: string;
  person_name: string | null;
  status: RegistrationStatus;
  reject_reason: string | null;
  created_at: Date | string;
  decided_at: Date | string | null;
  org_name: Record<string, string>;
  org_kind: OrgKind;
  org_region: Region;
  org_status: RegistrationStatus;
  org_contact_email: string;
}

const REG = `r.id, r.organization_id, r.forum_id, r.person_id, r.person_name, r.status, r.reject_reason, r.created_at, r.decided_at,
  o.name as org_name, o.kind as org_kind, o.region as org_region, o.status as org_status, o.contact_email as org_contact_email`;

export const refOf = (r: Pick<RegistrationRow, 'organization_id' | 'org_name' | 'org_kind' | 'org_region'>): OrgRef => ({
  id: r.organization_id,
  name: r.org_name,
  kind: r.org_kind,
  region: r.org_region,
});

export async function insertOrganization(q: Queryable, forumId: string, o: NewOrganization): Promise<OrgRow> {
  const row = await one<OrgRow>(
    q,
    'insert into organizations(forum_id, name, kind, region, contact_email) values ($1, $2, $3, $4, $5) returning *',
    [forumId, o.name, o.kind, o.region, o.contactEmail],
  );
  return row!;
}

export function findOrganization(q: Queryable, id: string, lock = false): Promise<OrgRow | undefined> {
  return one<OrgRow>(q, `select * from organizations where id = $1${lock ? ' for update' : ''}`, [id]);
}

export async function setOrganizationStatus(q: Queryable, id: string, status: RegistrationStatus): Promise<void> {
  await q.query('update organizations set status = $2, decided_at = now() where id = $1', [id, status]);
}

export async function insertRegistration(q: Queryable, r: { organizationId: string; forumId: string; personId: string; personName: string | null }): Promise<string> {
  const row = await one<{ id: string }>(
    q,
    'insert into organization_representatives(organization_id, forum_id, person_id, person_name) values ($1, $2, $3, $4) returning id',
    [r.organizationId, r.forumId, r.personId, r.personName],
  );
  return row!.id;
}

export function findRegistration(q: Queryable, id: string, lock = false): Promise<RegistrationRow | undefined> {
  return one<RegistrationRow>(
    q,
    `select ${REG} from organization_representatives r join organizations o on o.id = r.organization_id where r.id = $1${lock ? ' for update of r, o' : ''}`,
    [id],
  );
}

/** The person's current registration in the forum (the latest, rejected ones included). */
export function registrationOf(q: Queryable, forumId: string, personId: string): Promise<RegistrationRow | undefined> {
  return one<RegistrationRow>(
    q,
    `select ${REG} from organization_representatives r join organizations o on o.id = r.organization_id
      where r.forum_id = $1 and r.person_id = $2 order by (r.status <> 'rejected') desc, r.created_at desc limit 1`,
    [forumId, personId],
  );
}

export async function listRegistrations(q: Queryable, forumId: string, f: RegistrationFilter): Promise<RegistrationRow[]> {
  const { rows } = await q.query<RegistrationRow>(
    `select ${REG} from organization_representatives r join organizations o on o.id = r.organization_id
      where r.forum_id = $1
        and ($2::text is null or r.status = $2)
        and ($3::text is null or o.kind = $3)
        and ($4::text is null or o.region = $4)
        and ($5::text is null or exists (select 1 from jsonb_each_text(o.name) n where strpos(lower(n.value), lower($5)) > 0))
      order by r.created_at desc, r.id`,
    [forumId, f.status ?? null, f.kind ?? null, f.region ?? null, f.q ?? null],
  );
  return rows;
}

export async function decideRegistration(q: Queryable, id: string, status: RegistrationStatus, reason: string | null, by: string): Promise<void> {
  await q.query('update organization_representatives set status = $2, reject_reason = $3, decided_at = now(), decided_by = $4 where id = $1', [id, status, reason, by]);
}

/** Confirmed organizations of a forum with their confirmed representatives' count, by name. */
export async function confirmedOrganizations(q: Queryable, forumId: string): Promise<(OrgRef & { representatives: number })[]> {
  const { rows } = await q.query<{ id: string; name: Record<string, string>; kind: OrgKind; region: Region; representatives: number }>(
    `select o.id, o.name, o.kind, o.region, count(r.id)::int as representatives
       from organizations o left join organization_representatives r on r.organization_id = o.id and r.status = 'confirmed'
      where o.forum_id = $1 and o.status = 'confirmed'
      group by o.id order by coalesce(o.name->>'ru', o.name->>'kk', o.name->>'en'), o.id`,
    [forumId],
  );
  return rows;
}

/** Confirmed representatives (of confirmed organizations) among some people of a forum. */
export async function affiliations(q: Queryable, forumId: string, personIds: readonly string[]): Promise<{ person_id: string; org: OrgRef }[]> {
  if (!personIds.length) return [];
  // The view states who counts (migration 0802); the question lists join the same view.
  const { rows } = await q.query<{ person_id: string } & AffiliationColumns>(
    `select person_id, org_id, org_name, org_kind, org_region from confirmed_affiliations where forum_id = $1 and person_id = any($2::uuid[])`,
    [forumId, personIds],
  );
  return rows.flatMap((r) => {
    const org = affiliationOf(r);
    return org ? [{ person_id: r.person_id, org }] : [];
  });
}

export async function countPending(q: Queryable, forumId: string): Promise<number> {
  const r = await one<{ n: number }>(q, `select count(*)::int as n from organization_representatives where forum_id = $1 and status = 'pending'`, [forumId]);
  return r?.n ?? 0;
}

export async function countConfirmedRepresentatives(q: Queryable, forumId: string): Promise<number> {
  const r = await one<{ n: number }>(
    q,
    `select count(*)::int as n from organization_representatives r join organizations o on o.id = r.organization_id
      where r.forum_id = $1 and r.status = 'confirmed' and o.status = 'confirmed'`,
    [forumId],
  );
  return r?.n ?? 0;
}
