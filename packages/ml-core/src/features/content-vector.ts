import { FEATURE_NAMES } from './types.js';

/** Dimensions of a content vector: nine features plus key as sin and cos, all z-scored. */
export const CONTENT_DIM = 11;

const KEY_COL = FEATURE_NAMES.indexOf('key');

/**
 * Content vectors as `EVALUATION.md` defines them for the "content, audio only"
 * baseline: the nine non-key features in FEATURE_NAMES order, then key as sin and cos
 * of 2π·key/12 (so B and C are neighbours), every one of the 11 columns z-scored over
 * the given tracks (the reference figures standardise the sin/cos columns too).
 * Unknown values (NaN) and an unknown key (-1) become 0, the column mean.
 *
 * @param features item-major raw features, `features[i * 10 + j]` = FEATURE_NAMES[j] of item i
 * @returns item-major vectors of {@link CONTENT_DIM} dims
 */
export function contentVectors(features: Float32Array): Float32Array {
  const nF = FEATURE_NAMES.length;
  const n = features.length / nF;
  const out = new Float32Array(n * CONTENT_DIM);
  for (let i = 0; i < n; i++) {
    let d = 0;
    for (let j = 0; j < nF; j++) if (j !== KEY_COL) out[i * CONTENT_DIM + d++] = features[i * nF + j];
    const key = features[i * nF + KEY_COL];
    const known = !Number.isNaN(key) && key >= 0;
    out[i * CONTENT_DIM + 9] = known ? Math.sin((2 * Math.PI * key) / 12) : NaN;
    out[i * CONTENT_DIM + 10] = known ? Math.cos((2 * Math.PI * key) / 12) : NaN;
  }
  for (let d = 0; d < CONTENT_DIM; d++) zScoreColumn(out, n, d);
  return out;
}

/** Z-scores column `d` of an item-major matrix in place, ignoring NaN; NaN and zero-spread columns become 0. */
function zScoreColumn(m: Float32Array, n: number, d: number): void {
  let sum = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    const v = m[i * CONTENT_DIM + d];
    if (!Number.isNaN(v)) {
      sum += v;
      count++;
    }
  }
  const mean = count ? sum / count : 0;
  let sq = 0;
  for (let i = 0; i < n; i++) {
    const v = m[i * CONTENT_DIM + d];
    if (!Number.isNaN(v)) sq += (v - mean) ** 2;
  }
  const std = count ? Math.sqrt(sq / count) : 0;
  for (let i = 0; i < n; i++) {
    const v = m[i * CONTENT_DIM + d];
    m[i * CONTENT_DIM + d] = Number.isNaN(v) || std === 0 ? 0 : (v - mean) / std;
  }
}
