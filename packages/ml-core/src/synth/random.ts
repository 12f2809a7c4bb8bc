/**
 * A seeded pseudo-random generator (mulberry32, Tommy Ettinger 2017): 32-bit
 * state, uniform floats in [0, 1). Used so rendered test audio is identical
 * for a seed on every machine.
 */
export function createRandom(seed: number): () => number {
  let a = seed >>> 0 || 0x9e3779b9;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** White noise in -1..1 of `length` samples from `random`. */
export function whiteNoise(length: number, random: () => number): Float32Array<ArrayBuffer> {
  const out = new Float32Array(length);
  for (let i = 0; i < length; i++) out[i] = random() * 2 - 1;
  return out;
}
