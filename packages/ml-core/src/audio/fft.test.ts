import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { createRealFft } from './fft.js';

/** |X[b]|² from fft.js (float64) for reference. */
function reference(x: Float32Array): Float64Array {
  const n = x.length;
  const fft = new FFT(n);
  const out = new Float64Array(2 * n);
  fft.realTransform(out, Float64Array.from(x));
  return Float64Array.from({ length: n / 2 + 1 }, (_, b) => out[2 * b] ** 2 + out[2 * b + 1] ** 2);
}

function signal(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(0.3 * i) + 0.5 * Math.cos(0.071 * i + 1) + (i % 7) / 20;
  return x;
}

describe('createRealFft', () => {
  for (const n of [1024, 4096, 64, 16]) {
    it(`matches a float64 FFT for ${n} points (bins 0…n/2, power and magnitude)`, () => {
      const fft = createRealFft(n);
      const x = signal(n);
      fft.input.set(x);
      const p = new Float64Array(n / 2 + 1);
      fft.powerSpectrum(p, 0, 0, n / 2);
      const ref = reference(x);
      const peak = Math.max(...ref);
      for (let b = 0; b <= n / 2; b++) expect(Math.abs(p[b] - ref[b])).toBeLessThan(1e-5 * peak);
      // A sub-range written at an offset, as magnitudes.
      const m = new Float32Array(20);
      fft.input.set(x);
      const hi = Math.min(12, n / 2);
      fft.magnitudes(m, 5, 3, hi);
      for (let b = 3; b <= hi; b++) expect(m[5 + b - 3]).toBeCloseTo(Math.sqrt(ref[b]), 2);
      expect(m[4]).toBe(0);
      expect(m[5 + hi - 3 + 1]).toBe(0);
      fft.dispose();
    });
  }

  it('keeps working when a later allocation grows the WASM memory', () => {
    const a = createRealFft(1024);
    const big = Array.from({ length: 8 }, () => createRealFft(65536));
    const x = signal(1024);
    a.input.set(x);
    const p = new Float64Array(513);
    a.powerSpectrum(p, 0, 0, 512);
    const ref = reference(x);
    expect(p[100]).toBeCloseTo(ref[100], 0);
    for (const f of [a, ...big]) f.dispose();
  });
});
