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
 *    averaged. A bass chroma is made the same way from the peaks between 30
 *    and 250 Hz (the bass register).
 * 3. Key score of each of the 24 keys: the mean Pearson correlation of the
 *    chroma with three rotated key profiles (an ensemble, so no single
 *    corpus's bias decides: Krumhansl & Kessler 1982 probe-tone ratings;
 *    Temperley 2001's Kostka–Payne corpus profile, which weights the raised
 *    leading tone of harmonic minor; Faraldo et al. 2016's "bgate" profile)
 *    plus {@link BASS_WEIGHT} × the correlation of the bass chroma with a
 *    root profile (tonic 1, subdominant and dominant ½: in tonal music the
 *    bass sits on the tonic most, then on IV and V; cf. Pauws 2004 and
 *    Temperley's use of bass roots). The bass term separates a key from its
 *    subdominant and dominant, whose pitch sets are nearly the same.
 * 4. Confidence: (r₁ − r₂) / r₁ between the best and the runner-up score,
 *    clipped to 0–1, times r₁ clipped to 0–1.
 *
 * Silence or a flat chroma gives key -1, mode 1, confidence 0.
 */
import { createRealFft } from '../audio/fft.js';
import { hannMagnitudes, loadFrame } from '../audio/stft.js';

/** Krumhansl–Kessler major profile, tonic first. */
export const KK_MAJOR = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88] as const;
/** Krumhansl–Kessler minor profile, tonic first. */
export const KK_MINOR = [6.33, 2.68, 3.52, 5.38, 2.6, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17] as const;
/** Temperley (2001) Kostka–Payne corpus major profile, tonic first. */
export const TEMPERLEY_MAJOR = [0.748, 0.06, 0.488, 0.082, 0.67, 0.46, 0.096, 0.715, 0.104, 0.366, 0.057, 0.4] as const;
/** Temperley (2001) Kostka–Payne corpus minor profile, tonic first. */
export const TEMPERLEY_MINOR = [0.712, 0.084, 0.474, 0.618, 0.049, 0.46, 0.105, 0.747, 0.404, 0.067, 0.133, 0.33] as const;
/** Faraldo et al. (2016) "bgate" major profile, tonic first. */
export const BGATE_MAJOR = [1, 0, 0.42, 0, 0.53, 0.37, 0, 0.77, 0, 0.38, 0.21, 0.3] as const;
/** Faraldo et al. (2016) "bgate" minor profile, tonic first. */
export const BGATE_MINOR = [1, 0, 0.36, 0.39, 0, 0.38, 0, 0.74, 0.27, 0, 0.42, 0.23] as const;
/** Root profile of the bass: tonic, then subdominant and dominant (tonic first). */
export const BASS_ROOT_PROFILE = [1, 0, 0, 0, 0, 0.5, 0, 0.5, 0, 0, 0, 0] as const;
/** Weight of the bass-root correlation beside the mean profile correlation. */
export const BASS_WEIGHT = 0.5;

const MAJOR_PROFILES = [KK_MAJOR, TEMPERLEY_MAJOR, BGATE_MAJOR] as const;
const MINOR_PROFILES = [KK_MINOR, TEMPERLEY_MINOR, BGATE_MINOR] as const;

/** Bands of the two chromas, Hz. */
const CHROMA_MIN_HZ = 55;
const CHROMA_MAX_HZ = 1000;
const BASS_MIN_HZ = 30;
const BASS_MAX_HZ = 250;

/**
 * Harmonic numbers whose pitch class differs from the fundamental's: a peak at
 * h × a stronger lower peak (±2 %) is taken as that note's overtone and dropped.
 */
const SUPPRESSED_HARMONICS = [3, 5, 6, 7, 9, 10];
/** {@link SUPPRESSED_HARMONICS} as a bit mask (a shift and a test instead of a Set lookup in the pair loop). */
const SUPPRESSED_MASK = SUPPRESSED_HARMONICS.reduce((mask, h) => mask | (1 << h), 0);
const MAX_SUPPRESSED = Math.max(...SUPPRESSED_HARMONICS);

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
  /** The mean bass-register chroma (30–250 Hz; 12 values summing to 1, or zeros). */
  bassChroma?: Float32Array;
}

/** Mean frame-normalised chroma of a mono signal, 55 Hz–1 kHz (see module doc, steps 1–2). */
export function chromagram(mono: Float32Array, sampleRate: number): Float32Array {
  return chromagrams(mono, sampleRate).chroma;
}

/** The key chroma (55 Hz–1 kHz) and the bass chroma (30–250 Hz) of a mono signal, in one pass (module doc, step 2). */
export function chromagrams(mono: Float32Array, sampleRate: number): { chroma: Float32Array; bass: Float32Array } {
  let fftSize = 1;
  while (fftSize < (4096 * sampleRate) / 22050) fftSize *= 2;
  fftSize = Math.max(fftSize, 512);
  const hop = fftSize;
  const fft = createRealFft(fftSize);
  const nBins = fftSize / 2 + 1;
  const mag = new Float64Array(nBins);
  const binHz = sampleRate / fftSize;
  const lo = Math.max(2, Math.floor(Math.min(BASS_MIN_HZ, CHROMA_MIN_HZ) / binHz));
  const hi = Math.min(nBins - 2, Math.ceil(CHROMA_MAX_HZ / binHz));
  const pf = new Float64Array(nBins);
  const pa = new Float64Array(nBins);
  const total = new Float32Array(12);
  const bassTotal = new Float32Array(12);
  const fc = new Float64Array(12);
  const bc = new Float64Array(12);
  const nFrames = Math.max(1, Math.ceil((mono.length - fftSize) / hop) + 1);
  const frame = fft.input;
  const o = fft.output;
  for (let f = 0; f < nFrames; f++) {
    loadFrame(frame, mono, f * hop);
    fft.transform();
    // Hann-windowed magnitudes of the bins the peak picking reads (window applied in frequency).
    hannMagnitudes(o, fftSize, mag, 0, lo - 1, hi + 1);
    fc.fill(0);
    bc.fill(0);
    let sum = 0;
    let bassSum = 0;
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
        if (h <= MAX_SUPPRESSED && ((SUPPRESSED_MASK >> h) & 1) === 1 && Math.abs(r / h - 1) < 0.02) harmonic = true;
      }
      if (harmonic) continue;
      const midi = 12 * Math.log2(pf[j] / 440) + 69;
      const near = Math.round(midi);
      const w = Math.max(0, 1 - 2 * Math.abs(midi - near));
      const m = pa[j];
      const v = Math.log1p((1000 * m) / fmax) * w;
      const pc = ((near % 12) + 12) % 12;
      if (pf[j] >= CHROMA_MIN_HZ) {
        fc[pc] += v;
        sum += v;
      }
      if (pf[j] >= BASS_MIN_HZ && pf[j] <= BASS_MAX_HZ) {
        bc[pc] += v;
        bassSum += v;
      }
    }
    if (sum > 1e-9) for (let i = 0; i < 12; i++) total[i] += fc[i] / sum;
    if (bassSum > 1e-9) for (let i = 0; i < 12; i++) bassTotal[i] += bc[i] / bassSum;
  }
  fft.dispose();
  return { chroma: unitSum(total), bass: unitSum(bassTotal) };
}

function unitSum(x: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < 12; i++) s += x[i];
  if (s > 0) for (let i = 0; i < 12; i++) x[i] /= s;
  return x;
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

/**
 * Best key of a 12-bin chroma (C first) by the profile-ensemble correlation, plus the bass-root
 * term when a bass chroma is given (module doc, step 3); key -1 when the chroma is flat.
 */
export function keyFromChroma(chroma: ArrayLike<number>, bassChroma?: ArrayLike<number>): Omit<KeyEstimate, 'chroma' | 'bassChroma'> {
  let r1 = -Infinity;
  let r2 = -Infinity;
  let key = -1;
  let mode = 1;
  for (let m = 0; m <= 1; m++) {
    const profs = m === 1 ? MAJOR_PROFILES : MINOR_PROFILES;
    for (let k = 0; k < 12; k++) {
      let r = 0;
      for (const prof of profs) r += pearson(chroma, prof, k) / profs.length;
      if (bassChroma) r += BASS_WEIGHT * pearson(bassChroma, BASS_ROOT_PROFILE, k);
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
  const { chroma, bass } = chromagrams(mono, sampleRate);
  let bassEnergy = 0;
  for (let i = 0; i < 12; i++) bassEnergy += bass[i];
  return { ...keyFromChroma(chroma, bassEnergy > 0 ? bass : undefined), chroma, bassChroma: bass };
}
