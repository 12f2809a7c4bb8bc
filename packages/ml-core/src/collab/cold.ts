/**
 * Gives items with no training pair the lowest possible score (−∞), as EVALUATION.md's
 * collaborative baselines do, so that a negative score never ranks below an unseen item.
 */
export function sinkColdItems(out: Float32Array, counts: Float64Array): void {
  for (let i = 0; i < out.length; i++) if (counts[i] === 0) out[i] = -Infinity;
}
