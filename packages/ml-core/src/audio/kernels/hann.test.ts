import { describe, expect, it } from 'vitest';
import { createRealFft } from '../fft.js';
import { hannMagnitudes, loadFrame, stft } from '../stft.js';
import { hannBlock, hannBlockFrames, stageSpectrum } from './hann.js';

/** Deterministic test signal: tones, noise (xorshift), an impulse, a silent stretch, a loud stretch. */
function testSignal(len: number, seed: number): Float32Array {
  const x = new Float32Array(len);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < len; i++) {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    const noise = (s >>> 0) / 2 ** 32 - 0.5;
    x[i] = 0.4 * Math.sin(0.031 * i) + 0.2 * Math.sin(1.7 * i + 0.3) + 0.1 * noise;
  }
  const q = len >> 2;
  x.fill(0, q, 2 * q); // silence: spectra of exact zeros
  x[q + 7] = 1; // one impulse in it
  for (let i = 3 * q; i < 3 * q + 200 && i < len; i++) x[i] *= 3e4; // large values
  for (let i = 2 * q; i < 2 * q + 100; i++) x[i] *= 1e-30; // tiny values
  return x;
}

/** The STFT the JavaScript way, frame by frame through hannMagnitudes (the loop the kernel must equal bit for bit). */
function referenceStft(signal: Float32Array, n: number, hop: number): Float32Array {
  const nBins = n / 2 + 1;
  const nFrames = Math.max(1, Math.ceil((signal.length - n) / hop) + 1);
  const mag = new Float32Array(nFrames * nBins);
  const fft = createRealFft(n);
  for (let f = 0; f < nFrames; f++) {
    loadFrame(fft.input, signal, f * hop);
    fft.transform();
    hannMagnitudes(fft.output, n, mag, f * nBins);
  }
  fft.dispose();
  return mag;
}

const bits = (a: Float32Array) => new Uint32Array(a.buffer, a.byteOffset, a.length);

/** Index of the first element whose bits differ (−1 when none). */
function firstDiff(a: Float32Array, b: Float32Array): number {
  const x = bits(a);
  const y = bits(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return i;
  return -1;
}

describe('hann.wat', () => {
  for (const n of [4, 16, 256, 512, 1024, 2048, 4096, 8192]) {
    it(`stft magnitudes bit-identical to the JavaScript kernel (${n} points, several blocks and a partial one)`, () => {
      const hop = n / 2;
      const len = n * (hannBlockFrames(n) + 3) + 37;
      const x = testSignal(len, n);
      const got = stft(x, 22050, n, hop);
      const want = referenceStft(x, n, hop);
      expect(got.mag.length).toBe(want.length);
      expect(firstDiff(got.mag, want)).toBe(-1);
      expect(got.mag.reduce((m, v) => Math.max(m, v), 0)).toBeGreaterThan(1); // a real spectrum, not zeros
    });
  }

  it('a signal shorter than one frame gives one zero-padded frame, equal to the reference', () => {
    const x = testSignal(300, 9).subarray(0, 300);
    expect(firstDiff(stft(x, 22050, 1024, 512).mag, referenceStft(x, 1024, 512))).toBe(-1);
  });

  it('hannBlock on hand-made spectra (infinities, NaN-free extremes, signed zeros) equals hannMagnitudes', () => {
    const n = 64;
    const o = new Float32Array(n);
    const specials = [0, -0, 1, -1, 3.4e38, -3.4e38, 1e-45, -1e-45, 0.1, Infinity, -Infinity];
    const frames = 3;
    const want = new Float32Array(frames * (n / 2 + 1));
    for (let j = 0; j < frames; j++) {
      for (let i = 0; i < n; i++) o[i] = specials[(i * 7 + j * 3) % specials.length];
      stageSpectrum(o, n, j);
      hannMagnitudes(o, n, want, j * (n / 2 + 1));
    }
    const got = new Float32Array(frames * (n / 2 + 1));
    hannBlock(n, frames, got, 0);
    for (let i = 0; i < got.length; i++) expect(Object.is(got[i], want[i]) || (Number.isNaN(got[i]) && Number.isNaN(want[i]))).toBe(true);
  });

  it('sizes whose block would not fit use the JavaScript loop', () => {
    expect(hannBlockFrames(1024)).toBe(64);
    expect(hannBlockFrames(1 << 20)).toBe(0);
    expect(hannBlockFrames(2)).toBe(0);
  });
});
