import { describe, expect, it } from 'vitest';
import { combine, MIN_RATINGS, opinionGroups, type ParticipantVotes } from '../../workers/recommendations/opinion-groups';
import { kmeans, pca2, seeded, silhouette } from '../../workers/recommendations/opinion-math';

/**
 * Two planted camps of 20: camp 0 agrees with items 0–8 and rejects 9–17, camp 1 the
 * reverse; item 18 everyone agrees with; each cell is rated with probability 0.8 and one
 * rating in ten is flipped, so the groups are there but not perfectly clean.
 */
function planted(seed = 7): { votes: ParticipantVotes[]; camp: number[] } {
  const rand = seeded(seed);
  const votes: ParticipantVotes[] = [];
  const camp: number[] = [];
  for (let p = 0; p < 40; p++) {
    const c = p % 2;
    const v: ParticipantVotes = { items: [], values: [] };
    for (let item = 0; item < 19; item++) {
      if (rand() > 0.8) continue;
      let value = item === 18 ? 1 : (item < 9) === (c === 0) ? 1 : -1;
      if (item !== 18 && rand() < 0.1) value = -value;
      v.items.push(item);
      v.values.push(value);
    }
    votes.push(v);
    camp.push(c);
  }
  return { votes, camp };
}

describe('opinion groups', () => {
  it('finds the two planted camps and marks the item everyone agrees with as consensus and the split ones as divisive', () => {
    const { votes, camp } = planted();
    const r = opinionGroups(votes, 19);
    expect(r.groups).toHaveLength(2);
    expect(r.clustered).toBe(40);
    // Every member of a camp lands in the same group, and the camps in different groups.
    const groupOfCamp = [0, 1].map((c) => new Set(r.points.filter((_, i) => camp[i] === c).map((p) => p[2])));
    expect(groupOfCamp.map((s) => s.size)).toEqual([1, 1]);
    expect([...groupOfCamp[0]!][0]).not.toBe([...groupOfCamp[1]!][0]);
    expect(r.items[18]!.mark).toBe('consensus');
    expect(r.items[18]!.agree).toBe(r.items[18]!.agree + r.items[18]!.disagree + r.items[18]!.pass);
    for (const item of [0, 3, 9, 15]) expect(r.items[item]!.mark).toBe('divisive');
    // The everyone-agrees item scores far above any camp's own item.
    expect(r.items[18]!.score).toBeGreaterThan(0.6);
    expect(Math.max(...r.items.slice(0, 18).map((i) => i.score))).toBeLessThan(0.3);
  });

  it('gives the same groups, points and scores for the same votes (seeded)', () => {
    expect(JSON.stringify(opinionGroups(planted().votes, 19))).toBe(JSON.stringify(opinionGroups(planted().votes, 19)));
  });

  it('leaves out of the groups those with fewer ratings than Polis asks, but counts their ratings overall', () => {
    const { votes } = planted();
    const few: ParticipantVotes = { items: [18, 0], values: [1, -1] };
    const r = opinionGroups([...votes, few], 19);
    expect(r.participants).toBe(41);
    expect(r.clustered).toBe(40);
    const all = planted().votes.reduce((n, v) => n + v.items.filter((i) => i === 18).length, 0);
    expect(r.items[18]!.agree).toBe(all + 1);
    expect(r.items[18]!.groups.reduce((n, g) => n + g.agree, 0)).toBe(all);
    expect(MIN_RATINGS).toBe(7);
  });

  it('forms no groups with too few participants, and then judges consensus over everyone', () => {
    const votes: ParticipantVotes[] = Array.from({ length: 4 }, () => ({ items: [0, 1], values: [1, -1] }));
    const r = opinionGroups(votes, 2);
    expect(r.groups).toEqual([]);
    expect(r.silhouette).toBeNull();
    expect(r.items[0]).toMatchObject({ agree: 4, mark: 'consensus', groups: [] });
    expect(r.items[1]).toMatchObject({ disagree: 4, mark: null });
  });

  it('counts several ratings as one by majority, a tie being a pass', () => {
    expect(combine([1, 1, -1])).toBe(1);
    expect(combine([1, -1])).toBe(0);
    expect(combine([-1, 0])).toBe(-1);
  });
});

describe('opinion math', () => {
  it('recovers the direction that separates two camps as the first component', () => {
    // 10 rows each way on 3 columns: column 0 splits them, the others are noise-free constants.
    const rows = 20;
    const start = Int32Array.from({ length: rows + 1 }, (_, i) => i * 3);
    const col = Int32Array.from({ length: rows * 3 }, (_, k) => k % 3);
    const value = Float64Array.from({ length: rows * 3 }, (_, k) => (k % 3 === 0 ? (Math.floor(k / 3) < 10 ? 1 : -1) : 1));
    const p = pca2({ rows, cols: 3, start, col, value }, 1);
    expect(Math.abs(p.components[0][0]!)).toBeCloseTo(1, 6);
  });

  it('k-means splits well separated clouds and the silhouette prefers the right k', () => {
    const rand = seeded(3);
    const pts = new Float64Array(120);
    for (let i = 0; i < 60; i++) {
      const cx = i % 3 === 0 ? -5 : i % 3 === 1 ? 5 : 0;
      const cy = i % 3 === 2 ? 8 : 0;
      pts[2 * i] = cx + rand() - 0.5;
      pts[2 * i + 1] = cy + rand() - 0.5;
    }
    const s = [2, 3, 4, 5].map((k) => silhouette(pts, kmeans(pts, k, k).assignment, k));
    expect(s.indexOf(Math.max(...s)) + 2).toBe(3);
    expect(Math.max(...s)).toBeGreaterThan(0.8);
  });
});
