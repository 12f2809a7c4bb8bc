/**
 * Short-time Fourier transform magnitudes (Hann window, PFFFT real FFT in WASM, audio/fft.ts),
 * the one spectrogram every feature module shares.
 */
import { createRealFft } from './fft.js';
import type { Spectrogram } from './types.js';

/** Default STFT size at the analysis rate (46 ms at 22 050 Hz, 21.5 Hz bins). */
export const STFT_SIZE = 1024;
/** Default hop (23 ms at 22 050 Hz, 43 frames per second). */
export const STFT_HOP = 512;

const hannCache = new Map<number, Float32Array>();

/** Periodic Hann window of length n (memoised per length: treat as read-only). */
export function hann(n: number): Float32Array {
  const hit = hannCache.get(n);
  if (hit) return hit;
  const w = new Float32Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  hannCache.set(n, w);
  return w;
}

/**
 * Magnitude STFT of `signal`. Frames start at sample 0 and step by `hop`; the
 * last partial frame is zero-padded, and a signal shorter than one frame gives
 * one zero-padded frame. `fftSize` must be a power of two.
 */
export function stft(signal: Float32Array, sampleRate: number, fftSize = STFT_SIZE, hop = STFT_HOP): Spectrogram {
  const nBins = fftSize / 2 + 1;
  const nFrames = Math.max(1, Math.ceil((signal.length - fftSize) / hop) + 1);
  const mag = new Float32Array(nFrames * nBins);
  const fft = createRealFft(fftSize);
  const win = hann(fftSize);
  try {
    const frame = fft.input;
    const o = fft.output;
    const half = fftSize / 2;
    for (let f = 0; f < nFrames; f++) {
      const start = f * hop;
      const avail = Math.min(fftSize, signal.length - start);
      for (let i = 0; i < avail; i++) frame[i] = signal[start + i] * win[i];
      for (let i = Math.max(0, avail); i < fftSize; i++) frame[i] = 0;
      fft.transform();
      const base = f * nBins;
      mag[base] = Math.abs(o[0]);
      mag[base + half] = Math.abs(o[1]);
      for (let b = 1; b < half; b++) {
        const re = o[2 * b];
        const im = o[2 * b + 1];
        mag[base + b] = Math.sqrt(re * re + im * im);
      }
    }
  } finally {
    fft.dispose();
  }
  return { sampleRate, fftSize, hop, nFrames, nBins, mag };
}
