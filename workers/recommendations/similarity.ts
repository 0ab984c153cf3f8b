/**
 * Near-duplicate detection for short texts in Kazakh, Russian and English.
 *
 * Character 3-grams (after NFKC, lower-casing and stripping punctuation) work for all
 * three languages without stemmers and tolerate inflection: "кеңестер"/"кеңестердің"
 * share most of their grams. Grams are weighted by TF-IDF so that frequent fragments
 * ("ция", " the") count little, and texts are compared by cosine similarity.
 *
 * Comparing every pair is O(n²); instead only texts that meet through an index of
 * their rarest grams are compared (see {@link similarPairs}).
 */

/** The form texts are compared in: NFKC, lower case, ё→е, letters and digits only, single spaces. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Padded character n-grams, so word starts and ends are grams of their own. */
export function ngrams(s: string, n = 3): string[] {
  const t = ` ${normalizeText(s)} `;
  if (t.length <= n) return t.trim() ? [t] : [];
  const out: string[] = [];
  for (let i = 0; i + n <= t.length; i++) out.push(t.slice(i, i + n));
  return out;
}

/**
 * The 3-grams of a normalized, padded text as numbers (three UTF-16 units fit
 * exactly in 48 bits): no substring allocation, and Map lookups on numbers.
 */
function trigramKeys(padded: string): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push(padded.charCodeAt(i) * 4294967296 + padded.charCodeAt(i + 1) * 65536 + padded.charCodeAt(i + 2));
  return out;
}

/** 32-bit hashes of the padded text's character 5-grams (FNV-1a); used only to find candidates. */
function fivegramHashes(padded: string): Int32Array {
  const out = new Int32Array(Math.max(0, padded.length - 4));
  for (let i = 0; i < out.length; i++) {
    let h = 0x811c9dc5;
    for (let k = 0; k < 5; k++) h = Math.imul(h ^ padded.charCodeAt(i + k), 0x01000193);
    out[i] = h;
  }
  return out;
}

const padded = (s: string) => ` ${normalizeText(s)} `;

/** A sparse unit vector: gram ids ascending, with their weights. */
export interface SparseVector {
  ids: Int32Array;
  weights: Float64Array;
}

/** TF-IDF vectors over character 3-grams (sublinear tf, smoothed idf), L2-normalized. */
export function tfidfVectors(texts: readonly string[]): SparseVector[] {
  return tfidfOfPadded(texts.map(padded));
}

function tfidfOfPadded(texts: readonly string[]): SparseVector[] {
  const dict = new Map<number, number>();
  const counts: Map<number, number>[] = texts.map((text) => {
    const m = new Map<number, number>();
    for (const key of trigramKeys(text)) {
      let id = dict.get(key);
      if (id === undefined) dict.set(key, (id = dict.size));
      m.set(id, (m.get(id) ?? 0) + 1);
    }
    return m;
  });
  const df = new Int32Array(dict.size);
  for (const m of counts) for (const id of m.keys()) df[id]!++;
  const n = texts.length;
  return counts.map((m) => {
    const ids = Int32Array.from(m.keys()).sort();
    const weights = new Float64Array(ids.length);
    let norm = 0;
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const w = (1 + Math.log(m.get(id)!)) * (Math.log((n + 1) / (df[id]! + 1)) + 1);
      weights[k] = w;
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (let k = 0; k < weights.length; k++) weights[k]! /= norm;
    return { ids, weights };
  });
}

/** Cosine of two unit vectors (a merge of their sorted ids). */
export function cosine(a: SparseVector, b: SparseVector): number {
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.ids.length && j < b.ids.length) {
    const x = a.ids[i]!;
    const y = b.ids[j]!;
    if (x === y) dot += a.weights[i++]! * b.weights[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return dot;
}

export type ScoredPair = [i: number, j: number, score: number];

/**
 * Pairs (i < j) of texts whose 3-gram cosine is at least `threshold`, ascending.
 *
 * Character 3-grams are few (a language uses some thousands), so as texts grow in
 * number each 3-gram is shared by a growing share of them and any index over them
 * makes the search quadratic again. Candidates are therefore found with 5-grams,
 * which stay rare: each text is indexed by its `prefix` rarest 5-grams (a prefix
 * filter), a later text probes that index with all of its 5-grams, and a text met on
 * at least `minHits` of them is verified with the exact 3-gram cosine. Near-duplicates
 * share most of their rarest 5-grams, so they meet; a single shared rare fragment is
 * usually chance. The unit tests measure recall against comparing every pair.
 */
export function similarPairs(texts: readonly string[], threshold: number, prefix = 16, minHits = 2): ScoredPair[] {
  const n = texts.length;
  // Normalized once: both the 3-gram vectors and the 5-gram shingles are made from it.
  const forms = texts.map(padded);
  const vectors = tfidfOfPadded(forms);
  // Distinct 5-grams per text as dense ids, and how many texts hold each.
  const dict = new Map<number, number>();
  const stamp: number[] = [];
  const shingles = forms.map((t, doc) => {
    const own: number[] = [];
    for (const h of fivegramHashes(t)) {
      let id = dict.get(h);
      if (id === undefined) {
        dict.set(h, (id = dict.size));
        stamp.push(-1);
      }
      if (stamp[id] === doc) continue;
      stamp[id] = doc;
      own.push(id);
    }
    return own;
  });
  const df = new Int32Array(dict.size);
  for (const own of shingles) for (const id of own) df[id]!++;

  // Postings filled as texts are visited, so text i only meets texts before it.
  const postings = new Array<number[] | undefined>(dict.size);
  const pairs: ScoredPair[] = [];
  const hits = new Uint16Array(n);
  const met: number[] = [];
  for (let i = 0; i < n; i++) {
    const own = shingles[i]!;
    for (const id of own) {
      const list = postings[id];
      if (!list) continue;
      for (const j of list) if (hits[j]!++ === 0) met.push(j);
    }
    met.sort((a, b) => a - b);
    for (const j of met) {
      if (hits[j]! >= minHits) {
        const s = cosine(vectors[j]!, vectors[i]!);
        if (s >= threshold) pairs.push([j, i, s]);
      }
      hits[j] = 0;
    }
    met.length = 0;
    // Rarest first (ties by id), as one numeric sort: df and id packed in a double.
    const keys = Float64Array.from(own, (id) => df[id]! * 4294967296 + id).sort();
    for (let k = 0; k < Math.min(prefix, keys.length); k++) {
      const id = keys[k]! % 4294967296;
      (postings[id] ??= []).push(i);
    }
  }
  return pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** Union-find with path halving; the smaller index becomes the root so results do not depend on pair order. */
export class DisjointSets {
  private readonly parent: Int32Array;
  constructor(n: number) {
    this.parent = Int32Array.from({ length: n }, (_, i) => i);
  }
  find(x: number): number {
    const p = this.parent;
    while (p[x] !== x) {
      p[x] = p[p[x]!]!;
      x = p[x]!;
    }
    return x;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
  }
}

/**
 * Groups near-duplicates by leader clustering: texts are visited in `order` (best
 * supported first); each joins the most similar existing leader at or above the
 * threshold, or becomes a leader itself. Unlike joining every similar pair
 * (single linkage), this never chains A~B~C~… into one group of unrelated texts:
 * every member is similar to its group's leader. `forced` pairs (a moderator's merge)
 * then join whole groups. Returns, for each text, its group's id (a member's index).
 */
export function clusterTexts(
  texts: readonly string[],
  threshold: number,
  opts: { order?: readonly number[]; forced?: readonly [number, number][] } = {},
): Int32Array {
  const n = texts.length;
  const order = opts.order ?? Array.from({ length: n }, (_, i) => i);
  const rank = new Int32Array(n);
  order.forEach((i, r) => (rank[i] = r));
  const neighbours: ScoredPair[][] = Array.from({ length: n }, () => []);
  for (const p of similarPairs(texts, threshold)) {
    neighbours[p[0]]!.push(p);
    neighbours[p[1]]!.push(p);
  }
  const leader = new Int32Array(n).fill(-1);
  for (const i of order) {
    let best = -1;
    let bestScore = -1;
    for (const [a, b, s] of neighbours[i]!) {
      const j = a === i ? b : a;
      if (leader[j] !== j) continue;
      if (s > bestScore || (s === bestScore && rank[j]! < rank[best]!)) {
        best = j;
        bestScore = s;
      }
    }
    leader[i] = best >= 0 ? best : i;
  }
  const sets = new DisjointSets(n);
  for (let i = 0; i < n; i++) sets.union(i, leader[i]!);
  for (const [a, b] of opts.forced ?? []) sets.union(a, b);
  return Int32Array.from({ length: n }, (_, i) => sets.find(i));
}
