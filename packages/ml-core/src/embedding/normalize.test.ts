import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../features/types.js';
import { checkNormalization, fitNormalization, INPUT_DIM, normalizeFeatures, normalQuantile } from './normalize.js';

const nF = FEATURE_NAMES.length;
const KEY = FEATURE_NAMES.indexOf('key');
const TEMPO = FEATURE_NAMES.indexOf('tempo');

function rows(values: Partial<Record<(typeof FEATURE_NAMES)[number], number>>[]): Float32Array {
  const out = new Float32Array(values.length * nF).fill(0.5);
  values.forEach((v, i) => FEATURE_NAMES.forEach((n, j) => v[n] !== undefined && (out[i * nF + j] = v[n]!)));
  return out;
}

const dist = (a: Float32Array, b: Float32Array) => Math.hypot(...Array.from(a, (x, i) => x - b[i]));

describe('feature normalisation', () => {
  it('encodes key on a circle: B and C are as close as C and C#', () => {
    const f = rows([{ key: 11 }, { key: 0 }, { key: 1 }, { key: 6 }]);
    const x = normalizeFeatures(fitNormalization(f), f);
    const v = (i: number) => x.subarray(i * INPUT_DIM + 9, i * INPUT_DIM + 11);
    expect(dist(v(0), v(1))).toBeCloseTo(dist(v(1), v(2)), 6);
    expect(dist(v(1), v(3))).toBeCloseTo(2, 6); // opposite side of the circle
    expect(dist(v(0), v(1))).toBeLessThan(0.6);
  });

  it('z-scores the other features and maps unknown values to the mean', () => {
    const f = rows([{ tempo: 100 }, { tempo: 140 }, { tempo: Number.NaN, key: -1 }]);
    const norm = fitNormalization(f);
    expect(norm.names).not.toContain('key');
    expect(norm.mean[norm.names.indexOf('tempo')]).toBeCloseTo(120, 5);
    const x = normalizeFeatures(norm, f);
    expect(x[0]).toBeCloseTo(-1, 5);
    expect(x[INPUT_DIM]).toBeCloseTo(1, 5);
    expect(x[2 * INPUT_DIM]).toBe(0);
    // unknown key: (0, 0), equally far from every key
    expect([x[2 * INPUT_DIM + 9], x[2 * INPUT_DIM + 10]]).toEqual([0, 0]);
    // a constant feature maps to 0, not NaN
    expect(Array.from(x).every(Number.isFinite)).toBe(true);
    expect(x[1]).toBe(0);
    expect(TEMPO).toBe(0);
    expect(KEY).toBeGreaterThan(0);
  });

  it('encodes only the requested rows', () => {
    const f = rows([{ tempo: 100 }, { tempo: 140 }]);
    const norm = fitNormalization(f);
    expect(normalizeFeatures(norm, f, [1])).toEqual(normalizeFeatures(norm, f).subarray(INPUT_DIM));
  });

  it('rejects malformed stored statistics', () => {
    const norm = fitNormalization(rows([{ tempo: 1 }, { tempo: 2 }]));
    expect(checkNormalization(norm)).toBe(norm);
    expect(() => checkNormalization({ ...norm, std: norm.std.map(() => 0) })).toThrow(/normalisation/);
    expect(() => checkNormalization({ ...norm, names: [...norm.names].reverse() })).toThrow(/normalisation/);
    expect(() => checkNormalization(undefined)).toThrow(/BAD_MODEL|normalisation/);
  });

  it('rank-Gauss (quantile) transform: monotone, evens out a skewed feature, ties at the middle', () => {
    const SPEECH = FEATURE_NAMES.indexOf('speechiness');
    const INSTR = FEATURE_NAMES.indexOf('instrumentalness');
    const n = 1000;
    // speechiness skewed (x³), instrumentalness 0 for 70 % of the items
    const f = rows(Array.from({ length: n }, (_, i) => ({ speechiness: (i / n) ** 3, instrumentalness: i < 700 ? 0 : i / n })));
    const norm = fitNormalization(f, 'quantile');
    expect(checkNormalization(norm)).toBe(norm);
    const x = normalizeFeatures(norm, f);
    const col = (name: string) => Array.from({ length: n }, (_, i) => x[i * INPUT_DIM + norm.names.indexOf(name)]);
    const s = col('speechiness');
    // non-decreasing; strictly increasing away from the clipped tails (ranks clipped to 0.5 … 99.5 %)
    for (let i = 1; i < n; i++) expect(s[i]).toBeGreaterThanOrEqual(s[i - 1]);
    for (let i = 10; i < n - 10; i++) expect(s[i]).toBeGreaterThan(s[i - 1]);
    // z-scored after the transform; the median item sits at 0 (raw x³ would put it at −0.6 σ)
    expect(s.reduce((a, b) => a + b, 0) / n).toBeCloseTo(0, 6);
    expect(Math.abs(s[n / 2])).toBeLessThan(0.02);
    const z = col('instrumentalness');
    expect(new Set(z.slice(0, 700)).size).toBe(1); // the tied zeros share one value
    expect(z[0]).toBeLessThan(z[700]);
    expect(SPEECH).not.toBe(INSTR);
    // JSON round trip keeps the transform and the encoded values
    const again = JSON.parse(JSON.stringify(norm)) as typeof norm;
    expect(normalizeFeatures(again, f)).toEqual(x);
    expect(() => checkNormalization({ ...norm, quantiles: norm.quantiles!.map((q) => [...q].reverse()) })).toThrow(/normalisation/);
  });

  it('inverse normal CDF', () => {
    expect(normalQuantile(0.5)).toBeCloseTo(0, 9);
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
  });
});
