/**
 * The numeric core of opinion groups: PCA of a sparse vote matrix with missing cells,
 * k-means in the plane and the silhouette. Written here rather than taken from a
 * library because (1) the matrix is sparse with missing votes: imputing the column mean
 * and centring makes every missing cell exactly zero, so power iteration touches only
 * the votes cast (300,000 for 2,000 × 500 at 30%), where dense SVD libraries would build
 * and decompose the full 1,000,000-cell matrix; (2) k-means and the silhouette on 2-D
 * points are a few dozen lines; (3) owning the seeded random source and the tie-breaks
 * keeps published groups byte-identical across dependency upgrades. Only + − × ÷ and
 * sqrt are used, which IEEE 754 makes exact everywhere.
 */

/** mulberry32: a small seeded generator; the same seed gives the same stream on every platform. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Rows of votes in compressed form: row i holds cols[start[i]..start[i+1]) with their values. */
export interface SparseRows {
  rows: number;
  cols: number;
  start: Int32Array;
  col: Int32Array;
  value: Float64Array;
}

export interface Pca {
  /** Two unit vectors over the columns. */
  components: [Float64Array, Float64Array];
  /** Column means the rows were centred by. */
  means: Float64Array;
  iterations: number;
}

/**
 * The first two principal components of the column-centred matrix, missing cells taken
 * as the column mean. Subspace (block power) iteration from a seeded start, orthonormalised
 * every step; each component's largest entry is made positive so the sign is stable.
 */
export function pca2(m: SparseRows, seed: number, maxIterations = 100, tolerance = 1e-6): Pca {
  const { rows, cols, start, col, value } = m;
  const sum = new Float64Array(cols);
  const count = new Float64Array(cols);
  for (let k = 0; k < start[rows]!; k++) {
    sum[col[k]!]! += value[k]!;
    count[col[k]!]!++;
  }
  const means = new Float64Array(cols);
  for (let j = 0; j < cols; j++) means[j] = count[j]! ? sum[j]! / count[j]! : 0;
  const centred = new Float64Array(start[rows]!);
  for (let k = 0; k < centred.length; k++) centred[k] = value[k]! - means[col[k]!]!;

  const rand = seeded(seed);
  let v1 = Float64Array.from({ length: cols }, () => rand() - 0.5);
  let v2 = Float64Array.from({ length: cols }, () => rand() - 0.5);
  orthonormalise(v1, v2);
  let w1 = new Float64Array(cols);
  let w2 = new Float64Array(cols);
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    // w = Xᵀ (X v) for both vectors, row by row: each row's u = x·v is used at once.
    w1.fill(0);
    w2.fill(0);
    for (let i = 0; i < rows; i++) {
      const from = start[i]!;
      const to = start[i + 1]!;
      let a = 0;
      let b = 0;
      for (let k = from; k < to; k++) {
        const j = col[k]!;
        const x = centred[k]!;
        a += x * v1[j]!;
        b += x * v2[j]!;
      }
      for (let k = from; k < to; k++) {
        const j = col[k]!;
        const x = centred[k]!;
        w1[j]! += x * a;
        w2[j]! += x * b;
      }
    }
    // Converged when Xᵀ X v stays inside span(v): only the plane matters for the groups
    // (distances in it do not depend on the basis), and it settles faster than the vectors.
    const residual = outside(w1, w2, v1, v2);
    if (!orthonormalise(w1, w2)) break;
    [v1, w1] = [w1, v1];
    [v2, w2] = [w2, v2];
    if (residual < tolerance) break;
  }
  fixSign(v1);
  fixSign(v2);
  return { components: [v1, v2], means, iterations };
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

/** Gram–Schmidt on two vectors in place; false when the first has no length (nothing varies). */
function orthonormalise(a: Float64Array, b: Float64Array): boolean {
  const na = Math.sqrt(dot(a, a));
  if (na === 0) return false;
  for (let i = 0; i < a.length; i++) a[i]! /= na;
  const p = dot(a, b);
  for (let i = 0; i < b.length; i++) b[i]! -= p * a[i]!;
  const nb = Math.sqrt(dot(b, b));
  if (nb === 0) return true;
  for (let i = 0; i < b.length; i++) b[i]! /= nb;
  return true;
}

/** How much of w1, w2 lies outside the plane of the orthonormal v1, v2, relative to their length. */
function outside(w1: Float64Array, w2: Float64Array, v1: Float64Array, v2: Float64Array): number {
  let out = 0;
  let all = 0;
  for (const w of [w1, w2]) {
    const a = dot(w, v1);
    const b = dot(w, v2);
    const len = dot(w, w);
    all += len;
    out += Math.max(0, len - a * a - b * b);
  }
  return all === 0 ? 0 : Math.sqrt(out / all);
}

function fixSign(v: Float64Array) {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]!) > Math.abs(v[at]!)) at = i;
  if (v[at]! < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i]!;
}

/**
 * Each row projected on the two components. As Polis does, a row with few votes is
 * scaled up by √(columns / votes): its missing cells pulled it towards the centre.
 */
export function project(m: SparseRows, p: Pca): Float64Array {
  const out = new Float64Array(m.rows * 2);
  const [c1, c2] = p.components;
  for (let i = 0; i < m.rows; i++) {
    let a = 0;
    let b = 0;
    const n = m.start[i + 1]! - m.start[i]!;
    for (let k = m.start[i]!; k < m.start[i + 1]!; k++) {
      const x = m.value[k]! - p.means[m.col[k]!]!;
      a += x * c1[m.col[k]!]!;
      b += x * c2[m.col[k]!]!;
    }
    const scale = n ? Math.sqrt(m.cols / n) : 0;
    out[2 * i] = a * scale;
    out[2 * i + 1] = b * scale;
  }
  return out;
}

const dist2 = (pts: Float64Array, i: number, cx: number, cy: number) => {
  const dx = pts[2 * i]! - cx;
  const dy = pts[2 * i + 1]! - cy;
  return dx * dx + dy * dy;
};

export interface KMeans {
  k: number;
  assignment: Int32Array;
  centroids: Float64Array;
  inertia: number;
}

/** k-means (Lloyd) on 2-D points from a k-means++ start; the best of `restarts` seeded runs. */
export function kmeans(pts: Float64Array, k: number, seed: number, restarts = 4, maxIterations = 100): KMeans {
  const rand = seeded(seed);
  let best: KMeans | undefined;
  for (let r = 0; r < restarts; r++) {
    const run = lloyd(pts, k, rand, maxIterations);
    if (!best || run.inertia < best.inertia) best = run;
  }
  return best!;
}

function lloyd(pts: Float64Array, k: number, rand: () => number, maxIterations: number): KMeans {
  const n = pts.length / 2;
  const c = new Float64Array(k * 2);
  // k-means++: each next centre drawn with probability proportional to its squared distance.
  const first = Math.floor(rand() * n);
  c[0] = pts[2 * first]!;
  c[1] = pts[2 * first + 1]!;
  const d = new Float64Array(n).fill(Infinity);
  for (let j = 1; j < k; j++) {
    let total = 0;
    for (let i = 0; i < n; i++) {
      d[i] = Math.min(d[i]!, dist2(pts, i, c[2 * (j - 1)]!, c[2 * (j - 1) + 1]!));
      total += d[i]!;
    }
    let pick = n - 1;
    let target = rand() * total;
    for (let i = 0; i < n; i++) {
      target -= d[i]!;
      if (target < 0) {
        pick = i;
        break;
      }
    }
    c[2 * j] = pts[2 * pick]!;
    c[2 * j + 1] = pts[2 * pick + 1]!;
  }
  const assignment = new Int32Array(n).fill(-1);
  let inertia = 0;
  for (let it = 0; it < maxIterations; it++) {
    let moved = false;
    inertia = 0;
    for (let i = 0; i < n; i++) {
      let bj = 0;
      let bd = Infinity;
      for (let j = 0; j < k; j++) {
        const dd = dist2(pts, i, c[2 * j]!, c[2 * j + 1]!);
        if (dd < bd) {
          bd = dd;
          bj = j;
        }
      }
      inertia += bd;
      if (assignment[i] !== bj) {
        assignment[i] = bj;
        moved = true;
      }
    }
    if (!moved) break;
    const sx = new Float64Array(k);
    const sy = new Float64Array(k);
    const cnt = new Int32Array(k);
    for (let i = 0; i < n; i++) {
      const j = assignment[i]!;
      sx[j]! += pts[2 * i]!;
      sy[j]! += pts[2 * i + 1]!;
      cnt[j]!++;
    }
    for (let j = 0; j < k; j++) {
      if (cnt[j]) {
        c[2 * j] = sx[j]! / cnt[j]!;
        c[2 * j + 1] = sy[j]! / cnt[j]!;
      } else {
        // An emptied centre restarts at the point farthest from its own centre.
        let far = 0;
        let fd = -1;
        for (let i = 0; i < n; i++) {
          const a = assignment[i]!;
          const dd = dist2(pts, i, c[2 * a]!, c[2 * a + 1]!);
          if (dd > fd) {
            fd = dd;
            far = i;
          }
        }
        c[2 * j] = pts[2 * far]!;
        c[2 * j + 1] = pts[2 * far + 1]!;
      }
    }
  }
  return { k, assignment, centroids: c, inertia };
}

/** Points the silhouette is estimated on: 400 × 2,000 distances per k instead of 2,000². */
export const SILHOUETTE_SAMPLE = 400;

/**
 * Mean silhouette (Rousseeuw 1987) of an assignment: for each point, b − a over max(a, b),
 * a the mean distance to its own group, b to the nearest other group; 0 for a point alone.
 */
export function silhouette(pts: Float64Array, assignment: Int32Array, k: number, sample = SILHOUETTE_SAMPLE): number {
  const n = assignment.length;
  // Estimated on every step-th point (against all points), as a sampled silhouette score does.
  const step = Math.max(1, Math.ceil(n / sample));
  let counted = 0;
  const size = new Int32Array(k);
  for (let i = 0; i < n; i++) size[assignment[i]!]!++;
  const sums = new Float64Array(k);
  let total = 0;
  for (let i = 0; i < n; i += step) {
    counted++;
    sums.fill(0);
    const xi = pts[2 * i]!;
    const yi = pts[2 * i + 1]!;
    for (let j = 0; j < n; j++) {
      const dx = xi - pts[2 * j]!;
      const dy = yi - pts[2 * j + 1]!;
      sums[assignment[j]!]! += Math.sqrt(dx * dx + dy * dy);
    }
    const own = assignment[i]!;
    if (size[own]! <= 1) continue;
    const a = sums[own]! / (size[own]! - 1);
    let b = Infinity;
    for (let g = 0; g < k; g++) if (g !== own && size[g]) b = Math.min(b, sums[g]! / size[g]!);
    if (b === Infinity) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
  }
  return total / counted;
}
