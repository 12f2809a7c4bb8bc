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
 *   `(t(x) - mean) / std` with the mean and population standard deviation over the
 *   training catalogue; unknown values (NaN) become 0 (the mean). `t` is the
 *   identity, or with `quantiles` the rank-Gauss transform: the value's position
 *   among the catalogue's quantiles (piecewise linear; the middle of a run of tied
 *   quantiles, e.g. the many 0s of instrumentalness), mapped through the standard
 *   normal's inverse CDF; this evens out skewed features (speechiness,
 *   instrumentalness, loudness) so that their bulk is not squeezed near one value;
 * - key (pitch class 0–11) is circular, so it becomes `sin(2π·key/12)`,
 *   `cos(2π·key/12)`: B (11) and C (0) are neighbours; an unknown key (-1 or NaN)
 *   becomes (0, 0), equally far from every key.
 */
export interface FeatureNormalization {
  /** Feature names in input order (the nine z-scored ones). */
  names: string[];
  mean: number[];
  std: number[];
  /** Optional rank-Gauss transform: per feature, ascending quantile knots (q0 … q100 at equal steps). */
  quantiles?: number[][];
}

/** How {@link fitNormalization} transforms the non-key features before z-scoring. */
export type InputTransform = 'zscore' | 'quantile';

/** Knots of the rank-Gauss transform (0th … 100th percentile). */
const N_KNOTS = 101;
/** Ranks are clipped to [U_CLIP, 1 − U_CLIP] before the inverse normal CDF (±2.58 σ). */
const U_CLIP = 0.005;

/** Inverse standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) => (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Number of ascending `knots` below `v` (`strict`) or at most `v`. */
function countBelow(knots: number[], v: number, strict: boolean): number {
  let l = 0;
  let h = knots.length;
  while (l < h) {
    const mid = (l + h) >> 1;
    if (knots[mid] < v || (!strict && knots[mid] === v)) l = mid + 1;
    else h = mid;
  }
  return l;
}

/** Rank-Gauss value of `v` given ascending knots: position in [0, 1] among the knots, then Φ⁻¹. */
function rankGauss(knots: number[], v: number): number {
  const m = knots.length;
  const lo = countBelow(knots, v, true);
  const hi = countBelow(knots, v, false);
  let pos: number;
  if (hi > lo) pos = (lo + hi - 1) / 2; // v equals knots lo … hi − 1: their middle
  else if (lo === 0) pos = 0;
  else if (lo === m) pos = m - 1;
  else pos = lo - 1 + (v - knots[lo - 1]) / (knots[lo] - knots[lo - 1]);
  const u = Math.min(1 - U_CLIP, Math.max(U_CLIP, pos / (m - 1)));
  return normalQuantile(u);
}

/** The non-key feature names, in input order. */
const ZSCORED = FEATURE_NAMES.filter((n) => n !== 'key');

/**
 * Fits z-scoring statistics over item-major raw features
 * (`features[i * 10 + j]` = FEATURE_NAMES[j] of item i; NaN where unknown).
 * A constant feature gets std 1 (so it maps to 0).
 */
export function fitNormalization(features: Float32Array, transform: InputTransform = 'zscore'): FeatureNormalization {
  const n = features.length / N_FEATURES;
  const mean: number[] = [];
  const std: number[] = [];
  const quantiles: number[][] = [];
  for (let j = 0; j < N_FEATURES; j++) {
    if (j === KEY_COL) continue;
    let knots: number[] | undefined;
    if (transform === 'quantile') {
      const known = Float64Array.from({ length: n }, (_, i) => features[i * N_FEATURES + j]).filter((v) => !Number.isNaN(v)).sort();
      knots = known.length
        ? Array.from({ length: N_KNOTS }, (_, q) => {
            const pos = (q / (N_KNOTS - 1)) * (known.length - 1);
            const i = Math.floor(pos);
            return i + 1 < known.length ? known[i] + (pos - i) * (known[i + 1] - known[i]) : known[i];
          })
        : [0];
      quantiles.push(knots);
    }
    let sum = 0;
    let sq = 0;
    let count = 0;
    for (let i = 0; i < n; i++) {
      const raw = features[i * N_FEATURES + j];
      if (Number.isNaN(raw)) continue;
      const v = knots ? rankGauss(knots, raw) : raw;
      sum += v;
      sq += v * v;
      count++;
    }
    const m = count ? sum / count : 0;
    const s = count ? Math.sqrt(Math.max(sq / count - m * m, 0)) : 0;
    mean.push(m);
    std.push(s > 1e-12 ? s : 1);
  }
  return transform === 'quantile' ? { names: [...ZSCORED], mean, std, quantiles } : { names: [...ZSCORED], mean, std };
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
    n.std.every((v) => v > 0) &&
    (n.quantiles === undefined ||
      (Array.isArray(n.quantiles) &&
        n.quantiles.length === ZSCORED.length &&
        n.quantiles.every((q) => Array.isArray(q) && q.length > 0 && q.every((v, i) => typeof v === 'number' && Number.isFinite(v) && (i === 0 || v >= q[i - 1])))));
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
      const raw = features[base + j];
      const v = norm.quantiles ? rankGauss(norm.quantiles[d], raw) : raw;
      out[r * INPUT_DIM + d] = Number.isNaN(raw) ? 0 : (v - norm.mean[d]) / norm.std[d];
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
