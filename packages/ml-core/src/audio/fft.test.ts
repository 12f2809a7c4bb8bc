import { describe, expect, it } from 'vitest';
import FFT from 'fft.js';
import { createRealFft, type RealFft } from './fft.js';
import { hannMagnitudes } from './stft.js';

/** |X[b]|² from fft.js (float64) for reference. */
function reference(x: Float32Array): Float64Array {
  const n = x.length;
  const fft = new FFT(n);
  const out = new Float64Array(2 * n);
  fft.realTransform(out, Float64Array.from(x));
  return Float64Array.from({ length: n / 2 + 1 }, (_, b) => out[2 * b] ** 2 + out[2 * b + 1] ** 2);
}

/** |X[b]|² read from the ordered output layout. */
function power(fft: RealFft): Float64Array {
  const o = fft.output;
  const n = fft.size;
  return Float64Array.from({ length: n / 2 + 1 }, (_, b) =>
    b === 0 ? o[0] ** 2 : b === n / 2 ? o[1] ** 2 : o[2 * b] ** 2 + o[2 * b + 1] ** 2,
  );
}

function signal(n: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(0.3 * i) + 0.5 * Math.cos(0.071 * i + 1) + (i % 7) / 20;
  return x;
}

describe('createRealFft', () => {
  // 1024, 4096, 64: PFFFT (WASM); 16: the fft.js fallback.
  for (const n of [1024, 4096, 64, 16]) {
    it(`matches a float64 FFT for ${n} points, DC and Nyquist included`, () => {
      const fft = createRealFft(n);
      const x = signal(n);
      fft.input.set(x);
      fft.transform();
      const p = power(fft);
      const ref = reference(x);
      const peak = Math.max(...ref);
      for (let b = 0; b <= n / 2; b++) expect(Math.abs(p[b] - ref[b])).toBeLessThan(1e-5 * peak);
      expect(p[0]).toBeCloseTo(ref[0], 0);
      fft.dispose();
    });
  }

  it('keeps working when a later allocation grows the WASM memory', () => {
    const a = createRealFft(1024);
    const big = Array.from({ length: 8 }, () => createRealFft(65536));
    const x = signal(1024);
    a.input.set(x);
    a.transform();
    const ref = reference(x);
    expect(power(a)[100]).toBeCloseTo(ref[100], 0);
    for (const f of [a, ...big]) f.dispose();
  });
});

describe('hannMagnitudes', () => {
  for (const n of [1024, 4096, 16]) {
    it(`equals time-domain periodic Hann windowing (${n} points), whole range and sub-ranges`, () => {
      const x = signal(n);
      const w = Float32Array.from(x, (v, i) => v * (0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n)));
      const ref = reference(w).map(Math.sqrt);
      const peak = Math.max(...ref);
      const fft = createRealFft(n);
      fft.input.set(x);
      fft.transform();
      const all = new Float32Array(n / 2 + 1);
      hannMagnitudes(fft.output, n, all, 0);
      for (let b = 0; b <= n / 2; b++) expect(Math.abs(all[b] - ref[b])).toBeLessThan(2e-6 * peak);
      for (const [from, to] of [[0, 3], [1, 5], [4, n / 2 - 2], [n / 2 - 3, n / 2], [n / 2 - 1, n / 2 - 1]]) {
        const part = new Float64Array(n / 2 + 3).fill(-1);
        hannMagnitudes(fft.output, n, part, 2, from, to);
        for (let b = 0; b <= n / 2; b++) {
          if (b >= from && b <= to) expect(part[2 + b]).toBeCloseTo(all[b], 4);
          else expect(part[2 + b]).toBe(-1);
        }
      }
      fft.dispose();
    });
  }
});
