/**
 * What the organizations domain offers other domains' queries: who speaks for which confirmed
 * organization (the view confirmed_affiliations, migration 0802), as a join, its columns and
 * their mapping back to an {@link OrgRef}. A list joined with it carries each author's
 * organization in the same query.
 */
import type { OrgKind, OrgRef, Region } from '../../common/organizations.contract';

/** The view's columns as a row carries them (all null: the person speaks for no organization). */
export interface AffiliationColumns {
  org_id: string | null;
  org_name: Record<string, string> | null;
  org_kind: OrgKind | null;
  org_region: Region | null;
}

/** The columns to select next to a joined row. */
export const AFFILIATION_COLUMNS = 'a.org_id, a.org_name, a.org_kind, a.org_region';

/** Left-joins, as `a`, the organization that `${row}.${person}` speaks for in `${row}.forum_id`. */
export const joinAffiliation = (row: string, person: string) =>
  `left join confirmed_affiliations a on a.forum_id = ${row}.forum_id and a.person_id = ${row}.${person}`;

export function affiliationOf(r: AffiliationColumns): OrgRef | null {
  if (r.org_id === null || r.org_name === null || r.org_kind === null || r.org_region === null) return null;
  return { id: r.org_id, name: r.org_name, kind: r.org_kind, region: r.org_region };
}
