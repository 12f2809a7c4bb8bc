import { describe, expect, it } from 'vitest';
import { coverageAtK, distinctArtistsAtK, ndcgAtK, recallAtK, topK } from './metrics.js';

describe('ranking metrics (hand-computed)', () => {
  const ranked = [5, 3, 9, 1];
  const relevant = [3, 1];

  it('Recall@K divides by min(K, |relevant|)', () => {
    expect(recallAtK(ranked, relevant, 1)).toBe(0); // item 5 is not relevant
    expect(recallAtK(ranked, relevant, 2)).toBe(0.5); // 1 hit of min(2, 2)
    expect(recallAtK(ranked, relevant, 10)).toBe(1); // fewer relevant items than K: 2 of min(10, 2)
    expect(recallAtK([7, 8, 9], [9, 1, 2, 3], 2)).toBe(0); // K = 2 < |relevant| = 4
    expect(recallAtK([9, 8, 1], [9, 1, 2, 3], 3)).toBeCloseTo(2 / 3, 12);
    expect(recallAtK(ranked, [], 10)).toBe(0);
  });

  it('NDCG@K uses 1/log2(r+1) and the ideal DCG over min(K, |relevant|) ranks', () => {
    const d2 = 1 / Math.log2(3);
    const d4 = 1 / Math.log2(5);
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(d2 / (1 + d2), 12); // 0.38685
    expect(ndcgAtK(ranked, relevant, 2)).toBeCloseTo(0.386853, 6);
    expect(ndcgAtK(ranked, relevant, 10)).toBeCloseTo((d2 + d4) / (1 + d2), 12); // 0.65093
    expect(ndcgAtK(ranked, relevant, 10)).toBeCloseTo(0.650921, 6);
    expect(ndcgAtK([3, 1], relevant, 10)).toBe(1); // perfect list shorter than K
    expect(ndcgAtK(ranked, [], 10)).toBe(0);
  });

  it('coverage counts distinct items of all top-K lists over the catalogue', () => {
    expect(coverageAtK([[0, 1], [1, 2]], 10, 2)).toBeCloseTo(0.3, 12);
    expect(coverageAtK([[0, 1], [1, 2]], 10, 1)).toBeCloseTo(0.2, 12);
    expect(coverageAtK([], 0, 20)).toBe(0);
  });

  it('distinct artists counts an unknown artist as its own', () => {
    expect(distinctArtistsAtK([0, 1, 2, 3, 4], ['x', 'y', 'x', null, null], 5)).toBe(4);
    expect(distinctArtistsAtK([0, 2], ['x', 'y', 'x'], 20)).toBe(1);
  });
});

describe('topK', () => {
  it('orders by score, breaks ties by lower index, skips masked items, puts NaN last', () => {
    const scores = new Float32Array([0.5, 0.9, 0.5, 0.9, NaN, 0.1]);
    const out = new Int32Array(6);
    expect(topK(scores, 3, [3], out)).toBe(3);
    expect(Array.from(out.subarray(0, 3))).toEqual([1, 0, 2]);
    expect(topK(scores, 6, [3], out)).toBe(5);
    expect(Array.from(out.subarray(0, 5))).toEqual([1, 0, 2, 5, 4]);
  });

  it('breaks a tie at the K boundary in favour of the lower index', () => {
    const scores = new Float32Array([1, 0, 0, 0, 2]);
    const out = new Int32Array(2);
    topK(scores, 2, [], out);
    expect(Array.from(out)).toEqual([4, 0]);
    topK(new Float32Array([0, 0, 0, 0]), 2, [0], out);
    expect(Array.from(out)).toEqual([1, 2]);
  });

  it('agrees with a full sort on random scores with many ties', () => {
    let s = 7;
    const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
    const scores = Float32Array.from({ length: 500 }, () => Math.floor(rnd() * 20) / 20);
    const skip = [3, 10, 11, 400];
    const want = Array.from(scores.keys())
      .filter((i) => !skip.includes(i))
      .sort((a, b) => scores[b] - scores[a] || a - b)
      .slice(0, 50);
    const out = new Int32Array(50);
    topK(scores, 50, skip, out);
    expect(Array.from(out)).toEqual(want);
  });
});
