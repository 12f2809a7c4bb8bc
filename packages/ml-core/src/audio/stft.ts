/**
 * Short-time Fourier transform magnitudes (Hann window, PFFFT real FFT in WASM, audio/fft.ts),
 * the one spectrogram every feature module shares.
 */
import { createRealFft } from './fft.js';
import { hannBlock, hannBlockFrames, stageSpectrum } from './kernels/hann.js';
import type { Spectrogram } from './types.js';

/** Default STFT size at the analysis rate (46 ms at 22 050 Hz, 21.5 Hz bins). */
export const STFT_SIZE = 1024;
/** Default hop (23 ms at 22 050 Hz, 43 frames per second). */
export const STFT_HOP = 512;

/** Copies `frame.length` samples of `signal` from `start` into `frame`, zero-padding past its end. */
export function loadFrame(frame: Float32Array, signal: Float32Array, start: number): void {
  const avail = Math.max(0, Math.min(frame.length, signal.length - start));
  frame.set(signal.subarray(start, start + avail));
  if (avail < frame.length) frame.fill(0, avail);
}

/**
 * Magnitude STFT of `signal` with a periodic Hann window. Frames start at sample 0 and step by
 * `hop`; the last partial frame is zero-padded, and a signal shorter than one frame gives one
 * zero-padded frame. `fftSize` must be a power of two.
 *
 * The window is applied in the frequency domain: the periodic Hann window is ½ − ½cos(2πn/N), so
 * the windowed spectrum is X_w[k] = ½X[k] − ¼(X[k−1] + X[k+1]) (X[−1] = X̄[1], X[N/2+1] = X̄[N/2−1]).
 * Frames are then plain copies into the FFT's input (no per-sample multiply); the kernel runs in
 * WebAssembly SIMD over blocks of frames (kernels/hann.wat, bit-identical to
 * {@link hannMagnitudes}), or in JavaScript for sizes whose block would not fit. Equal to windowing
 * in time up to single-precision rounding (~1e-7 of the frame's largest bin).
 */
export function stft(signal: Float32Array, sampleRate: number, fftSize = STFT_SIZE, hop = STFT_HOP): Spectrogram {
  const nBins = fftSize / 2 + 1;
  const nFrames = Math.max(1, Math.ceil((signal.length - fftSize) / hop) + 1);
  const mag = new Float32Array(nFrames * nBins);
  const fft = createRealFft(fftSize);
  try {
    const frame = fft.input;
    const o = fft.output;
    const block = hannBlockFrames(fftSize);
    if (block === 0) {
      for (let f = 0; f < nFrames; f++) {
        loadFrame(frame, signal, f * hop);
        fft.transform();
        hannMagnitudes(o, fftSize, mag, f * nBins);
      }
    } else {
      // Blocks of spectra staged in the window kernel's memory (kernels/hann.wat), one call each.
      for (let f0 = 0; f0 < nFrames; f0 += block) {
        const count = Math.min(block, nFrames - f0);
        for (let j = 0; j < count; j++) {
          loadFrame(frame, signal, (f0 + j) * hop);
          fft.transform();
          stageSpectrum(o, fftSize, j);
        }
        hannBlock(fftSize, count, mag, f0 * nBins);
      }
    }
  } finally {
    fft.dispose();
  }
  return { sampleRate, fftSize, hop, nFrames, nBins, mag };
}

/**
 * |X_w[k]| for k = `from` … `to` (within 0 … n/2; default all) into `mag[base + k]`, from the
 * unwindowed spectrum `o` (ordered real layout of audio/fft.ts, n ≥ 4), with the Hann window
 * applied as the 3-tap kernel (−¼, ½, −¼).
 */
export function hannMagnitudes(
  o: Float32Array, n: number, mag: Float32Array | Float64Array, base: number, from = 0, to = n / 2,
): void {
  const half = n / 2;
  // Edge bins through the general accessor; DC and Nyquist are real, and so is the kernel there.
  const lo = Math.max(from, 1);
  const hi = Math.min(to, half - 1);
  if (from === 0) mag[base] = Math.abs(0.5 * o[0] - 0.5 * o[2]);
  if (to === half) mag[base + half] = Math.abs(0.5 * o[1] - 0.5 * o[n - 2]);
  if (hi < lo) return;
  // Interior: X[k] = o[2k] + i·o[2k+1] for 1 ≤ k < half; X[0] = o[0], X[half] = o[1] (real).
  let pr = lo === 1 ? o[0] : o[2 * lo - 2];
  let pi = lo === 1 ? 0 : o[2 * lo - 1];
  let cr = o[2 * lo], ci = o[2 * lo + 1];
  const last = Math.min(hi, half - 2);
  for (let k = lo; k <= last; k++) {
    const nr = o[2 * k + 2];
    const ni = o[2 * k + 3];
    const re = 0.5 * cr - 0.25 * (pr + nr);
    const im = 0.5 * ci - 0.25 * (pi + ni);
    mag[base + k] = Math.sqrt(re * re + im * im);
    pr = cr;
    pi = ci;
    cr = nr;
    ci = ni;
  }
  if (hi === half - 1) {
    // k = half − 1: its upper neighbour is the (real) Nyquist bin.
    const re = 0.5 * cr - 0.25 * (pr + o[1]);
    const im = 0.5 * ci - 0.25 * pi;
    mag[base + half - 1] = Math.sqrt(re * re + im * im);
  }
}
