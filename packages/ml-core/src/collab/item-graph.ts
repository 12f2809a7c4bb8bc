/**
 * A sparse item–item model: every item keeps its `k` strongest successors, so a user's scores are
 * one sparse pass over their history (fold-in at query time: no user state). The weights are
 * RP3β's (Paudel, Christoffel, Newell & Bernstein 2017, "Updatable, Accurate, Diverse, and
 * Scalable Recommendations for Interactive Applications", ACM TiiS 7(1)): a three-step random
 * walk item → user → item on the weighted bipartite graph, each transition probability raised to
 * α, the end item's degree penalised by deg^β,
 *
 *   W_ij = Σ_v (X_vi / deg_i)^α · (X_vj / deg_v)^α / deg_j^β,
 *
 * and, as in the paper, each row i is pruned to its k largest entries (the diagonal is dropped: a
 * user's own items are never recommended back). Built row by row with one dense accumulator and a
 * bounded heap: O(Σ_v n_v²) time, O(items · k) memory.
 */
import type { InteractionMatrix } from '../ranking/types.js';
import { transpose } from '../ranking/interactions.js';

/** Row-pruned sparse item–item weights: row i lists up to k items j (ascending) with W_ij. */
export interface ItemGraph {
  nItems: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Parameters of {@link rp3betaGraph}. */
export interface Rp3Options {
  /** Exponent of the transition probabilities (> 0; 1 = the plain random walk P³). */
  alpha: number;
  /** Popularity penalty exponent of the end item (≥ 0). */
  beta: number;
  /** Successors kept per item (≥ 1). */
  k: number;
}

/**
 * Keeps the `k` largest of `vals[0…n)` (ties to the lower index), writing their indices sorted
 * ascending into `outIdx` and values into `outVal`; returns how many it kept. `heapI`/`heapV` are
 * scratch of length ≥ k.
 */
export function selectTopK(
  idx: Int32Array, vals: Float64Array, n: number, k: number, heapI: Int32Array, heapV: Float64Array, outIdx: Int32Array, outVal: Float32Array,
): number {
  if (n <= k) {
    const order = Array.from({ length: n }, (_, q) => q).sort((a, b) => idx[a] - idx[b]);
    for (let q = 0; q < n; q++) {
      outIdx[q] = idx[order[q]];
      outVal[q] = vals[order[q]];
    }
    return n;
  }
  // Min-heap on (value asc, index desc): the root is the worst kept entry.
  let size = 0;
  const worse = (a: number, b: number) => heapV[a] < heapV[b] || (heapV[a] === heapV[b] && heapI[a] > heapI[b]);
  const down = (p: number) => {
    for (;;) {
      const l = 2 * p + 1;
      let m = p;
      if (l < size && worse(l, m)) m = l;
      if (l + 1 < size && worse(l + 1, m)) m = l + 1;
      if (m === p) return;
      const ti = heapI[p];
      const tv = heapV[p];
      heapI[p] = heapI[m];
      heapV[p] = heapV[m];
      heapI[m] = ti;
      heapV[m] = tv;
      p = m;
    }
  };
  for (let q = 0; q < n; q++) {
    const v = vals[q];
    const j = idx[q];
    if (size < k) {
      heapI[size] = j;
      heapV[size] = v;
      let c = size++;
      while (c > 0) {
        const p = (c - 1) >> 1;
        if (!worse(c, p)) break;
        const ti = heapI[p];
        const tv = heapV[p];
        heapI[p] = heapI[c];
        heapV[p] = heapV[c];
        heapI[c] = ti;
        heapV[c] = tv;
        c = p;
      }
    } else if (v > heapV[0] || (v === heapV[0] && j < heapI[0])) {
      heapI[0] = j;
      heapV[0] = v;
      down(0);
    }
  }
  const order = Array.from({ length: size }, (_, q) => q).sort((a, b) => heapI[a] - heapI[b]);
  for (let q = 0; q < size; q++) {
    outIdx[q] = heapI[order[q]];
    outVal[q] = heapV[order[q]];
  }
  return size;
}

/** Builds the row-pruned RP3β item graph of `train` (weights as given, e.g. already log-scaled). */
export function rp3betaGraph(train: InteractionMatrix, o: Rp3Options): ItemGraph {
  const n = train.nItems;
  const cols = transpose(train);
  const itemDeg = new Float64Array(n);
  const userDeg = new Float64Array(train.nUsers);
  for (let v = 0; v < train.nUsers; v++) {
    for (let p = train.indptr[v]; p < train.indptr[v + 1]; p++) {
      itemDeg[train.indices[p]] += train.weights[p];
      userDeg[v] += train.weights[p];
    }
  }
  // Transition weights: item → user (in column order) and user → item (in row order).
  const toUser = new Float64Array(cols.indices.length);
  for (let i = 0; i < n; i++) for (let p = cols.indptr[i]; p < cols.indptr[i + 1]; p++) toUser[p] = (cols.weights[p] / itemDeg[i]) ** o.alpha;
  const toItem = new Float64Array(train.indices.length);
  for (let v = 0; v < train.nUsers; v++) for (let p = train.indptr[v]; p < train.indptr[v + 1]; p++) toItem[p] = (train.weights[p] / userDeg[v]) ** o.alpha;
  const endPenalty = Float64Array.from(itemDeg, (d) => (d > 0 ? 1 / d ** o.beta : 0));
  const acc = new Float64Array(n);
  const touched = new Int32Array(n);
  const vals = new Float64Array(n);
  const heapI = new Int32Array(o.k);
  const heapV = new Float64Array(o.k);
  const rowIdx = new Int32Array(o.k);
  const rowVal = new Float32Array(o.k);
  const indptr = new Int32Array(n + 1);
  // Rows are collected in chunks so that the total size need not be known in advance.
  let indices = new Int32Array(Math.min(n * o.k, 1 << 20));
  let values = new Float32Array(indices.length);
  for (let i = 0; i < n; i++) {
    let nt = 0;
    for (let p = cols.indptr[i]; p < cols.indptr[i + 1]; p++) {
      const v = cols.indices[p];
      const t = toUser[p];
      for (let q = train.indptr[v]; q < train.indptr[v + 1]; q++) {
        const j = train.indices[q];
        if (acc[j] === 0) touched[nt++] = j;
        acc[j] += t * toItem[q];
      }
    }
    let nc = 0;
    for (let q = 0; q < nt; q++) {
      const j = touched[q];
      if (j !== i) {
        touched[nc] = j;
        vals[nc++] = acc[j] * endPenalty[j];
      }
      acc[j] = 0;
    }
    const kept = selectTopK(touched, vals, nc, o.k, heapI, heapV, rowIdx, rowVal);
    const at = indptr[i];
    if (at + kept > indices.length) {
      const grown = Math.max(at + kept, Math.min(n * o.k, indices.length * 2));
      const gi = new Int32Array(grown);
      gi.set(indices.subarray(0, at));
      const gv = new Float32Array(grown);
      gv.set(values.subarray(0, at));
      indices = gi;
      values = gv;
    }
    indices.set(rowIdx.subarray(0, kept), at);
    values.set(rowVal.subarray(0, kept), at);
    indptr[i + 1] = at + kept;
  }
  return { nItems: n, indptr, indices: indices.slice(0, indptr[n]), values: values.slice(0, indptr[n]) };
}

/** Adds Σ_{i in history} x_i · W_i· into `acc` (length nItems). */
export function scoreGraph(g: ItemGraph, items: ArrayLike<number>, weights: ArrayLike<number>, acc: Float64Array): void {
  for (let q = 0; q < items.length; q++) {
    const i = items[q];
    const x = weights[q];
    for (let p = g.indptr[i]; p < g.indptr[i + 1]; p++) acc[g.indices[p]] += x * g.values[p];
  }
}
