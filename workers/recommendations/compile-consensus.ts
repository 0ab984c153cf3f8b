/**
 * From a session's frozen ratings to each compiled recommendation's consensus and the
 * session's opinion map; how a forum-wide item sums up its sources; who took part.
 *
 * "Counts once" rule: the confirmed representatives of one organization are one
 * participant. Their ratings of an item are combined by majority (a tie is a pass), their
 * endorsements of an item count as one, and the organization is one point on the map.
 * Likewise a participant who rated several items that were grouped into one
 * recommendation rated that recommendation once, by the same majority rule.
 */
import type { Lang } from '../../common/base';
import type { InputRatings } from '../../common/jobs';
import { ORG_KINDS, REGIONS, type OrgRef } from '../../common/organizations.contract';
import { orgName } from '../../common/organizations.names';
import type { CompiledOrganization, ItemConsensus, OpinionMap, Participation, RatingTally } from '../../common/compilation.contract';
import { combine, opinionGroups, type ParticipantVotes } from './opinion-groups';

const share = (t: RatingTally) => {
  const n = t.agree + t.disagree + t.pass;
  return n ? Math.round((t.agree / n) * 10_000) / 10_000 : null;
};

/** Group labels A, B, C, … (at most five groups). */
export const groupLabel = (i: number) => String.fromCharCode(65 + i);

export interface SessionOpinion {
  /** Per compiled recommendation (by position), null when nobody rated it. */
  consensus: (ItemConsensus | null)[];
  /** Per compiled recommendation, the organizations whose (combined) rating was agree. */
  agreeingOrganizations: Set<string>[];
  map: OpinionMap | null;
  raters: number;
}

/**
 * Builds the participants × recommendations matrix (organizations counted once, grouped
 * items rated once) and finds the opinion groups. `groupOf[i]` is the compiled
 * recommendation the i-th input recommendation went into.
 */
export function sessionOpinion(ratings: InputRatings | undefined, groupOf: readonly number[], groups: number): SessionOpinion {
  const empty: SessionOpinion = { consensus: Array<null>(groups).fill(null), agreeingOrganizations: Array.from({ length: groups }, () => new Set()), map: null, raters: 0 };
  if (!ratings?.raters.length || !groups) return empty;
  // One entry per participant: a rater, or an organization gathering all its representatives.
  const participants: { org: string | null; cells: Map<number, number[]> | null; row: ParticipantVotes }[] = [];
  const byOrg = new Map<string, (typeof participants)[number]>();
  const sum = new Float64Array(groups);
  const seen = new Uint8Array(groups);
  const touched: number[] = [];
  for (const r of ratings.raters) {
    // A rater's votes on items grouped into one recommendation become one vote (majority).
    touched.length = 0;
    const v = r.votes;
    let index = 0;
    for (let k = 0; k < v.length; k++) {
      const ch = v.charCodeAt(k);
      if (ch >= 48 && ch <= 57) {
        index = index * 10 + (ch - 48);
        continue;
      }
      const g = groupOf[index];
      index = 0;
      if (g === undefined || g < 0) continue;
      if (!seen[g]) {
        seen[g] = 1;
        touched.push(g);
      }
      sum[g]! += ch === 97 ? 1 : ch === 100 ? -1 : 0;
    }
    touched.sort((x, y) => x - y);
    const values = touched.map((g) => Math.sign(sum[g]!));
    for (const g of touched) {
      sum[g] = 0;
      seen[g] = 0;
    }
    if (!r.organizationId) {
      participants.push({ org: null, cells: null, row: { items: [...touched], values } });
      continue;
    }
    // An organization takes the majority of its representatives' votes.
    let p = byOrg.get(r.organizationId);
    if (!p) {
      p = { org: r.organizationId, cells: new Map(), row: { items: [], values: [] } };
      participants.push(p);
      byOrg.set(r.organizationId, p);
    }
    touched.forEach((g, j) => {
      const list = p.cells!.get(g);
      if (list) list.push(values[j]!);
      else p.cells!.set(g, [values[j]!]);
    });
  }
  for (const p of byOrg.values()) {
    const items = [...p.cells!.keys()].sort((x, y) => x - y);
    p.row = { items, values: items.map((g) => combine(p.cells!.get(g)!)) };
  }
  const rows = participants.map((p) => p.row);
  const r = opinionGroups(rows, groups);
  const agreeing = Array.from({ length: groups }, () => new Set<string>());
  participants.forEach((p, i) => {
    if (!p.org) return;
    rows[i]!.items.forEach((g, j) => {
      if (rows[i]!.values[j]! > 0) agreeing[g]!.add(p.org!);
    });
  });
  return {
    consensus: r.items.map((it) =>
      it.agree + it.disagree + it.pass === 0
        ? null
        : {
            agree: it.agree,
            disagree: it.disagree,
            pass: it.pass,
            agreeShare: share(it),
            groups: it.groups.map((g) => ({ ...g, agreeShare: share(g) })),
            score: it.score,
            divisiveness: it.divisiveness,
            mark: it.mark,
          },
    ),
    agreeingOrganizations: agreeing,
    map: r.groups.length
      ? { participants: r.participants, clustered: r.clustered, silhouette: r.silhouette, groups: r.groups.map((g, i) => ({ label: groupLabel(i), ...g })), points: r.points }
      : null,
    raters: r.participants,
  };
}

/**
 * A forum-wide item joins items rated in different sessions, by different groups: its
 * counts are the sums, its score the mean of its sources' scores weighted by ratings;
 * it divides if any source divided, and is a consensus only if every rated source was.
 */
export function joinConsensus(parts: readonly (ItemConsensus | null)[]): ItemConsensus | null {
  const rated = parts.filter((p): p is ItemConsensus => p !== null);
  if (!rated.length) return null;
  if (rated.length === 1) return rated[0]!;
  const t = { agree: 0, disagree: 0, pass: 0 };
  let weighted = 0;
  for (const p of rated) {
    t.agree += p.agree;
    t.disagree += p.disagree;
    t.pass += p.pass;
    weighted += p.score * (p.agree + p.disagree + p.pass);
  }
  const n = t.agree + t.disagree + t.pass;
  return {
    ...t,
    agreeShare: share(t),
    groups: [],
    score: Math.round((weighted / n) * 10_000) / 10_000,
    divisiveness: Math.max(...rated.map((p) => p.divisiveness)),
    mark: rated.some((p) => p.mark === 'divisive') ? 'divisive' : rated.every((p) => p.mark === 'consensus') ? 'consensus' : null,
  };
}

/** Organizations in the document's language, by name (then id, so equal names keep one order). */
export function compiledOrganizations(orgs: readonly OrgRef[], lang: Lang, fallbacks: readonly Lang[]): CompiledOrganization[] {
  const collator = new Intl.Collator(lang);
  return orgs
    .map((o) => ({ id: o.id, name: orgName(o.name, lang, fallbacks), kind: o.kind, region: o.region }))
    .sort((a, b) => collator.compare(a.name, b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Counts by kind and by region, in the contract's order (so JSON key order never depends on the data's). */
export function countOrganizations(orgs: readonly CompiledOrganization[]): Pick<Participation, 'organizations' | 'byKind' | 'byRegion'> {
  const byKind: Record<string, number> = {};
  const byRegion: Record<string, number> = {};
  for (const k of ORG_KINDS) {
    const n = orgs.filter((o) => o.kind === k).length;
    if (n) byKind[k] = n;
  }
  for (const r of REGIONS) {
    const n = orgs.filter((o) => o.region === r).length;
    if (n) byRegion[r] = n;
  }
  return { organizations: orgs.length, byKind, byRegion };
}

/** Ids of organizations, ordered as in the compilation's list. */
export function orderedIds(ids: Iterable<string>, order: ReadonlyMap<string, number>): string[] {
  return [...new Set(ids)].filter((id) => order.has(id)).sort((a, b) => order.get(a)! - order.get(b)!);
}
