import { describe, expect, it } from 'vitest';
import { toCsr } from '../ranking/interactions.js';
import { rp3betaGraph, scoreGraph, selectTopK } from './item-graph.js';

/** u0: a b · u1: a c · u2: b c d (items a…d = 0…3), weights 1 unless given. */
function tiny(w: number[] = [1, 1, 1, 1, 1, 1, 1]) {
  return toCsr(3, 4, Int32Array.from([0, 0, 1, 1, 2, 2, 2]), Int32Array.from([0, 1, 0, 2, 1, 2, 3]), Float32Array.from(w));
}

const entry = (g: ReturnType<typeof rp3betaGraph>, i: number, j: number) => {
  for (let p = g.indptr[i]; p < g.indptr[i + 1]; p++) if (g.indices[p] === j) return g.values[p];
  return 0;
};

describe('rp3betaGraph', () => {
  it('α = 1, β = 0 is the three-step walk probability P(i → v → j), without the diagonal', () => {
    const g = rp3betaGraph(tiny(), { alpha: 1, beta: 0, k: 10 });
    // a → u0 (½) → b (½) = ¼; a → u1 (½) → c (½) = ¼; b → u2 (½) → c (⅓) = ⅙, b → u0 (½) → a (½) = ¼.
    expect(entry(g, 0, 1)).toBeCloseTo(1 / 4, 6);
    expect(entry(g, 0, 2)).toBeCloseTo(1 / 4, 6);
    expect(entry(g, 0, 3)).toBe(0); // no common user
    expect(entry(g, 1, 0)).toBeCloseTo(1 / 4, 6);
    expect(entry(g, 1, 2)).toBeCloseTo(1 / 6, 6);
    expect(entry(g, 1, 3)).toBeCloseTo(1 / 6, 6);
    expect(entry(g, 3, 3)).toBe(0);
    expect(Array.from(g.indices.subarray(g.indptr[1], g.indptr[2]))).toEqual([0, 2, 3]); // ascending
  });

  it('α and β: W_ij = Σ_v (X_vi/deg_i)^α (X_vj/deg_v)^α / deg_j^β', () => {
    const g = rp3betaGraph(tiny(), { alpha: 0.5, beta: 1, k: 10 });
    // b → d through u2 only: (1/2)^½ · (1/3)^½ / deg_d¹ (deg_d = 1).
    expect(entry(g, 1, 3)).toBeCloseTo(Math.sqrt(1 / 2) * Math.sqrt(1 / 3), 6);
    // b → c through u2: same walk, divided by deg_c = 2.
    expect(entry(g, 1, 2)).toBeCloseTo((Math.sqrt(1 / 2) * Math.sqrt(1 / 3)) / 2, 6);
  });

  it('uses the interaction weights: a heavier pair pulls its item up', () => {
    // u2 played c three times (weight 3): b → c now beats b → d.
    const g = rp3betaGraph(tiny([1, 1, 1, 1, 1, 3, 1]), { alpha: 1, beta: 0, k: 10 });
    expect(entry(g, 1, 2)).toBeCloseTo((1 / 2) * (3 / 5), 6);
    expect(entry(g, 1, 3)).toBeCloseTo((1 / 2) * (1 / 5), 6);
  });

  it('keeps the k largest entries per row, ties to the lower item', () => {
    const g = rp3betaGraph(tiny(), { alpha: 1, beta: 0, k: 1 });
    // Row b: a ¼ beats c and d (⅙ each); row a: b and c tie at ¼ → b (lower index).
    expect(Array.from(g.indices.subarray(g.indptr[1], g.indptr[2]))).toEqual([0]);
    expect(Array.from(g.indices.subarray(g.indptr[0], g.indptr[1]))).toEqual([1]);
    const acc = new Float64Array(4);
    scoreGraph(g, [0, 1], [1, 2], acc); // a·W_a + 2·W_b
    expect(acc[1]).toBeCloseTo(1 / 4, 6);
    expect(acc[0]).toBeCloseTo(2 / 4, 6);
  });
});

describe('selectTopK', () => {
  it('agrees with a full sort (value desc, index asc) and returns indices ascending', () => {
    let s = 11;
    const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
    const n = 300;
    const idx = Int32Array.from({ length: n }, (_, q) => (q * 7919) % 1009);
    const vals = Float64Array.from({ length: n }, () => Math.floor(rnd() * 25));
    const k = 40;
    const outIdx = new Int32Array(k);
    const outVal = new Float32Array(k);
    const got = selectTopK(idx, vals, n, k, new Int32Array(k), new Float64Array(k), outIdx, outVal);
    const want = Array.from({ length: n }, (_, q) => q)
      .sort((a, b) => vals[b] - vals[a] || idx[a] - idx[b])
      .slice(0, k)
      .map((q) => idx[q])
      .sort((a, b) => a - b);
    expect(got).toBe(k);
    expect(Array.from(outIdx)).toEqual(want);
  });
});
