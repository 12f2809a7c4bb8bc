import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES } from '../features/types.js';
import { checkNormalization, fitNormalization, INPUT_DIM, normalizeFeatures } from './normalize.js';

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
});
