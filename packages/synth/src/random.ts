import { seededRandom } from '@audiio-ml/ml-core/internal';

/**
 * {@link seededRandom} for rendered audio (seed 0 mapped to a fixed non-zero
 * state), so rendered test audio is identical for a seed on every machine.
 */
export function createRandom(seed: number): () => number {
  return seededRandom(seed >>> 0 || 0x9e3779b9);
}

/** White noise in -1..1 of `length` samples from `random`. */
export function whiteNoise(length: number, random: () => number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random() * 2 - 1;
  return out;
}
