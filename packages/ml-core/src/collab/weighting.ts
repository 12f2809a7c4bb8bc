/**
 * How the collaborative model turns an interaction's weight (play count, likes: the evidence a
 * listening history gives, > 0) into the value it trains and scores on. Repeat consumption is
 * heavy-tailed (one track played 500 times would otherwise outweigh a whole taste), so the default
 * compresses it logarithmically, the confidence scaling of Hu, Koren & Volinsky 2008 (§4,
 * c = 1 + α·log(1 + r/ε)) with α = 1/ln 2, ε = 1 and the constant dropped:
 *
 *   log:    x = log2(1 + w)   (1 play → 1, 3 → 2, 7 → 3, 1023 → 10; 0/1 data is unchanged)
 *   binary: x = 1             (membership only: what the harness's baselines see for likes)
 *   raw:    x = w             (the weight as given)
 *
 * Per pair and without statistics of the training set, so a history is transformed at query time
 * exactly as in training (fold-in).
 */
import { AudiioError } from '../errors.js';
import type { InteractionMatrix } from '../ranking/types.js';

/** The weightings {@link weightValue} knows. */
export const WEIGHTINGS = ['log', 'binary', 'raw'] as const;
/** One of {@link WEIGHTINGS}. */
export type Weighting = (typeof WEIGHTINGS)[number];

/** The value the model uses for an interaction of weight `w` (> 0). */
export function weightValue(w: number, scheme: Weighting): number {
  return scheme === 'log' ? Math.log2(1 + w) : scheme === 'binary' ? 1 : w;
}

/** `scheme` as a {@link Weighting}. @throws AudiioError `BAD_ARGUMENT` naming the known ones. */
export function parseWeighting(scheme: unknown): Weighting {
  const found = WEIGHTINGS.find((w) => w === scheme);
  if (!found) throw new AudiioError('BAD_ARGUMENT', `collaborative: weighting must be one of ${WEIGHTINGS.join(', ')}, got "${String(scheme)}"`);
  return found;
}

/** A copy of `m` whose weights are transformed by `scheme` (indices shared). */
export function weightMatrix(m: InteractionMatrix, scheme: Weighting): InteractionMatrix {
  const weights = new Float32Array(m.weights.length);
  for (let e = 0; e < weights.length; e++) weights[e] = weightValue(m.weights[e], scheme);
  return { ...m, weights };
}
