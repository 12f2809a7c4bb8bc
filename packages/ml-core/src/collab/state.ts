/**
 * The options and trained state of the collaborative model (`model.ts`), shared with its file
 * I/O (`io.ts`).
 */
import { AudiioError } from '../errors.js';
import type { EaseFit } from './ease.js';
import type { ItemGraph } from './item-graph.js';
import type { Weighting } from './weighting.js';

/** Options of {@link CollaborativeModel.train}. */
export interface CollaborativeOptions {
  /** How interaction weights become model values (default `log`: log2(1 + w)). */
  weighting: Weighting;
  /**
   * EASE L2 regularisation relative to the data (> 0): λ = reg × the mean diagonal of XᵀX over the
   * items with interactions (their mean squared norm), so that one value fits data sets of any
   * density and weight scale (the best absolute λ grew with it: ≈ 30–100 × on both the Spotify and
   * the synthetic validation splits).
   */
  reg: number;
  /** RP3β transition exponent α (> 0). */
  alpha: number;
  /** RP3β popularity penalty β (≥ 0). */
  beta: number;
  /** RP3β successors kept per item (≥ 1). */
  k: number;
  /** Share of RP3β in the blend: 0 = EASE only, 1 = RP3β only. */
  blend: number;
  /** Largest min(users, items with interactions) for which EASE is fitted (its dense inverse is that size). */
  easeMax: number;
  /** Id of each item index, saved with the model (optional). */
  itemIds: string[] | null;
}

/** Defaults of {@link CollaborativeOptions}, chosen on the validation splits (`scripts/bench-collab.ts --quality`). */
export const COLLAB_DEFAULTS: Readonly<CollaborativeOptions> = {
  weighting: 'log',
  reg: 50,
  alpha: 0.5,
  beta: 0.25,
  k: 500,
  blend: 0.5,
  easeMax: 3000,
  itemIds: null,
};

/** Which components a trained model holds. */
export type CollabMethod = 'ease' | 'rp3beta' | 'ease+rp3beta';

/** The trained state; everything {@link CollaborativeModel} needs to score and to be saved. */
export interface CollabState {
  options: CollaborativeOptions;
  nUsers: number;
  pairs: number;
  /** Training interactions per item (0: cold, scored −∞). */
  counts: Float64Array;
  ease: EaseFit | null;
  graph: ItemGraph | null;
  /** Why EASE was left out although asked for, if it was. */
  note: string | null;
}

/** Throws `BAD_ARGUMENT` with `message` unless `ok`. */
export function check(ok: boolean, message: string): void {
  if (!ok) throw new AudiioError('BAD_ARGUMENT', `collaborative: ${message}`);
}

/** Validates options; @throws AudiioError `BAD_ARGUMENT`. */
export function resolveCollabOptions(given: Partial<CollaborativeOptions> = {}): CollaborativeOptions {
  const o = { ...COLLAB_DEFAULTS, ...given };
  check(o.reg > 0, `reg must be > 0, got ${o.reg}`);
  check(o.alpha > 0, `alpha must be > 0, got ${o.alpha}`);
  check(o.beta >= 0, `beta must be ≥ 0, got ${o.beta}`);
  check(Number.isInteger(o.k) && o.k >= 1, `k must be an integer ≥ 1, got ${o.k}`);
  check(o.blend >= 0 && o.blend <= 1, `blend must be in 0…1, got ${o.blend}`);
  check(Number.isInteger(o.easeMax) && o.easeMax >= 0, `ease_max must be an integer ≥ 0, got ${o.easeMax}`);
  return o;
}

