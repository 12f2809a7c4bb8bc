/**
 * Helpers for the users × items interaction matrix in compressed sparse row form
 * ({@link InteractionMatrix}), shared by the models and the evaluation harness.
 */
import type { InteractionMatrix } from './types.js';

/** Compressed sparse rows from (row, column, weight) triples; columns sorted within a row. */
export function toCsr(nRows: number, nCols: number, rows: Int32Array, cols: Int32Array, w: Float32Array): InteractionMatrix {
  const indptr = new Int32Array(nRows + 1);
  for (let e = 0; e < rows.length; e++) indptr[rows[e] + 1]++;
  for (let r = 0; r < nRows; r++) indptr[r + 1] += indptr[r];
  const fill = indptr.slice(0, nRows);
  const indices = new Int32Array(rows.length);
  const weights = new Float32Array(rows.length);
  for (let e = 0; e < rows.length; e++) {
    const p = fill[rows[e]]++;
    indices[p] = cols[e];
    weights[p] = w[e];
  }
  for (let r = 0; r < nRows; r++) {
    const a = indptr[r];
    const b = indptr[r + 1];
    if (b - a < 2) continue;
    const order = Array.from({ length: b - a }, (_, k) => a + k).sort((x, y) => indices[x] - indices[y]);
    const ci = order.map((p) => indices[p]);
    const cw = order.map((p) => weights[p]);
    indices.set(ci, a);
    weights.set(cw, a);
  }
  return { nUsers: nRows, nItems: nCols, indptr, indices, weights };
}

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

