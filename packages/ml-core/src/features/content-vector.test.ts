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
    // B (11) and C (0) are neighbours on the key circle
    const dist = Math.hypot(v[9] - v[CONTENT_DIM + 9], v[10] - v[CONTENT_DIM + 10]);
    expect(dist).toBeCloseTo(2 * Math.sin(Math.PI / 12), 5);
  });

  it('maps unknown values and an unknown key to zero', () => {
    const raw = new Float32Array([NaN, -1, 1, 0.2, 0.5, 0.5, 0.1, 0, 0.05, -10, 120, 3, 0, 0.4, 0.5, 0.5, 0.1, 0, 0.05, -8]);
    const v = contentVectors(raw);
    expect(v[0]).toBe(0);
    expect(v[9]).toBe(0);
    expect(v[10]).toBe(0);
  });
});
