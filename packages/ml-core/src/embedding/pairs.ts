import type { InteractionMatrix } from '../ranking/types.js';

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

/** The set of items each user likes in `train` (for masking false negatives). */
export function likedSets(train: InteractionMatrix): Set<number>[] {
  return Array.from({ length: train.nUsers }, (_, u) => new Set(train.indices.subarray(train.indptr[u], train.indptr[u + 1])));
}

/**
 * Anchor sets for set-to-item training: for pairs `from … from + n − 1` of `pairs`,
 * `k` items of the pair's user per row (row-major, `n·k` items): the pair's `a`,
 * then `k − 1` more of the user's items, never the pair's `b` (the positive) and
 * without repeats while the user has enough items (with repeats otherwise).
 */
export function drawAnchorSets(train: InteractionMatrix, pairs: PairSet, from: number, n: number, k: number, rand: () => number): Int32Array {
  const out = new Int32Array(n * k);
  const { indptr, indices } = train;
  const chosen = new Set<number>();
  for (let r = 0; r < n; r++) {
    const u = pairs.user[from + r];
    const pos = pairs.b[from + r];
    const start = indptr[u];
    const count = indptr[u + 1] - start;
    const distinct = count - 1 >= k;
    chosen.clear();
    chosen.add(pairs.a[from + r]);
    out[r * k] = pairs.a[from + r];
    for (let c = 1; c < k; c++) {
      let item: number;
      do item = indices[start + Math.floor(rand() * count)];
      while (item === pos || (distinct && chosen.has(item)));
      chosen.add(item);
      out[r * k + c] = item;
    }
  }
  return out;
}
