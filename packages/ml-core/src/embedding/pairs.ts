import type { InteractionMatrix } from '../eval/types.js';

import { seededRandom } from '../random.js';

/** Shuffles `a` in place (Fisher–Yates) with `rand`. */
export function shuffleInPlace(a: Int32Array | number[], rand: () => number): void {
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    const t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/** Positive training pairs: `a[k]` and `b[k]` are items liked by user `user[k]`. */
export interface PairSet {
  a: Int32Array;
  b: Int32Array;
  user: Int32Array;
}

/**
 * Positive pairs as the seed describes them (two tracks liked by the same user),
 * with at most `maxPairsPerUser` pairs per user, so that a user with 5,000 likes
 * yields as many pairs as the cap rather than 12.5 million. A user whose
 * n(n−1)/2 unordered pairs fit the cap gives all of them; otherwise the cap is
 * filled with pairs drawn uniformly (two distinct items, with replacement across
 * draws). The result is shuffled with `rand`.
 */
export function samplePairs(train: InteractionMatrix, maxPairsPerUser: number, rand: () => number): PairSet {
  const { indptr, indices } = train;
  let total = 0;
  for (let u = 0; u < train.nUsers; u++) {
    const n = indptr[u + 1] - indptr[u];
    total += Math.min((n * (n - 1)) / 2, maxPairsPerUser);
  }
  const a = new Int32Array(total);
  const b = new Int32Array(total);
  const user = new Int32Array(total);
  let k = 0;
  for (let u = 0; u < train.nUsers; u++) {
    const start = indptr[u];
    const n = indptr[u + 1] - start;
    if (n < 2) continue;
    if ((n * (n - 1)) / 2 <= maxPairsPerUser) {
      for (let i = 0; i < n; i++) {
        for (let j = i + 1; j < n; j++) {
          const swap = rand() < 0.5;
          a[k] = indices[start + (swap ? j : i)];
          b[k] = indices[start + (swap ? i : j)];
          user[k++] = u;
        }
      }
    } else {
      for (let c = 0; c < maxPairsPerUser; c++) {
        const i = Math.floor(rand() * n);
        let j = Math.floor(rand() * (n - 1));
        if (j >= i) j++;
        a[k] = indices[start + i];
        b[k] = indices[start + j];
        user[k++] = u;
      }
    }
  }
  const order = Int32Array.from({ length: total }, (_, i) => i);
  shuffleInPlace(order, rand);
  return { a: order.map((i) => a[i]), b: order.map((i) => b[i]), user: order.map((i) => user[i]) };
}
