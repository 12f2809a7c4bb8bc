import { AudiioError } from '../../errors.js';
import type { InteractionMatrix, RecommenderFactory } from '../../ranking/types.js';
import { itemCounts, transpose } from '../../ranking/interactions.js';
import { fitted, sinkColdItems } from './common.js';

interface Fitted {
  train: InteractionMatrix;
  cols: InteractionMatrix;
  /** Σ_v X_vi per item and Σ_i X_vi per user (transition normalisers). */
  itemDeg: Float64Array;
  userDeg: Float64Array;
  counts: Float64Array;
  t: Float64Array;
  acc: Float64Array;
}

/**
 * `rp3beta:alpha=,beta=`: RP3β (Paudel et al. 2017, "Updatable, accurate, diverse, and scalable
 * recommendations for interactive applications"), a 3-step random walk user→item→user→item
 * with transition probabilities raised to α and the end item's degree penalised by pop^β:
 * W_ij = Σ_v (X_vi/pop_i)^α (X_vj/n_v)^α / pop_j^β, no pruning (EVALUATION.md), score = X_u·W.
 * Computed per user in two sparse passes (items → users → items), W is never materialised.
 */
export const rp3betaFactory: RecommenderFactory = {
  name: 'rp3beta',
  params: {
    alpha: { default: 0.5, grid: [0.25, 0.5, 0.75, 1], doc: 'exponent of the transition probabilities (> 0)' },
    beta: { default: 0.25, grid: [0, 0.25, 0.5], doc: 'popularity penalty exponent of the end item (≥ 0)' },
  },
  create(params) {
    const alpha = Number(params.alpha);
    const beta = Number(params.beta);
    if (!(alpha > 0)) throw new AudiioError('BAD_ARGUMENT', `rp3beta: alpha must be > 0, got ${params.alpha}`);
    if (!(beta >= 0)) throw new AudiioError('BAD_ARGUMENT', `rp3beta: beta must be ≥ 0, got ${params.beta}`);
    let f: Fitted | null = null;
    return {
      name: 'rp3beta',
      params: { alpha, beta },
      fit({ train }) {
        const cols = transpose(train);
        const itemDeg = new Float64Array(train.nItems);
        const userDeg = new Float64Array(train.nUsers);
        for (let v = 0; v < train.nUsers; v++) {
          for (let p = train.indptr[v]; p < train.indptr[v + 1]; p++) {
            itemDeg[train.indices[p]] += train.weights[p];
            userDeg[v] += train.weights[p];
          }
        }
        const counts = itemCounts(train);
        f = { train, cols, itemDeg, userDeg, counts, t: new Float64Array(train.nUsers), acc: new Float64Array(train.nItems) };
      },
      scoreUser(u, out) {
        const { train, cols, itemDeg, userDeg, counts, t, acc } = fitted(f, 'rp3beta');
        t.fill(0);
        acc.fill(0);
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const i = train.indices[p];
          const xui = train.weights[p];
          for (let q = cols.indptr[i]; q < cols.indptr[i + 1]; q++) {
            t[cols.indices[q]] += xui * (cols.weights[q] / itemDeg[i]) ** alpha;
          }
        }
        for (let v = 0; v < train.nUsers; v++) {
          if (t[v] === 0) continue;
          for (let p = train.indptr[v]; p < train.indptr[v + 1]; p++) {
            acc[train.indices[p]] += t[v] * (train.weights[p] / userDeg[v]) ** alpha;
          }
        }
        for (let j = 0; j < out.length; j++) out[j] = itemDeg[j] > 0 ? acc[j] / itemDeg[j] ** beta : 0;
        sinkColdItems(out, counts);
      },
    };
  },
};
