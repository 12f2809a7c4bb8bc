import { AudiioError } from '../errors.js';
import { FEATURE_NAMES } from '../features/types.js';

/** Number of model inputs: the nine non-key features z-scored, then key as sin and cos. */
export const INPUT_DIM = 11;

const N_FEATURES = FEATURE_NAMES.length;
const KEY_COL = FEATURE_NAMES.indexOf('key');

/**
 * How raw audio features become model inputs; stored with the model so that
 * vectors computed later use exactly the statistics the model was trained with.
 *
 * - the nine non-key features (FEATURE_NAMES order, key skipped) are z-scored:
 *   `(x - mean) / std` with the mean and population standard deviation over the
 *   training catalogue; unknown values (NaN) become 0 (the mean);
 * - key (pitch class 0–11) is circular, so it becomes `sin(2π·key/12)`,
 *   `cos(2π·key/12)`: B (11) and C (0) are neighbours; an unknown key (-1 or NaN)
 *   becomes (0, 0), equally far from every key.
 */
export interface FeatureNormalization {
  /** Feature names in input order (the nine z-scored ones). */
  names: string[];
  mean: number[];
  std: number[];
}

/** The non-key feature names, in input order. */
const ZSCORED = FEATURE_NAMES.filter((n) => n !== 'key');

/**
 * Fits z-scoring statistics over item-major raw features
 * (`features[i * 10 + j]` = FEATURE_NAMES[j] of item i; NaN where unknown).
 * A constant feature gets std 1 (so it maps to 0).
 */
export function fitNormalization(features: Float32Array): FeatureNormalization {
  const n = features.length / N_FEATURES;
  const mean: number[] = [];
  const std: number[] = [];
  for (let j = 0; j < N_FEATURES; j++) {
    if (j === KEY_COL) continue;
    let sum = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const v = features[i * N_FEATURES + j];
      if (Number.isNaN(v)) continue;
      sum += v;
      sq += v * v;
      count++;
    }
    const m = count ? sum / count : 0;
    const s = count ? Math.sqrt(Math.max(sq / count - m * m, 0)) : 0;
    mean.push(m);
    std.push(s > 1e-12 ? s : 1);
  }
  return { names: [...ZSCORED], mean, std };
}

/** Throws `BAD_MODEL` unless `norm` is a well-formed normalisation for the current feature set. */
export function checkNormalization(norm: unknown, path?: string): FeatureNormalization {
  const n = norm as FeatureNormalization | undefined;
  const ok =
    n !== undefined &&
    Array.isArray(n.names) &&
    Array.isArray(n.mean) &&
    Array.isArray(n.std) &&
    n.names.length === ZSCORED.length &&
    n.names.every((name, i) => name === ZSCORED[i]) &&
    n.mean.length === ZSCORED.length &&
    n.std.length === ZSCORED.length &&
    [...n.mean, ...n.std].every((v) => typeof v === 'number' && Number.isFinite(v)) &&
    n.std.every((v) => v > 0);
  if (!ok) throw new AudiioError('BAD_MODEL', 'the model file has no valid feature normalisation; retrain the model', { path });
  return n;
}

/**
 * Encodes item-major raw features into item-major model inputs of
 * {@link INPUT_DIM} dims (nine z-scored features, then sin(key), cos(key)).
 *
 * @param rows optional item indices to encode (default: all items)
 */
export function normalizeFeatures(norm: FeatureNormalization, features: Float32Array, rows?: ArrayLike<number>): Float32Array {
  const n = rows ? rows.length : features.length / N_FEATURES;
  const out = new Float32Array(n * INPUT_DIM);
  for (let r = 0; r < n; r++) {
    const i = rows ? rows[r] : r;
    const base = i * N_FEATURES;
    let d = 0;
    for (let j = 0; j < N_FEATURES; j++) {
      if (j === KEY_COL) continue;
      const v = features[base + j];
      out[r * INPUT_DIM + d] = Number.isNaN(v) ? 0 : (v - norm.mean[d]) / norm.std[d];
      d++;
    }
    const key = features[base + KEY_COL];
    if (!Number.isNaN(key) && key >= 0) {
      out[r * INPUT_DIM + 9] = Math.sin((2 * Math.PI * key) / 12);
      out[r * INPUT_DIM + 10] = Math.cos((2 * Math.PI * key) / 12);
    }
  }
  return out;
}
