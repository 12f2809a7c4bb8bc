/**
 * Tempo and rhythm descriptors.
 *
 * Method
 * 1. Onset strength: log-compressed spectral flux (half-wave rectified frame
 *    difference of log(1 + C·|X|), summed over bins; Bello et al. 2005,
 *    Böck & Widmer 2013), minus its 1 s moving mean, half-wave rectified.
 * 2. Periodicity: the autocorrelation of the onset strength over the whole
 *    track (the time-averaged autocorrelation tempogram, Grosche & Müller 2011),
 *    read with linear interpolation on a fine log-tempo grid (0.25 % steps) so
 *    the BPM is not quantised to whole frame lags.
 * 3. Harmonic enhancement: each tempo candidate is scored by the mean
 *    autocorrelation at its first four beat multiples (a comb, after Percival &
 *    Tzanetakis 2014's enhanced autocorrelation), which favours the metrical
 *    level whose multiples are all periodic.
 * 4. Octave prior: the comb is weighted by a log-normal prior on the beat
 *    period (Ellis 2007: centre 0.5 s = 120 BPM), which resolves the remaining
 *    ×2 / ×½ ambiguity towards the tempo listeners tap most often.
 *
 * Silence (no onset energy) gives tempo 0 and zero descriptors.
 */
import type { AnalysisInput, RhythmDescriptors, Spectrogram } from '../audio/types.js';

/** Slowest tempo reported, BPM. */
export const MIN_BPM = 40;
/** Fastest tempo reported, BPM. */
export const MAX_BPM = 240;
/** Centre of the log-normal tempo prior, BPM (Ellis 2007). */
export const PRIOR_BPM = 120;
/** Width of the log-normal tempo prior, octaves. */
export const PRIOR_OCTAVES = 1.0;

/** Onset strength envelope (one value per STFT frame, ≥ 0) and its frame rate. */
export interface OnsetEnvelope {
  /** Onset strength per frame, ≥ 0. */
  env: Float32Array;
  /** Frames per second. */
  frameRate: number;
}

/** Log-compressed spectral flux with its local mean removed (see module doc). */
export function onsetEnvelope(spec: Spectrogram): OnsetEnvelope {
  const { nFrames, nBins, mag } = spec;
  const frameRate = spec.sampleRate / spec.hop;
  const flux = new Float32Array(nFrames);
  const prev = new Float32Array(nBins);
  const cur = new Float32Array(nBins);
  // Only bins up to ~10 kHz: above that mp3 encoders leave little but noise.
  const maxBin = Math.min(nBins - 1, Math.floor((10000 * spec.fftSize) / spec.sampleRate));
  for (let f = 0; f < nFrames; f++) {
    const base = f * nBins;
    let s = 0;
    for (let b = 1; b <= maxBin; b++) {
      const v = Math.log1p(100 * mag[base + b]);
      cur[b] = v;
      const d = v - prev[b];
      if (d > 0 && f > 0) s += d;
    }
    flux[f] = s;
    prev.set(cur);
  }
  // Subtract a centred moving mean (about 1 s) and rectify.
  const half = Math.max(1, Math.round(frameRate / 2));
  const env = new Float32Array(nFrames);
  let acc = 0;
  let lo = 0;
  let hi = -1;
  for (let f = 0; f < nFrames; f++) {
    const wantHi = Math.min(nFrames - 1, f + half);
    const wantLo = Math.max(0, f - half);
    while (hi < wantHi) acc += flux[++hi];
    while (lo < wantLo) acc -= flux[lo++];
    const mean = acc / (hi - lo + 1);
    env[f] = Math.max(0, flux[f] - mean);
  }
  return { env, frameRate };
}

/** Autocorrelation r[0..maxLag] of x (mean-normalised by overlap length). */
export function autocorrelation(x: Float32Array, maxLag: number): Float64Array {
  const n = x.length;
  const L = Math.min(maxLag, n - 1);
  const r = new Float64Array(Math.max(0, L) + 1);
  for (let lag = 0; lag <= L; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i] * x[i + lag];
    r[lag] = s / (n - lag);
  }
  return r;
}

function interp(r: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  if (i + 1 >= r.length) return 0;
  const t = lag - i;
  return r[i] * (1 - t) + r[i + 1] * t;
}

/** Full result of {@link estimateRhythm}: the shared descriptors plus the onset envelope. */
export interface RhythmAnalysis extends RhythmDescriptors {
  /** The onset envelope the descriptors come from. */
  onset: OnsetEnvelope;
}

/**
 * Estimates the global tempo (BPM, 0 for silence) and rhythm descriptors of the
 * analysis input (see the module doc for the method and references).
 */
export function estimateRhythm(input: AnalysisInput): RhythmAnalysis {
  const onset = onsetEnvelope(input.spec);
  const { env, frameRate } = onset;
  const n = env.length;
  const zero = { tempo: 0, pulseClarity: 0, onsetRate: 0, beatStrength: 0, onset };
  let energy = 0;
  for (let i = 0; i < n; i++) energy += env[i];
  if (energy <= 1e-6 || n < 8) return zero;

  const K = 4;
  const maxLag = Math.min(n - 1, Math.ceil(((60 * frameRate) / MIN_BPM) * K) + 2);
  const r = autocorrelation(env, maxLag);
  if (r[0] <= 0) return zero;
  for (let i = r.length - 1; i >= 0; i--) r[i] /= r[0];

  const step = Math.log(1.0025);
  let best = 0;
  let bestScore = -Infinity;
  for (let lb = Math.log(MIN_BPM); lb <= Math.log(MAX_BPM); lb += step) {
    const bpm = Math.exp(lb);
    const tau = (60 * frameRate) / bpm;
    let s = 0;
    let m = 0;
    for (let k = 1; k <= K; k++) {
      if (k * tau >= r.length - 1) break;
      s += interp(r, k * tau);
      m++;
    }
    if (m === 0) continue;
    const comb = s / m;
    const oct = Math.log2(bpm / PRIOR_BPM) / PRIOR_OCTAVES;
    const score = comb * Math.exp(-0.5 * oct * oct);
    if (score > bestScore) {
      bestScore = score;
      best = bpm;
    }
  }
  if (best === 0) return zero;
  const tau = (60 * frameRate) / best;
  const pulseClarity = Math.min(1, Math.max(0, interp(r, tau)));
  const mean = energy / n;

  // Onsets: local maxima above mean + 1 std over a ±50 ms neighbourhood.
  let varSum = 0;
  for (let i = 0; i < n; i++) varSum += (env[i] - mean) ** 2;
  const thr = mean + Math.sqrt(varSum / n);
  const w = Math.max(1, Math.round(0.05 * frameRate));
  let onsets = 0;
  for (let i = 0; i < n; i++) {
    const v = env[i];
    if (v <= thr) continue;
    let isMax = true;
    for (let j = Math.max(0, i - w); j <= Math.min(n - 1, i + w) && isMax; j++) if (env[j] > v || (env[j] === v && j < i)) isMax = false;
    if (isMax) onsets++;
  }
  const onsetRate = onsets / (n / frameRate);

  // Beat strength: best-phase mean envelope at beat positions relative to the mean.
  const phases = Math.max(1, Math.floor(tau));
  let bestPhase = 0;
  for (let p = 0; p < phases; p++) {
    let s = 0;
    let c = 0;
    for (let t = p; t < n; t += tau) {
      s += env[Math.round(t)] ?? 0;
      c++;
    }
    if (c > 0 && s / c > bestPhase) bestPhase = s / c;
  }
  const beatStrength = bestPhase / mean;
  return { tempo: best, pulseClarity, onsetRate, beatStrength, onset };
}
