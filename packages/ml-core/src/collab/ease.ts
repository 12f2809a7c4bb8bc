/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data", WWW): the closed-form
 * item–item model B = I − P·diag(P)⁻¹ with P = (XᵀX + λI)⁻¹, score = x·B, inverting the smaller of
 * the item and user Gram matrices (the user form by the Woodbury identity). Used by the `ease`
 * baseline of the harness and by the collaborative model when the Gram fits; {@link scoreEaseHistory}
 * scores any history vector (fold-in), not only a training row.
 */
import { AudiioError } from '../errors.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { itemCounts, transpose } from '../ranking/interactions.js';
import { sinkColdItems } from './cold.js';

/**
 * Largest Gram matrix EASE inverts by default: 10,000² doubles = 800 MB (×3 during the
 * inverse) and ~10¹² multiply-adds, i.e. tens of minutes in JavaScript; time grows as n³.
 */
export const EASE_MAX_GRAM = 10_000;

/**
 * Inverse of a symmetric positive definite matrix (dense, row-major n×n) via its Cholesky
 * factor A = L·Lᵀ (Cholesky–Banachiewicz, row by row) and A⁻¹ = L⁻ᵀ·L⁻¹, all on Float64Array
 * rows so every inner loop runs over contiguous memory: ~n³ multiply-adds in total. Written
 * here rather than taken from ml-matrix because ml-matrix's accessor-based `solve(I)` alone
 * took 3.8 s at n = 471 (these loops: under 0.4 s); ml-matrix is the reference in the tests.
 *
 * @throws AudiioError `INTERNAL` when the matrix is not positive definite.
 */
export function spdInverse(gram: Float64Array, n: number): Float64Array {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const rj = j * n;
      let s = gram[ri + j];
      for (let k = 0; k < j; k++) s -= l[ri + k] * l[rj + k];
      if (i === j) {
        if (!(s > 0)) throw new AudiioError('INTERNAL', 'ease: the regularised Gram matrix is not positive definite (is lambda > 0?)');
        l[ri + i] = Math.sqrt(s);
      } else {
        l[ri + j] = s / l[rj + j];
      }
    }
  }
  // M = L⁻¹ (lower triangular), row by row: M_ij = −(Σ_{j≤k<i} L_ik·M_kj) / L_ii.
  const m = new Float64Array(n * n);
  const acc = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    acc.fill(0, 0, i);
    const ri = i * n;
    for (let k = 0; k < i; k++) {
      const lik = l[ri + k];
      if (lik === 0) continue;
      const rk = k * n;
      for (let j = 0; j <= k; j++) acc[j] += lik * m[rk + j];
    }
    const d = l[ri + i];
    for (let j = 0; j < i; j++) m[ri + j] = -acc[j] / d;
    m[ri + i] = 1 / d;
  }
  // A⁻¹ = Mᵀ·M: (A⁻¹)_ab = Σ_{k ≥ max(a,b)} M_ka·M_kb.
  const inv = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    const row = k * n;
    for (let a = 0; a <= k; a++) {
      const mka = m[row + a];
      if (mka === 0) continue;
      const ra = a * n;
      for (let b = a; b <= k; b++) inv[ra + b] += mka * m[row + b];
    }
  }
  for (let a = 0; a < n; a++) for (let b = 0; b < a; b++) inv[a * n + b] = inv[b * n + a];
  return inv;
}

/** Gram matrix rows·rowsᵀ + λI of a CSR matrix, restricted to the listed rows (dense, row-major). */
function gram(m: InteractionMatrix, cols: InteractionMatrix, rowIds: Int32Array, lambda: number): Float64Array {
  const n = rowIds.length;
  const pos = new Int32Array(m.nUsers).fill(-1);
  rowIds.forEach((r, a) => (pos[r] = a));
  const g = new Float64Array(n * n);
  for (let c = 0; c < cols.nUsers; c++) {
    for (let p = cols.indptr[c]; p < cols.indptr[c + 1]; p++) {
      const a = pos[cols.indices[p]];
      for (let q = cols.indptr[c]; q < cols.indptr[c + 1]; q++) {
        g[a * n + pos[cols.indices[q]]] += cols.weights[p] * cols.weights[q];
      }
    }
  }
  for (let a = 0; a < n; a++) g[a * n + a] += lambda;
  return g;
}

/** A fitted EASE model: the inverted Gram of the smaller side and what scoring needs. */
export type EaseFit =
  | { form: 'user'; lambda: number; train: InteractionMatrix; cols: InteractionMatrix; k: Float64Array; pdiag: Float64Array; counts: Float64Array; acc: Float64Array }
  | { form: 'item'; lambda: number; train: InteractionMatrix; warm: Int32Array; pos: Int32Array; p: Float64Array; counts: Float64Array; acc: Float64Array };

/**
 * Fits EASE (Steck 2019, "Embarrassingly Shallow Autoencoders"): P = (XᵀX + λI)⁻¹,
 * B = I − P·diag(P)⁻¹, score = X_u·B, over the items with training pairs (others score −∞).
 *
 * Two exact forms, the smaller Gram is inverted:
 * - item form (items ≤ users): P over the warm items directly;
 * - user form (users < items, e.g. 471 playlists × 28k tracks), by the Woodbury identity
 *   P = (I − Xᵀ K X)/λ with K = (XXᵀ + λI)⁻¹ (users × users), so diag(P)_j = (1 − x_jᵀ K x_j)/λ
 *   and X_u·P = K_u·X; hence score_u[j] = X_uj − (K_u X)_j / P_jj, never forming P.
 * Refuses (BAD_ARGUMENT) when both dimensions exceed `maxGram`.
 */
export function fitEase(train: InteractionMatrix, lambda: number, maxGram = EASE_MAX_GRAM): EaseFit {
  const counts = itemCounts(train);
  const warm = Int32Array.from(counts.keys()).filter((i) => counts[i] > 0);
  const cols = transpose(train);
  const users = Int32Array.from({ length: train.nUsers }, (_, u) => u);
  const acc = new Float64Array(train.nItems);
  if (Math.min(warm.length, train.nUsers) > maxGram) {
    throw new AudiioError(
      'BAD_ARGUMENT',
      `ease: both the ${train.nUsers} users and the ${warm.length} items with training pairs exceed max_gram=${maxGram}; ` +
        `a dense ${Math.min(warm.length, train.nUsers)}² inverse would need ${((8 * Math.min(warm.length, train.nUsers) ** 2) / 1e9).toFixed(1)} GB. ` +
        `Use itemknn or rp3beta, or raise max_gram if the machine allows`,
    );
  }
  if (warm.length <= train.nUsers) {
    const p = spdInverse(gram(cols, train, warm, lambda), warm.length);
    const pos = new Int32Array(train.nItems).fill(-1);
    warm.forEach((i, a) => (pos[i] = a));
    return { form: 'item', lambda, train, warm, pos, p, counts, acc };
  }
  const k = spdInverse(gram(train, cols, users, lambda), train.nUsers);
  const m = train.nUsers;
  const pdiag = new Float64Array(train.nItems);
  for (let j = 0; j < train.nItems; j++) {
    let q = 0;
    for (let a = cols.indptr[j]; a < cols.indptr[j + 1]; a++) {
      for (let b = cols.indptr[j]; b < cols.indptr[j + 1]; b++) {
        q += cols.weights[a] * k[cols.indices[a] * m + cols.indices[b]] * cols.weights[b];
      }
    }
    pdiag[j] = (1 - q) / lambda;
  }
  return { form: 'user', lambda, train, cols, k, pdiag, counts, acc };
}

/** Writes EASE scores of training user `u` into `out` (the user form reads K's row u: K_u·X = X_u·P). */
export function scoreEase(f: EaseFit, u: number, out: Float32Array): void {
  const { train, acc } = f;
  acc.fill(0);
  if (f.form === 'user') {
    const m = train.nUsers;
    for (let v = 0; v < m; v++) {
      const kv = f.k[u * m + v];
      if (kv === 0) continue;
      for (let p = train.indptr[v]; p < train.indptr[v + 1]; p++) acc[train.indices[p]] += kv * train.weights[p];
    }
    out.fill(0);
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) out[train.indices[p]] = train.weights[p];
    for (let j = 0; j < out.length; j++) if (f.pdiag[j] !== 0) out[j] = out[j] - acc[j] / f.pdiag[j];
  } else {
    const n = f.warm.length;
    for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
      const a = f.pos[train.indices[p]];
      const w = train.weights[p];
      for (let b = 0; b < n; b++) if (a !== b) acc[f.warm[b]] -= (w * f.p[a * n + b]) / f.p[b * n + b];
    }
    for (let j = 0; j < out.length; j++) out[j] = acc[j];
  }
  sinkColdItems(out, f.counts);
}

/**
 * EASE scores of any history (items with their weights, as in training) into `out`, for fold-in:
 * the item form sums rows of B; the user form uses x·P = (x − (x·Xᵀ)·K·X)/λ (Woodbury), which for a
 * training row equals {@link scoreEase}'s K_u·X up to rounding, so score_j = x_j − (x·P)_j / P_jj.
 * Items without training pairs get −∞; indices must be < nItems.
 */
export function scoreEaseHistory(f: EaseFit, items: ArrayLike<number>, weights: ArrayLike<number>, out: Float32Array): void {
  const { acc } = f;
  acc.fill(0);
  if (f.form === 'item') {
    const n = f.warm.length;
    for (let q = 0; q < items.length; q++) {
      const a = f.pos[items[q]];
      if (a < 0) continue;
      const w = weights[q];
      for (let b = 0; b < n; b++) if (a !== b) acc[f.warm[b]] -= (w * f.p[a * n + b]) / f.p[b * n + b];
    }
    for (let j = 0; j < out.length; j++) out[j] = acc[j];
  } else {
    const { train, cols, k } = f;
    const m = train.nUsers;
    const s = new Float64Array(m);
    for (let q = 0; q < items.length; q++) {
      const i = items[q];
      for (let p = cols.indptr[i]; p < cols.indptr[i + 1]; p++) s[cols.indices[p]] += weights[q] * cols.weights[p];
    }
    const t = new Float64Array(m);
    for (let v = 0; v < m; v++) {
      const sv = s[v];
      if (sv === 0) continue;
      const row = v * m;
      for (let w = 0; w < m; w++) t[w] += sv * k[row + w];
    }
    for (let w = 0; w < m; w++) {
      const tw = t[w];
      if (tw === 0) continue;
      for (let p = train.indptr[w]; p < train.indptr[w + 1]; p++) acc[train.indices[p]] += tw * train.weights[p];
    }
    out.fill(0);
    for (let q = 0; q < items.length; q++) out[items[q]] += weights[q];
    for (let j = 0; j < out.length; j++) if (f.pdiag[j] !== 0) out[j] = out[j] - (out[j] - acc[j]) / f.lambda / f.pdiag[j];
  }
  sinkColdItems(out, f.counts);
}
