import { describe, expect, it } from 'vitest';
import type { InteractionMatrix } from '../ranking/types.js';
import { drawAnchorSets, likedSets, samplePairs } from './pairs.js';
import { seededRandom } from '../random.js';

/** A matrix where user u likes `sizes[u]` items (u*1000 .. u*1000+n-1). */
function matrix(sizes: number[]): InteractionMatrix {
  const indptr = [0];
  const indices: number[] = [];
  sizes.forEach((n, u) => {
    for (let i = 0; i < n; i++) indices.push(u * 1000 + i);
    indptr.push(indices.length);
  });
  return { nUsers: sizes.length, nItems: sizes.length * 1000, indptr: Int32Array.from(indptr), indices: Int32Array.from(indices), weights: new Float32Array(indices.length).fill(1) };
}

describe('samplePairs', () => {
  it('caps the pairs of a heavy user and keeps every pair of a light one', () => {
    const p = samplePairs(matrix([5000, 4, 1, 0]), 300, seededRandom(1));
    const perUser = [0, 0, 0, 0];
    for (const u of p.user) perUser[u]++;
    expect(perUser).toEqual([300, 6, 0, 0]);
    const light = new Set<string>();
    p.user.forEach((u, k) => u === 1 && light.add([p.a[k], p.b[k]].sort().join()));
    expect(light.size).toBe(6);
  });

  it('pairs two distinct items of the same user', () => {
    const p = samplePairs(matrix([50, 30]), 100, seededRandom(2));
    for (let k = 0; k < p.a.length; k++) {
      expect(p.a[k]).not.toBe(p.b[k]);
      expect(Math.floor(p.a[k] / 1000)).toBe(p.user[k]);
      expect(Math.floor(p.b[k] / 1000)).toBe(p.user[k]);
    }
  });

  it('is reproducible for a seed and differs across seeds', () => {
    const m = matrix([40, 40, 40]);
    expect(samplePairs(m, 50, seededRandom(7))).toEqual(samplePairs(m, 50, seededRandom(7)));
    expect(samplePairs(m, 50, seededRandom(7)).a).not.toEqual(samplePairs(m, 50, seededRandom(8)).a);
  });
});

describe('drawAnchorSets', () => {
  it("draws k of the user's items per pair, starting with a, never the positive b, distinct while possible", () => {
    const m = matrix([30, 3, 2]);
    const p = samplePairs(m, 40, seededRandom(3));
    const k = 4;
    const sets = drawAnchorSets(m, p, 0, p.a.length, k, seededRandom(4));
    expect(sets.length).toBe(p.a.length * k);
    const liked = likedSets(m);
    for (let r = 0; r < p.a.length; r++) {
      const row = Array.from(sets.subarray(r * k, (r + 1) * k));
      expect(row[0]).toBe(p.a[r]);
      expect(row).not.toContain(p.b[r]);
      for (const i of row) expect(liked[p.user[r]].has(i)).toBe(true);
      // user 0 has 29 other items: no repeats; users 1 and 2 have too few: repeats allowed
      if (p.user[r] === 0) expect(new Set(row).size).toBe(k);
    }
    expect(drawAnchorSets(m, p, 5, 10, k, seededRandom(4))).toEqual(drawAnchorSets(m, p, 5, 10, k, seededRandom(4)));
  });
});
