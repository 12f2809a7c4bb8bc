/**
 * Seeded synthetic vectors for tests and `bench:index`: a Gaussian mixture on
 * the unit sphere, resembling learned embeddings (tracks group by style, with
 * spread inside each group).
 */

import { seededRandom } from '@audiio-ml/ml-core/internal';

/** Standard normal sampler (Box–Muller) over a uniform source. */
export function gaussian(rand: () => number): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const s = spare;
      spare = undefined;
      return s;
    }
    const u = rand() || 1e-12;
    const v = rand();
    const r = Math.sqrt(-2 * Math.log(u));
    spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };
}

/** The first index whose cumulative weight `cum[i]` is ≥ `u` (binary search): a draw from the weights when `u` is uniform in [0, total). */
export function searchCumulative(cum: ArrayLike<number>, u: number): number {
  let lo = 0;
  let hi = cum.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (cum[mid] < u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Options of {@link clusteredUnitVectors}. */
export interface ClusteredOptions {
  /** Mixture components (default: √n, at least 1). */
  clusters?: number;
  /**
   * Within-cluster standard deviation per dimension relative to the centre's
   * (default 0.5: neighbours within a cluster have cosine ≈ 0.8, across clusters ≈ 0).
   */
  spread?: number;
  /** PRNG seed (default 1). */
  seed?: number;
  /**
   * Dimensions the within-cluster variation spans (default: all of `dim`,
   * isotropic). Embeddings computed from a few input features vary along a
   * low-dimensional manifold: e.g. 16 puts each cluster's spread in its own
   * random 16-d subspace, plus isotropic noise of 10% of the spread.
   */
  intrinsic?: number;
}

/**
 * `n` unit vectors of `dim` dims, row-major in one Float32Array: each is a
 * random centre (itself a random unit direction) plus isotropic Gaussian noise,
 * then normalised. Cluster sizes are uneven (centres drawn with Zipf-like weights),
 * like genres.
 */
export function clusteredUnitVectors(n: number, dim: number, options: ClusteredOptions = {}): Float32Array {
  const rand = seededRandom(options.seed ?? 1);
  const gauss = gaussian(rand);
  const nc = Math.max(1, options.clusters ?? Math.round(Math.sqrt(n)));
  const spread = options.spread ?? 0.5;
  const centres = new Float32Array(nc * dim);
  for (let c = 0; c < nc; c++) {
    let sq = 0;
    for (let j = 0; j < dim; j++) {
      const v = gauss();
      centres[c * dim + j] = v;
      sq += v * v;
    }
    const inv = 1 / Math.sqrt(sq);
    for (let j = 0; j < dim; j++) centres[c * dim + j] *= inv;
  }
  // Zipf-like cluster weights (s = 0.8) as a cumulative table.
  const cum = new Float64Array(nc);
  let total = 0;
  for (let c = 0; c < nc; c++) cum[c] = total += 1 / Math.pow(c + 1, 0.8);
  const intrinsic = Math.min(dim, Math.max(1, options.intrinsic ?? dim));
  const lowRank = intrinsic < dim;
  // Per cluster, `intrinsic` random directions (not orthogonalised: random 128-d directions are nearly orthogonal).
  const bases = lowRank ? new Float32Array(nc * intrinsic * dim) : new Float32Array(0);
  for (let i = 0; i < bases.length; i++) bases[i] = gauss() / Math.sqrt(dim);
  const out = new Float32Array(n * dim);
  const sigma = (lowRank ? 0.1 * spread : spread) / Math.sqrt(dim);
  const sigmaLow = spread / Math.sqrt(intrinsic);
  for (let i = 0; i < n; i++) {
    const lo = searchCumulative(cum, rand() * total);
    for (let j = 0; j < dim; j++) out[i * dim + j] = centres[lo * dim + j] + sigma * gauss();
    for (let b = 0; b < (lowRank ? intrinsic : 0); b++) {
      const g = sigmaLow * gauss();
      const off = (lo * intrinsic + b) * dim;
      for (let j = 0; j < dim; j++) out[i * dim + j] += g * bases[off + j];
    }
    let sq = 0;
    for (let j = 0; j < dim; j++) sq += out[i * dim + j] * out[i * dim + j];
    const inv = 1 / Math.sqrt(sq);
    for (let j = 0; j < dim; j++) out[i * dim + j] *= inv;
  }
  return out;
}
