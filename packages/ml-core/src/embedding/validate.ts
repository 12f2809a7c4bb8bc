import * as tf from '@tensorflow/tfjs';
import { ndcgAtK, topK } from '../ranking/metrics.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { shuffleInPlace } from './pairs.js';
import { seededRandom } from '../random.js';

/** Training interactions with some of each user's items held out for validation. */
export interface ValidationSplit {
  /** What the model is trained on. */
  fit: InteractionMatrix;
  /** Held-out item indices per user (empty for users not validated). */
  heldOut: Int32Array[];
}

/**
 * Holds out, for each user with at least 5 items, `max(1, floor(n·fraction))`
 * random items (seeded), the same procedure as the evaluation protocol's split.
 * With `fraction` 0 nothing is held out.
 */
export function splitValidation(train: InteractionMatrix, fraction: number, seed: number): ValidationSplit {
  const rand = seededRandom(seed ^ 0x5eed);
  const indptr = new Int32Array(train.nUsers + 1);
  const indices: number[] = [];
  const weights: number[] = [];
  const heldOut: Int32Array[] = [];
  for (let u = 0; u < train.nUsers; u++) {
    const start = train.indptr[u];
    const n = train.indptr[u + 1] - start;
    const hold = new Set<number>();
    if (fraction > 0 && n >= 5) {
      const order = Array.from({ length: n }, (_, i) => i);
      shuffleInPlace(order, rand);
      for (const i of order.slice(0, Math.max(1, Math.floor(n * fraction)))) hold.add(i);
    }
    const held: number[] = [];
    for (let i = 0; i < n; i++) {
      if (hold.has(i)) held.push(train.indices[start + i]);
      else {
        indices.push(train.indices[start + i]);
        weights.push(train.weights[start + i]);
      }
    }
    heldOut.push(Int32Array.from(held));
    indptr[u + 1] = indices.length;
  }
  return {
    fit: { nUsers: train.nUsers, nItems: train.nItems, indptr, indices: Int32Array.from(indices), weights: Float32Array.from(weights) },
    heldOut,
  };
}

/**
 * The seed's taste vector: the interaction-weighted average of a user's item
 * vectors, L2-normalised (zero when the user has no items).
 *
 * @returns user-major vectors, `dim` floats per user
 */
export function tasteVectors(train: InteractionMatrix, itemVectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(train.nUsers * dim);
  for (let u = 0; u < train.nUsers; u++) {
    const o = u * dim;
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
      const w = train.weights[p];
      const i = train.indices[p] * dim;
      for (let d = 0; d < dim; d++) out[o + d] += w * itemVectors[i + d];
    }
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += out[o + d] * out[o + d];
    norm = Math.sqrt(norm);
    if (norm > 0) for (let d = 0; d < dim; d++) out[o + d] /= norm;
  }
  return out;
}

/**
 * NDCG@k (binary relevance) of ranking every item by cosine to the user's taste
 * vector, training items excluded, averaged over users with held-out items; the
 * early-stopping criterion. Uses the harness's `topK` and `ndcgAtK` (EVALUATION.md).
 */
export function validationNdcg(split: ValidationSplit, itemVectors: Float32Array, dim: number, k = 20): number {
  const users = split.heldOut.flatMap((h, u) => (h.length > 0 ? [u] : []));
  if (users.length === 0) return 0;
  const taste = tasteVectors(split.fit, itemVectors, dim);
  const nItems = split.fit.nItems;
  // [dim, nItems], so the product below is a plain matMul (WASM's transposed matMul is ~10× slower).
  const items = tf.tidy(() => tf.tensor2d(itemVectors, [nItems, dim]).transpose());
  let sum = 0;
  const ranked = new Int32Array(k);
  const chunk = 64;
  for (let c = 0; c < users.length; c += chunk) {
    const batch = users.slice(c, c + chunk);
    const q = new Float32Array(batch.length * dim);
    batch.forEach((u, r) => q.set(taste.subarray(u * dim, (u + 1) * dim), r * dim));
    const scores = tf.tidy(() => tf.matMul(tf.tensor2d(q, [batch.length, dim]), items));
    const s = scores.dataSync() as Float32Array;
    scores.dispose();
    batch.forEach((u, r) => {
      const row = s.subarray(r * nItems, (r + 1) * nItems);
      const n = topK(row, k, split.fit.indices.subarray(split.fit.indptr[u], split.fit.indptr[u + 1]), ranked);
      sum += ndcgAtK(ranked.subarray(0, n), split.heldOut[u], k);
    });
  }
  items.dispose();
  return sum / users.length;
}
