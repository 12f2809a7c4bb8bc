/**
 * Harmonic-change (chord-change) novelty, used by the tempo module to choose
 * the metrical level: chords tend to change on bar lines, so the periodicity
 * of chroma change marks the bar (Goto & Muraoka 1999, "Real-time beat tracking
 * for drumless audio signals: chord change detection for musical decisions").
 *
 * Chroma per ~93 ms block from the shared STFT (100 Hz–2 kHz, magnitudes folded
 * onto pitch classes); novelty = cosine distance between the summed chroma of
 * the ~0.56 s before and after each block, minus its mean, half-wave rectified;
 * then its autocorrelation, normalised to r(0) = 1.
 */
import type { Spectrogram } from '../audio/types.js';

/** STFT frames per chroma block. */
const BLOCK = 4;
/** Blocks on each side of the novelty comparison. */
const SIDE = 6;

/** Autocorrelation of chroma novelty: `at(sec)` reads it at a lag in seconds (NaN beyond its length). */
export interface ChromaNoveltyAcf {
  /** Normalised autocorrelation at `sec` seconds (linear interpolation; NaN past the end). */
  at(sec: number): number;
  /** False when there was no harmonic change to measure (silence, a drone, a very short clip). */
  valid: boolean;
}

/** Chroma-novelty autocorrelation up to `maxSec` seconds of lag (see module doc). */
export function chromaNoveltyAcf(spec: Spectrogram, maxSec: number): ChromaNoveltyAcf {
  const nb = Math.floor(spec.nFrames / BLOCK);
  const rate = spec.sampleRate / spec.hop / BLOCK;
  const binHz = spec.sampleRate / spec.fftSize;
  const lo = Math.max(1, Math.ceil(100 / binHz));
  const hi = Math.min(spec.nBins - 1, Math.floor(2000 / binHz));
  const pcOf = new Uint8Array(hi + 1);
  for (let b = lo; b <= hi; b++) pcOf[b] = (((Math.round(12 * Math.log2((b * binHz) / 440)) + 69) % 12) + 12) % 12;
  const chroma = new Float64Array(nb * 12);
  for (let f = 0; f < nb * BLOCK; f++) {
    const base = f * spec.nBins;
    const cb = Math.floor(f / BLOCK) * 12;
    for (let b = lo; b <= hi; b++) chroma[cb + pcOf[b]] += spec.mag[base + b];
  }
  const nov = new Float32Array(nb);
  const a = new Float64Array(12);
  const c = new Float64Array(12);
  let mean = 0;
  for (let i = SIDE; i + SIDE <= nb; i++) {
    a.fill(0);
    c.fill(0);
    for (let j = 0; j < SIDE; j++)
      for (let k = 0; k < 12; k++) {
        a[k] += chroma[(i - 1 - j) * 12 + k];
        c[k] += chroma[(i + j) * 12 + k];
      }
    let ab = 0;
    let aa = 0;
    let cc = 0;
    for (let k = 0; k < 12; k++) {
      ab += a[k] * c[k];
      aa += a[k] * a[k];
      cc += c[k] * c[k];
    }
    nov[i] = aa > 0 && cc > 0 ? 1 - ab / Math.sqrt(aa * cc) : 0;
    mean += nov[i];
  }
  mean /= Math.max(1, nb);
  for (let i = 0; i < nb; i++) nov[i] = Math.max(0, nov[i] - mean);
  const maxLag = Math.min(nb - 1, Math.ceil(maxSec * rate) + 1);
  const r = new Float64Array(Math.max(1, maxLag + 1));
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < nb; i++) s += nov[i] * nov[i + lag];
    r[lag] = s / (nb - lag);
  }
  const valid = r[0] > 1e-9;
  return {
    valid,
    at(sec: number): number {
      const l = sec * rate;
      const i = Math.floor(l);
      if (!valid || i + 1 >= r.length) return Number.NaN;
      const t = l - i;
      return (r[i] * (1 - t) + r[i + 1] * t) / r[0];
    },
  };
}
