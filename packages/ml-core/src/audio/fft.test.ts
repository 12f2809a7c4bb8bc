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

  it('runs PFFFT in WebAssembly for power-of-two sizes from 32, fft.js below', () => {
    for (const [n, backend] of [[1024, 'pffft'], [4096, 'pffft'], [32, 'pffft'], [16, 'fft.js']] as const) {
      const fft = createRealFft(n);
      expect(fft.backend).toBe(backend);
      fft.dispose();
    }
  });

  it('falls back to fft.js, still correct, when the WASM heap cannot hold the buffers', () => {
    const n = 1 << 21; // 3 × 8 MB of buffers: more than the 16 MB heap, which never grows
    const fft = createRealFft(n);
    expect(fft.backend).toBe('fft.js');
    const x = new Float32Array(n);
    for (let i = 0; i < n; i++) x[i] = Math.sin((2 * Math.PI * 1000 * i) / n);
    fft.input.set(x);
    fft.transform();
    const o = fft.output;
    expect(Math.hypot(o[2000], o[2001])).toBeCloseTo(n / 2, -1);
    expect(Math.hypot(o[2002], o[2003])).toBeLessThan(1e-3 * n);
    fft.dispose();
    expect(createRealFft(1024).backend).toBe('pffft');
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
