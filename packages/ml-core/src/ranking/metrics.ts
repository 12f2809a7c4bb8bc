/**
 * Ranking metrics of `EVALUATION.md`, as free functions over item indices. `ranked` is a
 * user's list best-first; `relevant` the user's held-out items. Binary relevance.
 */

function asSet(relevant: ArrayLike<number> | ReadonlySet<number>): ReadonlySet<number> {
  return relevant instanceof Set ? relevant : new Set(Array.from(relevant as ArrayLike<number>));
}

/**
 * Recall@K = hits in the top K ÷ min(K, |relevant|) (so a user with fewer held-out items
 * than K can reach 1). 0 when there is nothing relevant.
 */
export function recallAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number> | ReadonlySet<number>, k: number): number {
  const rel = asSet(relevant);
  if (rel.size === 0) return 0;
  let hits = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (rel.has(ranked[r])) hits++;
  return hits / Math.min(k, rel.size);
}

/**
 * NDCG@K with binary relevance (Järvelin & Kekäläinen 2002): DCG = Σ_{r≤K} hit_r / log2(r+1)
 * over 1-based ranks r, divided by the ideal DCG of min(K, |relevant|) hits at the top.
 */
export function ndcgAtK(ranked: ArrayLike<number>, relevant: ArrayLike<number> | ReadonlySet<number>, k: number): number {
  const rel = asSet(relevant);
  if (rel.size === 0) return 0;
  let dcg = 0;
  const n = Math.min(k, ranked.length);
  for (let r = 0; r < n; r++) if (rel.has(ranked[r])) dcg += 1 / Math.log2(r + 2);
  let ideal = 0;
  const m = Math.min(k, rel.size);
  for (let r = 0; r < m; r++) ideal += 1 / Math.log2(r + 2);
  return dcg / ideal;
}

/** Catalogue coverage: distinct items over all the lists' first `k` entries ÷ catalogue size. */
export function coverageAtK(lists: Iterable<ArrayLike<number>>, nItems: number, k: number): number {
  const seen = new Set<number>();
  for (const list of lists) for (let r = 0; r < Math.min(k, list.length); r++) seen.add(list[r]);
  return nItems === 0 ? 0 : seen.size / nItems;
}

/**
 * Intra-list diversity: number of distinct artists among the first `k` items. An item with
 * an unknown artist counts as an artist of its own.
 */
export function distinctArtistsAtK(ranked: ArrayLike<number>, artist: readonly (string | null)[], k: number): number {
  const seen = new Set<string>();
  let unknown = 0;
  for (let r = 0; r < Math.min(k, ranked.length); r++) {
    const a = artist[ranked[r]];
    if (a === null || a === undefined) unknown++;
    else seen.add(a);
  }
  return seen.size + unknown;
}

/**
 * Selects the `k` best items of `scores` into `out` (best first) and returns how many it
 * wrote. Higher scores win; equal scores go to the lower index (the catalogue is in code-point
 * order, so this is the protocol's tie-break); NaN counts as −∞. Items listed in `skip`
 * (sorted ascending, e.g. a user's training items) are never selected. O(n log k) time,
 * O(k) memory: the harness never holds more than one user's scores.
 */
export function topK(scores: Float32Array, k: number, skip: ArrayLike<number>, out: Int32Array): number {
  const heapI = new Int32Array(k);
  const heapV = new Float64Array(k);
  let size = 0;
  let s = 0;
  const n = scores.length;
  // Min-heap on (value asc, index desc): the root is the worst kept item.
  const worse = (a: number, b: number) => heapV[a] < heapV[b] || (heapV[a] === heapV[b] && heapI[a] > heapI[b]);
  const swap = (a: number, b: number) => {
    const ti = heapI[a];
    heapI[a] = heapI[b];
    heapI[b] = ti;
    const tv = heapV[a];
    heapV[a] = heapV[b];
    heapV[b] = tv;
  };
  for (let i = 0; i < n; i++) {
    if (s < skip.length && skip[s] === i) {
      s++;
      continue;
    }
    let v = scores[i];
    if (v !== v) v = -Infinity;
    if (size < k) {
      heapI[size] = i;
      heapV[size] = v;
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(c, p)) break;
        swap(c, p);
        c = p;
      }
    } else if (k > 0 && v > heapV[0]) {
      // Indices rise, so an equal value never beats the kept one.
      heapI[0] = i;
      heapV[0] = v;
      let p = 0;
      for (;;) {
        const l = 2 * p + 1;
        const r = l + 1;
        let m = p;
        if (l < size && worse(l, m)) m = l;
        if (r < size && worse(r, m)) m = r;
        if (m === p) break;
        swap(p, m);
        p = m;
      }
    }
  }
  const order = Array.from({ length: size }, (_, j) => j).sort((a, b) => heapV[b] - heapV[a] || heapI[a] - heapI[b]);
  for (let j = 0; j < size; j++) out[j] = heapI[order[j]];
  return size;
}
