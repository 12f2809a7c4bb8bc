/**
 * Harmonic-change (chord-change) novelty, used by the tempo module to choose
 * the metrical level: chords tend to change on bar lines, so the periodicity
 * of chord changes marks the bar (Goto & Muraoka 1999, "Real-time beat tracking
 * for drumless audio signals: chord change detection for musical decisions").
 *
 * Chroma per ~93 ms block from the shared STFT (100 Hz–2 kHz, magnitudes folded
 * onto pitch classes). For a metrical hypothesis the novelty compares the
 * summed chroma of a window before and after each block (cosine distance),
 * the window being given in seconds by the caller (the tempo module uses half
 * a bar of the hypothesis, so a melody moving within the bar averages out and
 * chords are compared with chords, cf. beat-synchronous chroma in Bello &
 * Pickens 2005). Chord changes are then taken as events: local maxima of the
 * novelty above its mean, each counted 1 whatever its size (a I→V change
 * counts as much as a I→vi one, so the progression's own pattern of large and
 * small changes does not masquerade as a longer bar), smoothed 1-2-1; then the
 * autocorrelation of the event train, normalised to r(0) = 1.
 */
import type { Spectrogram } from '../audio/types.js';

/** STFT frames per chroma block. */
const BLOCK = 4;
/** Default novelty window on each side, s. */
const DEFAULT_SIDE_SEC = 0.56;

/** Autocorrelation of chroma novelty: `at(sec)` reads it at a lag in seconds (NaN beyond its length). */
export interface ChromaNoveltyAcf {
  /** Normalised autocorrelation at `sec` seconds (linear interpolation; NaN past the end). */
  at(sec: number): number;
  /** False when there was no harmonic change to measure (silence, a drone, a very short clip). */
  valid: boolean;
}

/** Block chroma of a spectrogram, reusable for novelty at several window sizes. */
export interface ChromaBlocks {
  /** 12 values per block, C first (unnormalised magnitude sums). */
  chroma: Float64Array;
  /** Number of blocks. */
  nBlocks: number;
  /** Blocks per second. */
  rate: number;
}

/** Chroma per block of {@link BLOCK} STFT frames, 100 Hz–2 kHz. */
export function chromaBlocks(spec: Spectrogram): ChromaBlocks {
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
  return { chroma, nBlocks: nb, rate };
}

/**
 * Autocorrelation of the chord-change events found with a novelty window of `sideSec` seconds on
 * each side (see module doc), up to `maxSec` seconds of lag.
 */
export function noveltyAcf(blocks: ChromaBlocks, maxSec: number, sideSec = DEFAULT_SIDE_SEC): ChromaNoveltyAcf {
  const { chroma, nBlocks: nb, rate } = blocks;
  const side = Math.max(2, Math.round(sideSec * rate));
  const nov = new Float32Array(nb);
  const a = new Float64Array(12);
  const c = new Float64Array(12);
  let mean = 0;
  for (let i = side; i + side <= nb; i++) {
    a.fill(0);
    c.fill(0);
    for (let j = 0; j < side; j++)
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
  // Events: local maxima (within half the window) above the mean, each 1; then 1-2-1 smoothing.
  const ev = new Float32Array(nb);
  const w = Math.max(1, Math.floor(side / 2));
  for (let i = 0; i < nb; i++) {
    if (nov[i] <= mean || nov[i] <= 1e-6) continue;
    let isMax = true;
    for (let j = Math.max(0, i - w); j <= Math.min(nb - 1, i + w) && isMax; j++) if (nov[j] > nov[i] || (nov[j] === nov[i] && j < i)) isMax = false;
    if (isMax) ev[i] = 1;
  }
  const x = new Float32Array(nb);
  for (let i = 0; i < nb; i++) x[i] = 0.5 * ev[i] + 0.25 * ((ev[i - 1] ?? 0) + (ev[i + 1] ?? 0));
  const maxLag = Math.min(nb - 1, Math.ceil(maxSec * rate) + 1);
  const r = new Float64Array(Math.max(1, maxLag + 1));
  for (let lag = 0; lag <= maxLag; lag++) {
    let s = 0;
    for (let i = 0; i + lag < nb; i++) s += x[i] * x[i + lag];
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

/** Chroma-novelty autocorrelation up to `maxSec` s of lag, novelty window `sideSec` s per side (see module doc). */
export function chromaNoveltyAcf(spec: Spectrogram, maxSec: number, sideSec = DEFAULT_SIDE_SEC): ChromaNoveltyAcf {
  return noveltyAcf(chromaBlocks(spec), maxSec, sideSec);
}
