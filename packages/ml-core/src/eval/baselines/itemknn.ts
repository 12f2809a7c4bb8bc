import { AudiioError } from '../../errors.js';
import type { InteractionMatrix, RecommenderFactory } from '../../ranking/types.js';
import { itemCounts, transpose } from '../../ranking/interactions.js';
import { fitted, sinkColdItems } from './common.js';

/**
 * A pruned item–item similarity, stored for scoring: row i lists the items j that keep i
 * among their k nearest neighbours, with sim(i, j).
 */
interface Neighbours {
  indptr: Int32Array;
  indices: Int32Array;
  sims: Float32Array;
}

/**
 * Item–item cosine with shrinkage, pruned to each item's `k` most similar neighbours
 * (Sarwar et al. 2001; the shrunk cosine of Koren 2008): C = XᵀX without its diagonal,
 * sim(i,j) = C_ij / (√pop_i·√pop_j + shrink) with pop_i = Σ_v X_vi² (the item's number of
 * training pairs for likes). Each item j keeps its k most similar items N(j) (ties to the
 * lower index); a user's score for j is Σ over the user's items i in N(j) of X_ui·sim(i, j).
 */
export function itemKnnSimilarity(train: InteractionMatrix, k: number, shrink: number): Neighbours {
  const cols = transpose(train);
  const n = train.nItems;
  const norm = new Float64Array(n);
  for (let e = 0; e < train.indices.length; e++) norm[train.indices[e]] += train.weights[e] * train.weights[e];
  for (let i = 0; i < n; i++) norm[i] = Math.sqrt(norm[i]);
  const acc = new Float64Array(n);
  const touched: number[] = [];
  const rows: { idx: Int32Array; sim: Float32Array }[] = [];
  let total = 0;
  for (let i = 0; i < n; i++) {
    touched.length = 0;
    for (let p = cols.indptr[i]; p < cols.indptr[i + 1]; p++) {
      const v = cols.indices[p];
      const wi = cols.weights[p];
      for (let q = train.indptr[v]; q < train.indptr[v + 1]; q++) {
        const j = train.indices[q];
        if (j === i) continue;
        if (acc[j] === 0) touched.push(j);
        acc[j] += wi * train.weights[q];
      }
    }
    const cand = touched.map((j) => ({ j, s: acc[j] / (norm[i] * norm[j] + shrink) }));
    for (const j of touched) acc[j] = 0;
    cand.sort((a, b) => b.s - a.s || a.j - b.j);
    const kept = cand.slice(0, k);
    rows.push({ idx: Int32Array.from(kept, (c) => c.j), sim: Float32Array.from(kept, (c) => c.s) });
    total += kept.length;
  }
  // Transpose: row i lists the items j that keep i among their k neighbours.
  const indptr = new Int32Array(n + 1);
  for (const r of rows) for (const i of r.idx) indptr[i + 1]++;
  for (let i = 0; i < n; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, n);
  const indices = new Int32Array(total);
  const sims = new Float32Array(total);
  for (let j = 0; j < n; j++) {
    const { idx, sim } = rows[j];
    for (let q = 0; q < idx.length; q++) {
      const p = fill[idx[q]]++;
      indices[p] = j;
      sims[p] = sim[q];
    }
  }
  return { indptr, indices, sims };
}

/** `itemknn:k=,shrink=`: score_j = Σ over the user's items i among j's k nearest neighbours of X_ui·sim(i, j). */
export const itemKnnFactory: RecommenderFactory = {
  name: 'itemknn',
  params: {
    k: { default: 200, grid: [50, 100, 200, 400], doc: 'neighbours kept per item (≥ 1)' },
    shrink: { default: 10, grid: [0, 10, 50, 100], doc: 'shrinkage added to the cosine denominator (≥ 0)' },
  },
  create(params) {
    const k = Number(params.k);
    const shrink = Number(params.shrink);
    if (!Number.isInteger(k) || k < 1) throw new AudiioError('BAD_ARGUMENT', `itemknn: k must be an integer ≥ 1, got ${params.k}`);
    if (!(shrink >= 0)) throw new AudiioError('BAD_ARGUMENT', `itemknn: shrink must be ≥ 0, got ${params.shrink}`);
    let model: { nb: Neighbours; train: InteractionMatrix; counts: Float64Array; acc: Float64Array } | null = null;
    return {
      name: 'itemknn',
      params: { k, shrink },
      fit(input) {
        model = {
          nb: itemKnnSimilarity(input.train, k, shrink),
          train: input.train,
          counts: itemCounts(input.train),
          acc: new Float64Array(input.train.nItems),
        };
      },
      scoreUser(u, out) {
        const { nb, train, counts, acc } = fitted(model, 'itemknn');
        acc.fill(0);
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const i = train.indices[p];
          const w = train.weights[p];
          for (let q = nb.indptr[i]; q < nb.indptr[i + 1]; q++) acc[nb.indices[q]] += w * nb.sims[q];
        }
        for (let j = 0; j < out.length; j++) out[j] = acc[j];
        sinkColdItems(out, counts);
      },
    };
  },
};
