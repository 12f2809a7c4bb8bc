/**
 * A seeded pseudo-random generator (mulberry32, Tommy Ettinger 2017): 32-bit
 * state, uniform floats in [0, 1). Every seeded choice in audiio-ml (training
 * pairs, rendered audio, synthetic data, the random baseline) draws from it, so
 * results are identical for a seed on every machine.
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
