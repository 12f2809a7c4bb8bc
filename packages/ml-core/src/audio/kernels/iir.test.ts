import { describe, expect, it } from 'vitest';
import { halfbandDecimate, kweightHalfbandPair, kweightPairEnergies, type BiquadCoefs } from './iir.js';
import { halfbandCoefs } from '../resample.js';
import { kWeightingFilters } from '../../features/loudness.js';
import { seededRandom } from '../../random.js';

/** Noise plus tones, float32, long enough to cross the kernels' chunk boundaries (2^18 samples). */
function signal(n: number, seed: number): Float32Array {
  const rnd = seededRandom(seed);
  return Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin(0.01 * i * (1 + seed)) + 0.2 * (rnd() - 0.5));
}

/** The stereo decimator as plain JavaScript (the loop the kernel replaced), for bit-exact comparison. */
function halfbandStereoReference(x: Float32Array, y: Float32Array, c: Float64Array): Float32Array {
  const m = Math.min(x.length, y.length) >> 1;
  const out = new Float32Array(m);
  const xs = new Float64Array(8);
  const ys = new Float64Array(8);
  for (let j = 0; j < m; j++) {
    let a = 0.5 * (x[2 * j + 1] + y[2 * j + 1]);
    let b = 0.5 * (x[2 * j] + y[2 * j]);
    for (let s = 0; s < 8; s += 2) {
      const ta = (a - ys[s]) * c[s] + xs[s];
      xs[s] = a;
      ys[s] = ta;
      a = ta;
      const tb = (b - ys[s + 1]) * c[s + 1] + xs[s + 1];
      xs[s + 1] = b;
      ys[s + 1] = tb;
      b = tb;
    }
    out[j] = 0.5 * (a + b);
  }
  return out;
}

/** K-weighted segment energies of one channel, direct form I in the kernel's operation order. */
function kweightReference(x: Float32Array, seg: number, nSeg: number, [s, h]: [BiquadCoefs, BiquadCoefs]): Float64Array {
  const out = new Float64Array(nSeg);
  let x1 = 0, x2 = 0, y1 = 0, y2 = 0, z1 = 0, z2 = 0;
  for (let k = 0, i = 0; k < nSeg; k++) {
    let acc = 0;
    for (const end = i + seg; i < end; i++) {
      const xn = x[i];
      const yn = s.b0 * xn + s.b1 * x1 + s.b2 * x2 - s.a2 * y2 - s.a1 * y1;
      const zn = h.b0 * yn + h.b1 * y1 + h.b2 * y2 - h.a2 * z2 - h.a1 * z1;
      x2 = x1;
      x1 = xn;
      y2 = y1;
      y1 = yn;
      z2 = z1;
      z1 = zn;
      acc += zn * zn;
    }
    out[k] = acc;
  }
  return out;
}

describe('halfbandDecimate (WebAssembly SIMD)', () => {
  const n = 600_001; // odd, and more than two chunks
  it('reproduces the JavaScript decimator of one channel bit for bit', () => {
    const x = signal(n, 1);
    // Mono is the stereo loop with y = x: ½(x + x) = x exactly.
    expect(halfbandDecimate(x, x, halfbandCoefs())).toEqual(halfbandStereoReference(x, x, halfbandCoefs()));
  });

  it('reproduces the fused stereo downmix and decimation bit for bit', () => {
    const x = signal(n, 2);
    const y = signal(n - 10, 3);
    const out = halfbandDecimate(x, y, halfbandCoefs());
    expect(out.length).toBe((n - 10) >> 1);
    expect(out).toEqual(halfbandStereoReference(x, y, halfbandCoefs()));
  });
});

describe('kweightPairEnergies (WebAssembly SIMD)', () => {
  for (const [rate, seg] of [[44100, 4410], [48000, 4800], [8000, 800], [44100, 17_640]] as const) {
    it(`equals the direct-form-I loop per channel, weighted (${rate} Hz, ${seg}-sample segments)`, () => {
      const n = 700_000;
      const x = signal(n, 4);
      const y = signal(n, 5);
      const f = kWeightingFilters(rate);
      const nSeg = Math.floor(n / seg);
      const e = kweightPairEnergies(x, 1, y, 1.41, seg, nSeg, f);
      const ex = kweightReference(x, seg, nSeg, f);
      const ey = kweightReference(y, seg, nSeg, f);
      expect(e.length).toBe(nSeg);
      for (let k = 0; k < nSeg; k++) expect(e[k]).toBe(1 * ex[k] + 1.41 * ey[k]);
    });
  }
});

describe('kweightHalfbandPair (both loops in one pass)', () => {
  // Lengths: several chunks with an odd tail, a tail longer than a chunk would allow, shorter than a chunk.
  /** Bitwise equality of two typed arrays (fast on a million values, unlike a deep equal). */
  const sameBits = (a: Float32Array | Float64Array, b: Float32Array | Float64Array) =>
    a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  for (const [rate, seg, n] of [[44100, 4410, 700_001], [48000, 4800, 600_000], [44100, 4410, 100_003]] as const) {
    it(`equals kweightPairEnergies (weights 1) and halfbandDecimate bit for bit (${rate} Hz, ${n} samples)`, () => {
      const x = signal(n, 6);
      const y = signal(n - 3, 7);
      const f = kWeightingFilters(rate);
      const nSeg = Math.floor((n - 3) / seg);
      const r = kweightHalfbandPair(x, y, seg, nSeg, f, halfbandCoefs())!;
      expect(r).toBeDefined();
      expect(sameBits(r.energies, kweightPairEnergies(x, 1, y, 1, seg, nSeg, f))).toBe(true);
      expect(sameBits(r.mono, halfbandDecimate(x, y, halfbandCoefs()))).toBe(true);
    });
  }

  it('declines odd segment lengths (the decimator reads sample pairs), leaving them to the separate loops', () => {
    const x = signal(10_000, 8);
    expect(kweightHalfbandPair(x, x, 2205, 4, kWeightingFilters(22050), halfbandCoefs())).toBeUndefined();
  });
});
