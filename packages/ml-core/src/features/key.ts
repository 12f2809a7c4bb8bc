/**
 * Key and mode.
 *
 * Method (Krumhansl 1990; Gómez 2006 for the chroma, Temperley 1999 for the
 * profile-correlation scheme):
 * 1. A dedicated long-window STFT of the mono signal (4096 points at 22 050 Hz:
 *    5.4 Hz bins, enough to separate semitones down to ~90 Hz), hop = window.
 * 2. Chroma: spectral peaks between 55 Hz and 1 kHz (A1–B5), frequency
 *    refined by parabolic interpolation; peaks at 3, 5, 6, 7, 9 or 10 times a
 *    stronger lower peak are dropped as overtones (a simple harmonic
 *    suppression; overtones otherwise pull the chroma towards the dominant);
 *    magnitudes log-compressed relative to the frame's strongest peak
 *    (log(1 + 1000·|X|/max), level-independent) and folded onto the nearest pitch class with a
 *    triangular weight on the distance to the semitone centre; each frame's
 *    chroma is normalised to unit sum so loud passages do not dominate, then
 *    averaged.
 * 3. The 12-bin mean chroma is correlated (Pearson) with the 24 rotations of the
 *    major and minor key profiles; the best is the key. Profiles: Krumhansl &
 *    Kessler (1982) probe-tone ratings.
 * 4. Confidence: (r₁ − r₂) / r₁ between the best and the runner-up correlation,
 *    clipped to 0–1, times r₁ clipped to 0–1.
 *
 * Silence or a flat chroma gives key -1, mode 1, confidence 0.
 */
import FFT from 'fft.js';
import { hann } from '../audio/stft.js';

/** Krumhansl–Kessler major profile, tonic first. */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
/** Krumhansl–Kessler minor profile, tonic first. */
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;

/**
 * Harmonic numbers whose pitch class differs from the fundamental's: a peak at
 * h × a stronger lower peak (±2 %) is taken as that note's overtone and dropped.
 */
const SUPPRESSED_HARMONICS = new Set([3, 5, 6, 7, 9, 10]);

/** Result of {@link estimateKey}. */
export interface KeyEstimate {
  /** Tonic pitch class 0 = C … 11 = B, or -1 when no key was found. */
  key: number;
  /** 1 major, 0 minor. */
  mode: number;
  /** 0–1 (see module doc). */
  keyConfidence: number;
  /** The mean chroma (12 values summing to 1, C first; zeros for silence). */
  chroma: Float32Array;
}

/** Mean frame-normalised chroma of a mono signal (see module doc, steps 1–2). */
export function chromagram(mono: Float32Array, sampleRate: number): Float32Array {
  let fftSize = 1;
  while (fftSize < (4096 * sampleRate) / 22050) fftSize *= 2;
  fftSize = Math.max(fftSize, 512);
  const hop = fftSize;
  const fft = new FFT(fftSize);
  const win = hann(fftSize);
  const frame = new Float64Array(fftSize);
  const out = new Float64Array(2 * fftSize);
  const nBins = fftSize / 2 + 1;
  const mag = new Float64Array(nBins);
  const binHz = sampleRate / fftSize;
  const lo = Math.max(2, Math.floor(55 / binHz));
  const hi = Math.min(nBins - 2, Math.ceil(1000 / binHz));
  const pf = new Float64Array(nBins);
  const pa = new Float64Array(nBins);
  const total = new Float32Array(12);
  const fc = new Float64Array(12);
  const nFrames = Math.max(1, Math.ceil((mono.length - fftSize) / hop) + 1);
  for (let f = 0; f < nFrames; f++) {
    const start = f * hop;
    const avail = Math.min(fftSize, mono.length - start);
    for (let i = 0; i < avail; i++) frame[i] = mono[start + i] * win[i];
    for (let i = Math.max(0, avail); i < fftSize; i++) frame[i] = 0;
    fft.realTransform(out, frame);
    for (let b = lo - 1; b <= hi + 1; b++) {
      const re = out[2 * b];
      const im = out[2 * b + 1];
      mag[b] = Math.sqrt(re * re + im * im);
    }
    fc.fill(0);
    let sum = 0;
    let np = 0;
    for (let b = lo; b <= hi; b++) {
      const m = mag[b];
      if (m <= mag[b - 1] || m < mag[b + 1] || m < 1e-3) continue;
      // Parabolic interpolation of the peak on log magnitude.
      const a = Math.log(mag[b - 1] + 1e-12);
      const c = Math.log(m);
      const d = Math.log(mag[b + 1] + 1e-12);
      const den = a - 2 * c + d;
      const off = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - d)) / den)) : 0;
      pf[np] = (b + off) * binHz;
      pa[np] = m;
      np++;
    }
    let fmax = 0;
    for (let j = 0; j < np; j++) if (pa[j] > fmax) fmax = pa[j];
    for (let j = 0; j < np; j++) {
      let harmonic = false;
      for (let i = 0; i < j && !harmonic; i++) {
        if (pa[i] < pa[j]) continue;
        const r = pf[j] / pf[i];
        const h = Math.round(r);
        if (SUPPRESSED_HARMONICS.has(h) && Math.abs(r / h - 1) < 0.02) harmonic = true;
      }
      if (harmonic) continue;
      const midi = 12 * Math.log2(pf[j] / 440) + 69;
      const near = Math.round(midi);
      const w = Math.max(0, 1 - 2 * Math.abs(midi - near));
      const m = pa[j];
      const v = Math.log1p((1000 * m) / fmax) * w;
      fc[((near % 12) + 12) % 12] += v;
      sum += v;
    }
    if (sum <= 1e-9) continue;
    for (let i = 0; i < 12; i++) total[i] += fc[i] / sum;
  }
  let s = 0;
  for (let i = 0; i < 12; i++) s += total[i];
  if (s > 0) for (let i = 0; i < 12; i++) total[i] /= s;
  return total;
}

function pearson(chroma: ArrayLike<number>, profile: readonly number[], shift: number): number {
  let mx = 0;
  let my = 0;
  for (let i = 0; i < 12; i++) {
    mx += chroma[i];
    my += profile[i];
  }
  mx /= 12;
  my /= 12;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < 12; i++) {
    const x = chroma[(i + shift) % 12] - mx;
    const y = profile[i] - my;
    sxy += x * y;
    sxx += x * x;
    syy += y * y;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
}

/** Best key of a 12-bin chroma (C first) by profile correlation; key -1 when the chroma is flat. */
export function keyFromChroma(chroma: ArrayLike<number>): Omit<KeyEstimate, 'chroma'> {
  let r1 = -Infinity;
  let r2 = -Infinity;
  let key = -1;
  let mode = 1;
  for (let m = 0; m <= 1; m++) {
    const prof = m === 1 ? KK_MAJOR : KK_MINOR;
    for (let k = 0; k < 12; k++) {
      const r = pearson(chroma, prof, k);
      if (r > r1) {
        r2 = r1;
        r1 = r;
        key = k;
        mode = m;
      } else if (r > r2) r2 = r;
    }
  }
  if (!(r1 > 0)) return { key: -1, mode: 1, keyConfidence: 0 };
  const keyConfidence = Math.min(1, Math.max(0, (r1 - r2) / r1)) * Math.min(1, r1);
  return { key, mode, keyConfidence };
}

/** Estimates key, mode and confidence of a mono signal (see module doc). */
export function estimateKey(mono: Float32Array, sampleRate: number): KeyEstimate {
  const chroma = chromagram(mono, sampleRate);
  return { ...keyFromChroma(chroma), chroma };
}
