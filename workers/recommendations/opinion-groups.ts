/**
 * Opinion groups and consensus, the way Polis finds them: participants with enough
 * ratings are placed on the plane of the first two principal components of the vote
 * matrix, split by k-means with k (2–5) chosen by the silhouette, and every item gets
 * its agree share overall and per group and a group-aware consensus score: the product
 * over groups of the smoothed agree rate (A + 1) / (S + 2), S the ratings seen in the
 * group, passes included. Pure and seeded: the same votes give the same groups.
 */
import { kmeans, pca2, project, silhouette, type SparseRows } from './opinion-math';

/** One participant's ratings: item indexes and values (+1 agree, −1 disagree, 0 pass). */
export interface ParticipantVotes {
  items: number[];
  values: number[];
}

/** Polis's rule: a participant counts for the groups after rating this many items (or all, if fewer). */
export const MIN_RATINGS = 7;
/** Fewer clustered participants than this: no groups are formed, everyone is one group. */
export const MIN_PARTICIPANTS = 6;
export const K_RANGE = [2, 5] as const;
/** A group speaks on an item only with this many ratings of it. */
export const MIN_GROUP_RATINGS = 3;
/** Smoothed agree (or disagree) rate a group must reach for the marks. */
export const MARK_RATE = 0.6;
export const SEED = 0x5eed_b1a9;

export interface Tally {
  agree: number;
  disagree: number;
  pass: number;
}

export interface ItemOpinion extends Tally {
  /** Per group, in group order. */
  groups: Tally[];
  /** Product over groups of (agree + 1) / (seen + 2). */
  score: number;
  /** Highest minus lowest smoothed agree rate among the groups. */
  divisiveness: number;
  mark: 'consensus' | 'divisive' | null;
}

export interface OpinionResult {
  participants: number;
  clustered: number;
  groups: { size: number; centroid: [number, number] }[];
  silhouette: number | null;
  /** Clustered participants on the plane: x, y, group. */
  points: [number, number, number][];
  items: ItemOpinion[];
}

const rate = (hits: number, t: Tally) => (hits + 1) / (t.agree + t.disagree + t.pass + 2);
const seen = (t: Tally) => t.agree + t.disagree + t.pass;

function tally(into: Tally, v: number) {
  if (v > 0) into.agree++;
  else if (v < 0) into.disagree++;
  else into.pass++;
}

/** Several ratings that count as one (an organization's representatives, a group's items): the majority, a tie is a pass. */
export function combine(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return Math.sign(s);
}

function toSparse(rows: readonly ParticipantVotes[], cols: number): SparseRows {
  const start = new Int32Array(rows.length + 1);
  let nnz = 0;
  rows.forEach((r, i) => {
    start[i] = nnz;
    nnz += r.items.length;
  });
  start[rows.length] = nnz;
  const col = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let k = 0;
  for (const r of rows) {
    for (let j = 0; j < r.items.length; j++) {
      col[k] = r.items[j]!;
      value[k++] = r.values[j]!;
    }
  }
  return { rows: rows.length, cols, start, col, value };
}

interface Clustering {
  membership: Int32Array;
  groups: { size: number; centroid: [number, number] }[];
  silhouette: number;
  points: Float64Array;
}

function cluster(rows: readonly ParticipantVotes[], items: number): Clustering | null {
  if (rows.length < MIN_PARTICIPANTS || items < 2) return null;
  const m = toSparse(rows, items);
  const pts = project(m, pca2(m, SEED));
  let best: { s: number; k: number; assignment: Int32Array; centroids: Float64Array } | undefined;
  for (let k = K_RANGE[0]; k <= Math.min(K_RANGE[1], rows.length - 1); k++) {
    const km = kmeans(pts, k, SEED + k);
    const s = silhouette(pts, km.assignment, k);
    // Strictly better only: on a tie the fewer groups win.
    if (!best || s > best.s + 1e-12) best = { s, k, assignment: km.assignment, centroids: km.centroids };
  }
  if (!best) return null;
  // Groups are numbered by size, then position, so labels do not depend on k-means' start.
  const size = new Int32Array(best.k);
  for (const a of best.assignment) size[a]!++;
  const order = Array.from({ length: best.k }, (_, j) => j)
    .filter((j) => size[j]! > 0)
    .sort((a, b) => size[b]! - size[a]! || best.centroids[2 * a]! - best.centroids[2 * b]! || best.centroids[2 * a + 1]! - best.centroids[2 * b + 1]! || a - b);
  const label = new Int32Array(best.k).fill(-1);
  order.forEach((j, i) => (label[j] = i));
  const membership = best.assignment.map((a) => label[a]!);
  return {
    membership,
    groups: order.map((j) => ({ size: size[j]!, centroid: [best.centroids[2 * j]!, best.centroids[2 * j + 1]!] })),
    silhouette: best.s,
    points: pts,
  };
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  const r = Math.round(x * f) / f;
  return r === 0 ? 0 : r;
};

/** Opinion groups over `items` items from each participant's (already combined) ratings. */
export function opinionGroups(participants: readonly ParticipantVotes[], items: number): OpinionResult {
  const need = Math.min(MIN_RATINGS, items);
  const inConv = participants.map((p, i) => ({ p, i })).filter((x) => x.p.items.length >= need && x.p.items.length > 0);
  const c = cluster(
    inConv.map((x) => x.p),
    items,
  );
  const groupCount = c ? c.groups.length : 0;
  const groupOf = new Int32Array(participants.length).fill(-1);
  if (c) inConv.forEach((x, j) => (groupOf[x.i] = c.membership[j]!));

  const overall: Tally[] = Array.from({ length: items }, () => ({ agree: 0, disagree: 0, pass: 0 }));
  const byGroup: Tally[][] = Array.from({ length: items }, () => Array.from({ length: groupCount }, () => ({ agree: 0, disagree: 0, pass: 0 })));
  participants.forEach((p, i) => {
    const g = groupOf[i]!;
    for (let j = 0; j < p.items.length; j++) {
      const item = p.items[j]!;
      const v = p.values[j]!;
      tally(overall[item]!, v);
      if (g >= 0) tally(byGroup[item]![g]!, v);
    }
  });

  const itemsOut: ItemOpinion[] = overall.map((t, item) => {
    // Without groups, everyone who rated is one group: the score is then the smoothed agree rate.
    const gs = c ? byGroup[item]! : [t];
    let score = 1;
    let hi = 0;
    let lo = 1;
    for (const g of gs) {
      const a = rate(g.agree, g);
      score *= a;
      hi = Math.max(hi, a);
      lo = Math.min(lo, a);
    }
    const heard = gs.filter((g) => seen(g) >= MIN_GROUP_RATINGS);
    const everyGroupHeard = heard.length === gs.length;
    const consensus = everyGroupHeard && gs.every((g) => rate(g.agree, g) >= MARK_RATE);
    const divisive = heard.some((g) => rate(g.agree, g) >= MARK_RATE) && heard.some((g) => rate(g.disagree, g) >= MARK_RATE);
    return {
      ...t,
      groups: c ? gs : [],
      score: round(score, 4),
      divisiveness: round(hi - lo, 4),
      mark: consensus ? 'consensus' : divisive ? 'divisive' : null,
    };
  });

  return {
    participants: participants.filter((p) => p.items.length > 0).length,
    clustered: c ? inConv.length : 0,
    groups: c ? c.groups.map((g) => ({ size: g.size, centroid: [round(g.centroid[0], 3), round(g.centroid[1], 3)] })) : [],
    silhouette: c ? round(c.silhouette, 4) : null,
    points: c ? inConv.map((_, j) => [round(c.points[2 * j]!, 3), round(c.points[2 * j + 1]!, 3), c.membership[j]!]) : [],
    items: itemsOut,
  };
}
