import type { InteractionMatrix } from '../types.js';

/** The transpose of a CSR matrix (items × users), i.e. the column view of the interactions. */
export function transpose(m: InteractionMatrix): InteractionMatrix {
  const indptr = new Int32Array(m.nItems + 1);
  for (let e = 0; e < m.indices.length; e++) indptr[m.indices[e] + 1]++;
  for (let i = 0; i < m.nItems; i++) indptr[i + 1] += indptr[i];
  const fill = indptr.slice(0, m.nItems);
  const indices = new Int32Array(m.indices.length);
  const weights = new Float32Array(m.indices.length);
  for (let u = 0; u < m.nUsers; u++) {
    for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) {
      const q = fill[m.indices[p]]++;
      indices[q] = u;
      weights[q] = m.weights[p];
    }
  }
  return { nUsers: m.nItems, nItems: m.nUsers, indptr, indices, weights };
}

/** Number of training pairs of every item. */
export function itemCounts(m: InteractionMatrix): Float64Array {
  const c = new Float64Array(m.nItems);
  for (let e = 0; e < m.indices.length; e++) c[m.indices[e]]++;
  return c;
}

/**
 * Gives items with no training pair the lowest possible score (−∞), as EVALUATION.md's
 * collaborative baselines do, so that a negative score never ranks below an unseen item.
 */
export function sinkColdItems(out: Float32Array, counts: Float64Array): void {
  for (let i = 0; i < out.length; i++) if (counts[i] === 0) out[i] = -Infinity;
}

/** Throws unless `fit` ran before scoring. */
export function fitted<T>(value: T | null, name: string): T {
  if (value === null) throw new Error(`${name}: scoreUser called before fit`);
  return value;
}
