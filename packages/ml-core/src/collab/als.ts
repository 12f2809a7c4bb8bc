/**
 * Implicit alternating least squares (Hu, Koren & Volinsky 2008, "Collaborative Filtering for
 * Implicit Feedback Datasets") with the conjugate-gradient inner solver of Takács, Pilászy & Tikk
 * 2011 ("Applications of the Conjugate Gradient Method for Implicit Feedback Collaborative
 * Filtering"): every (user, item) pair is a preference p = 1 if observed, else 0, with confidence
 * c = 1 + α·x (x the pair's transformed weight, 0 when unobserved); user and item factors minimise
 * Σ c (p − xᵤᵀyᵢ)² + λ(Σ‖xᵤ‖² + Σ‖yᵢ‖²). Each half-step solves, per row, the d×d system
 * (YᵀY + λI + Σ_{i∈I(u)} (c − 1) yᵢyᵢᵀ) xᵤ = Σ_{i∈I(u)} c yᵢ by a few CG steps warm-started from the
 * previous solution, O(nnz·d + rows·d²) per step (YᵀY is shared).
 *
 * Fold-in: a user is not stored. Their factor is solved exactly (Cholesky) from their current
 * history and the item factors at query time, so a user who just listened is scored on it at once.
 */
import { AudiioError } from '../errors.js';
import { seededRandom } from '../random.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { transpose } from '../ranking/interactions.js';

/** Options of {@link fitAls}. */
export interface AlsOptions {
  /** Latent dimension d. */
  factors: number;
  /** L2 regularisation λ (> 0). */
  lambda: number;
  /** Confidence slope α: c = 1 + α·x. */
  alpha: number;
  /** Alternations (user step + item step). */
  iterations: number;
  /** CG steps per row per half-step (Takács et al. use 2–4). */
  cgSteps: number;
  seed: number;
}

/** Item factors (items × d, row-major) and their Gram matrix YᵀY (d × d), what fold-in needs. */
export interface AlsFactors {
  factors: number;
  itemFactors: Float32Array;
  gram: Float64Array;
}

/** YᵀY of row-major factors. */
function gramOf(f: Float32Array, rows: number, d: number): Float64Array {
  const g = new Float64Array(d * d);
  for (let r = 0; r < rows; r++) {
    const o = r * d;
    for (let a = 0; a < d; a++) {
      const fa = f[o + a];
      if (fa === 0) continue;
      const ga = a * d;
      for (let b = a; b < d; b++) g[ga + b] += fa * f[o + b];
    }
  }
  for (let a = 0; a < d; a++) for (let b = 0; b < a; b++) g[a * d + b] = g[b * d + a];
  return g;
}

/** Scratch vectors of one CG solve. */
interface Cg {
  r: Float64Array;
  p: Float64Array;
  ap: Float64Array;
  x: Float64Array;
}

/**
 * One half-step: for every row of `m` (rows × other), refines `target` (rows × d) by `steps` CG
 * iterations on the system built from `other` (other × d) and `gram` = otherᵀother.
 */
function halfStep(m: InteractionMatrix, other: Float32Array, target: Float32Array, gram: Float64Array, d: number, o: AlsOptions, s: Cg): void {
  const { r, p, ap, x } = s;
  for (let u = 0; u < m.nUsers; u++) {
    const a = m.indptr[u];
    const b = m.indptr[u + 1];
    const off = u * d;
    for (let k = 0; k < d; k++) x[k] = target[off + k];
    // r = b − A x, with b = Σ c yᵢ and A x = (YᵀY + λI) x + Σ (c − 1)(yᵢ·x) yᵢ.
    for (let k = 0; k < d; k++) {
      let gx = o.lambda * x[k];
      const gk = k * d;
      for (let l = 0; l < d; l++) gx += gram[gk + l] * x[l];
      r[k] = -gx;
    }
    for (let q = a; q < b; q++) {
      const yo = m.indices[q] * d;
      const c1 = o.alpha * m.weights[q];
      let yx = 0;
      for (let k = 0; k < d; k++) yx += other[yo + k] * x[k];
      const f = c1 + 1 - c1 * yx;
      for (let k = 0; k < d; k++) r[k] += f * other[yo + k];
    }
    let rs = 0;
    for (let k = 0; k < d; k++) {
      p[k] = r[k];
      rs += r[k] * r[k];
    }
    for (let it = 0; it < o.cgSteps && rs > 1e-20; it++) {
      for (let k = 0; k < d; k++) {
        let v = o.lambda * p[k];
        const gk = k * d;
        for (let l = 0; l < d; l++) v += gram[gk + l] * p[l];
        ap[k] = v;
      }
      for (let q = a; q < b; q++) {
        const yo = m.indices[q] * d;
        const c1 = o.alpha * m.weights[q];
        let yp = 0;
        for (let k = 0; k < d; k++) yp += other[yo + k] * p[k];
        yp *= c1;
        for (let k = 0; k < d; k++) ap[k] += yp * other[yo + k];
      }
      let pap = 0;
      for (let k = 0; k < d; k++) pap += p[k] * ap[k];
      const step = rs / pap;
      let rsNew = 0;
      for (let k = 0; k < d; k++) {
        x[k] += step * p[k];
        r[k] -= step * ap[k];
        rsNew += r[k] * r[k];
      }
      const beta = rsNew / rs;
      for (let k = 0; k < d; k++) p[k] = r[k] + beta * p[k];
      rs = rsNew;
    }
    for (let k = 0; k < d; k++) target[off + k] = x[k];
  }
}

/**
 * Fits iALS on `train` (weights already transformed: the confidence is 1 + α·weight) and returns
 * the item factors. User factors are only a means to that end (see the module doc).
 */
export function fitAls(train: InteractionMatrix, o: AlsOptions): AlsFactors {
  const d = o.factors;
  if (!(Number.isInteger(d) && d >= 1 && d <= 1024)) throw new AudiioError('BAD_ARGUMENT', `als: factors must be an integer in 1…1024, got ${d}`);
  const cols = transpose(train);
  const rnd = seededRandom(o.seed);
  const userF = new Float32Array(train.nUsers * d);
  const itemF = new Float32Array(train.nItems * d);
  const scale = 0.1 / Math.sqrt(d);
  for (let i = 0; i < itemF.length; i++) itemF[i] = (rnd() - 0.5) * scale;
  const s: Cg = { r: new Float64Array(d), p: new Float64Array(d), ap: new Float64Array(d), x: new Float64Array(d) };
  for (let it = 0; it < o.iterations; it++) {
    halfStep(train, itemF, userF, gramOf(itemF, train.nItems, d), d, o, s);
    halfStep(cols, userF, itemF, gramOf(userF, train.nUsers, d), d, o, s);
  }
  return { factors: d, itemFactors: itemF, gram: gramOf(itemF, train.nItems, d) };
}

/**
 * The exact user factor for a history (Cholesky solve of the iALS normal equations with the item
 * factors fixed), written into `x` (length d). `weights` are transformed weights, as in training.
 */
export function alsUserFactor(f: AlsFactors, items: ArrayLike<number>, weights: ArrayLike<number>, lambda: number, alpha: number, x: Float64Array): void {
  const d = f.factors;
  const a = new Float64Array(d * d);
  for (let k = 0; k < d * d; k++) a[k] = f.gram[k];
  for (let k = 0; k < d; k++) a[k * d + k] += lambda;
  x.fill(0);
  for (let q = 0; q < items.length; q++) {
    const yo = items[q] * d;
    const c1 = alpha * weights[q];
    for (let k = 0; k < d; k++) {
      const yk = f.itemFactors[yo + k];
      x[k] += (1 + c1) * yk;
      const ck = c1 * yk;
      if (ck === 0) continue;
      for (let l = 0; l <= k; l++) a[k * d + l] += ck * f.itemFactors[yo + l];
    }
  }
  // Cholesky A = L·Lᵀ in the lower triangle, then L z = b, Lᵀ x = z.
  for (let i = 0; i < d; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = a[i * d + j];
      for (let k = 0; k < j; k++) sum -= a[i * d + k] * a[j * d + k];
      a[i * d + j] = i === j ? Math.sqrt(Math.max(sum, 1e-12)) : sum / a[j * d + j];
    }
  }
  for (let i = 0; i < d; i++) {
    let sum = x[i];
    for (let k = 0; k < i; k++) sum -= a[i * d + k] * x[k];
    x[i] = sum / a[i * d + i];
  }
  for (let i = d - 1; i >= 0; i--) {
    let sum = x[i];
    for (let k = i + 1; k < d; k++) sum -= a[k * d + i] * x[k];
    x[i] = sum / a[i * d + i];
  }
}
