/**
 * Shared spectral math for the perceptual descriptors: a mel filterbank, the DCT that turns
 * log mel energies into MFCCs, a bin → pitch-class map for chroma, and small statistics helpers.
 */

/** Hz → mel, HTK formula (O'Shaughnessy 1987): 2595·log10(1 + f/700). */
export const hzToMel = (hz: number): number => 2595 * Math.log10(1 + hz / 700);
/** mel → Hz, inverse of {@link hzToMel}. */
export const melToHz = (mel: number): number => 700 * (Math.pow(10, mel / 2595) - 1);

/** Sparse triangular mel filterbank: for band m, weights over bins `start[m]` … `start[m] + w[m].length - 1`. */
export interface MelBank {
  /** Centre frequency of each band, Hz. */
  centres: Float64Array;
  start: Int32Array;
  weights: Float32Array[];
}

/**
 * Triangular filters equally spaced on the mel scale between `fMin` and `fMax` (capped at Nyquist),
 * as in Davis & Mermelstein (1980); each filter has unit peak. Bands too narrow to catch a bin
 * borrow the nearest bin so that no band is empty.
 */
export function melBank(nBands: number, fftSize: number, sampleRate: number, fMin: number, fMax: number): MelBank {
  const nBins = fftSize / 2 + 1;
  const binHz = sampleRate / fftSize;
  const hi = Math.min(fMax, sampleRate / 2);
  const mLo = hzToMel(fMin);
  const mHi = hzToMel(hi);
  const edges = Array.from({ length: nBands + 2 }, (_, i) => melToHz(mLo + ((mHi - mLo) * i) / (nBands + 1)));
  const start = new Int32Array(nBands);
  const weights: Float32Array[] = [];
  const centres = new Float64Array(nBands);
  for (let m = 0; m < nBands; m++) {
    const [l, c, r] = [edges[m], edges[m + 1], edges[m + 2]];
    centres[m] = c;
    let b0 = Math.max(1, Math.ceil(l / binHz));
    let b1 = Math.min(nBins - 1, Math.floor(r / binHz));
    if (b1 < b0) b0 = b1 = Math.min(nBins - 1, Math.max(1, Math.round(c / binHz)));
    const w = new Float32Array(b1 - b0 + 1);
    for (let b = b0; b <= b1; b++) {
      const f = b * binHz;
      w[b - b0] = f <= c ? (f - l) / Math.max(c - l, 1e-9) : (r - f) / Math.max(r - c, 1e-9);
      if (!(w[b - b0] > 0)) w[b - b0] = b0 === b1 ? 1 : 0;
    }
    start[m] = b0;
    weights.push(w);
  }
  return { centres, start, weights };
}

/** DCT-II matrix (orthonormal) of `nOut` × `nIn`, row k = coefficient k. */
export function dctMatrix(nOut: number, nIn: number): Float64Array {
  const d = new Float64Array(nOut * nIn);
  for (let k = 0; k < nOut; k++) {
    const s = k === 0 ? Math.sqrt(1 / nIn) : Math.sqrt(2 / nIn);
    for (let n = 0; n < nIn; n++) d[k * nIn + n] = s * Math.cos((Math.PI * k * (n + 0.5)) / nIn);
  }
  return d;
}

/** Pitch class (0 = C) of each bin between `fMin` and `fMax`, -1 elsewhere (A4 = 440 Hz). */
export function pitchClassMap(nBins: number, binHz: number, fMin: number, fMax: number): Int8Array {
  const pc = new Int8Array(nBins).fill(-1);
  for (let b = 1; b < nBins; b++) {
    const f = b * binHz;
    if (f < fMin || f > fMax) continue;
    const midi = Math.round(69 + 12 * Math.log2(f / 440));
    pc[b] = ((midi % 12) + 12) % 12;
  }
  return pc;
}

/** Mean and population standard deviation of `x` (0, 0 when empty). */
export function meanStd(x: ArrayLike<number>): [number, number] {
  const n = x.length;
  if (!n) return [0, 0];
  let s = 0;
  for (let i = 0; i < n; i++) s += x[i];
  const m = s / n;
  let v = 0;
  for (let i = 0; i < n; i++) v += (x[i] - m) * (x[i] - m);
  return [m, Math.sqrt(v / n)];
}

/** The q-quantile (0–1) of `x` by sorting a copy (0 when empty). */
export function quantile(x: ArrayLike<number>, q: number): number {
  if (!x.length) return 0;
  const s = Float64Array.from(x).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
}

/** Logistic function 1 / (1 + e^(-x)). */
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * Linear ramp clamped to 0–1: 0 at `lo`, 1 at `hi` (`lo` > `hi` gives a falling ramp).
 * The anchors are the documented values where a descriptor stops/starts mattering.
 */
export function ramp(x: number, lo: number, hi: number): number {
  if (!Number.isFinite(x)) return 0;
  const t = (x - lo) / (hi - lo);
  return t <= 0 ? 0 : t >= 1 ? 1 : t;
}

/** Clamps to 0–1 and maps non-finite to `fallback`. */
export function unit(x: number, fallback = 0): number {
  return Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : fallback;
}
