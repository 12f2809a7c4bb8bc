import { describe, expect, it } from 'vitest';
import { CONTENT_DIM, contentVectors } from './content-vector.js';

describe('contentVectors', () => {
  it('z-scores each feature and encodes key on the circle', () => {
    // two items; features in FEATURE_NAMES order: tempo,key,mode,energy,danceability,valence,acousticness,instrumentalness,speechiness,loudness
    const raw = new Float32Array([100, 11, 1, 0.2, 0.5, 0.5, 0.1, 0, 0.05, -10, 140, 0, 0, 0.8, 0.5, 0.5, 0.1, 0, 0.05, -6]);
    const v = contentVectors(raw);
    expect(v.length).toBe(2 * CONTENT_DIM);
    expect(v[0]).toBeCloseTo(-1); // tempo of item 0
    expect(v[CONTENT_DIM]).toBeCloseTo(1); // tempo of item 1
    expect(v[3]).toBe(0); // danceability has no spread
    // key as sin/cos, z-scored: with two items every varying column is ±1
    expect(Math.abs(v[9])).toBeCloseTo(1);
    expect(v[9]).toBeCloseTo(-v[CONTENT_DIM + 9]);
  });

  it('keeps B and C neighbours on the key circle', () => {
    // one item per key: B (11) is as close to C (0) as C# (1) is, and far closer than F# (6)
    const row = (key: number) => [120, key, 1, 0.5, 0.5, 0.5, 0.1, 0, 0.05, -8];
    const v = contentVectors(new Float32Array(Array.from({ length: 12 }, (_, k) => row(k)).flat()));
    const d = (a: number, b: number) => Math.hypot(v[a * CONTENT_DIM + 9] - v[b * CONTENT_DIM + 9], v[a * CONTENT_DIM + 10] - v[b * CONTENT_DIM + 10]);
    expect(d(0, 11)).toBeCloseTo(d(0, 1), 5);
    expect(d(0, 11)).toBeLessThan(d(0, 6) / 3);
  });

  it('maps unknown values and an unknown key to zero', () => {
    const raw = new Float32Array([NaN, -1, 1, 0.2, 0.5, 0.5, 0.1, 0, 0.05, -10, 120, 3, 0, 0.4, 0.5, 0.5, 0.1, 0, 0.05, -8]);
    const v = contentVectors(raw);
    expect(v[0]).toBe(0);
    expect(v[9]).toBe(0);
    expect(v[10]).toBe(0);
  });
});
