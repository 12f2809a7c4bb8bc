import { FEATURE_NAMES } from './types.js';

/** Dimensions of a content vector: nine z-scored features plus key as sin and cos. */
export const CONTENT_DIM = 11;

const KEY_COL = FEATURE_NAMES.indexOf('key');

/**
 * Content vectors as `../EVALUATION.md` defines them for the "content, audio only"
 * baseline: the ten features z-scored over all given tracks, with key replaced by
 * sin and cos of 2π·key/12 (so B and C are neighbours). Unknown values (NaN) and an
 * unknown key (-1) become 0 (the mean).
 *
 * @param features item-major raw features, `features[i * 10 + j]` = FEATURE_NAMES[j] of item i
 * @returns item-major vectors of {@link CONTENT_DIM} dims: the nine non-key features in
 *   FEATURE_NAMES order, then sin(key), cos(key)
 */
export function contentVectors(features: Float32Array): Float32Array {
  const nF = FEATURE_NAMES.length;
  const n = features.length / nF;
  const out = new Float32Array(n * CONTENT_DIM);
  let d = 0;
  for (let j = 0; j < nF; j++) {
    if (j === KEY_COL) continue;
    let sum = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = features[i * nF + j];
      if (Number.isNaN(v)) continue;
      sum += v;
      sq += v * v;
      count++;
    }
    const mean = count ? sum / count : 0;
    const std = count ? Math.sqrt(Math.max(sq / count - mean * mean, 0)) : 0;
    for (let i = 0; i < n; i++) {
      const v = features[i * nF + j];
      out[i * CONTENT_DIM + d] = Number.isNaN(v) || std === 0 ? 0 : (v - mean) / std;
    }
    d++;
  }
  for (let i = 0; i < n; i++) {
    const key = features[i * nF + KEY_COL];
    if (Number.isNaN(key) || key < 0) continue;
    out[i * CONTENT_DIM + 9] = Math.sin((2 * Math.PI * key) / 12);
    out[i * CONTENT_DIM + 10] = Math.cos((2 * Math.PI * key) / 12);
  }
  return out;
}
