/**
 * Tempo and rhythm descriptors.
 *
 * Method
 * 1. Onset strength: log-compressed spectral flux (half-wave rectified frame
 *    difference of log(1 + γ|X|), Bello et al. 2005; Böck & Widmer 2013) in the
 *    band below 1.5 kHz (kick, snare body, bass, chords), minus its 1 s moving
 *    mean, rectified, outliers clipped, 1-2-1 smoothed.
 * 2. Periodicity: the autocorrelation of the onset strength over the whole track
 *    (the time-averaged autocorrelation tempogram, Grosche & Müller 2011), read
 *    with linear interpolation on a 0.25 % log-tempo grid. The salience of a beat
 *    period τ is a metrical comb, r(τ) + ½ r(2τ) + r(4τ) (normalised): the beat,
 *    half-bar and bar levels of 4/4, in the spirit of the pulse-train and
 *    enhanced-autocorrelation salience of Percival & Tzanetakis 2014 and the
 *    metrical-level combination of Klapuri et al. 2006. The 3τ tap is left out so
 *    3:2-related periods gain nothing. With the bar tap, a song whose only strong
 *    onsets fall on bar lines (sustained chords, one bass note per bar,
 *    soft-attack melody) still shows its beat, where a single-lag reading sees
 *    only noise and picks a spurious peak (×1.1, ×1.5). Weights chosen on renders
 *    (seeds listed in scripts/bench-accuracy.ts). Then weighted by a log-normal
 *    prior on the beat period (Ellis 2007; centre 120 BPM, 1.5 octaves).
 * 3. Beat level: the fastest salience peak within 90 % of the best one (the
 *    beat is the fastest level at which strong low-band onsets recur).
 * 4. Metrical level from harmonic rhythm: chords change on bar lines (Goto &
 *    Muraoka 1999), so among ½×, 1× and 2× that tempo we prefer the one whose
 *    4-beat lag shows chord-change periodicity and whose 2-beat lag does not
 *    (autocorrelation of chord-change events, chroma-novelty.ts, found with a
 *    half-bar window of that hypothesis so melody notes within the bar average
 *    out), weighed with the level's own onset periodicity and a mild prior;
 *    4/4 is assumed.
 * 5. Refinement within ±4 % on the comb of the first four beat multiples
 *    (Percival & Tzanetakis 2014's enhanced autocorrelation), for sub-frame
 *    precision.
 *
 * Silence (no onset energy) gives tempo 0 and zero descriptors, as does a clip shorter than two
 * beats at the fastest tempo ({@link MIN_TEMPO_CLIP_SEC}): it cannot show a beat period.
 */
import type { AnalysisInput, RhythmDescriptors, Spectrogram } from '../audio/types.js';
import { chromaBlocks, noveltyAcf } from './chroma-novelty.js';
import { lagProducts } from './lag-products.js';

/** Slowest tempo reported, BPM. */
export const MIN_BPM = 40;
/** Fastest tempo reported, BPM. */
export const MAX_BPM = 240;
/** Shortest clip with a measurable tempo, s: two beats at {@link MAX_BPM}. */
export const MIN_TEMPO_CLIP_SEC = (2 * 60) / MAX_BPM;
/** Centre of the log-normal tempo prior, BPM (Ellis 2007). */
export const PRIOR_BPM = 120;
/** Width of the log-normal tempo prior, octaves. */
export const PRIOR_OCTAVES = 1.5;
/** Weight of a metrical level's own onset periodicity (relative to the best level's) in step 4. */
export const METRE_ONSET_WEIGHT = 0.2;
/** Weight of the one-octave log-normal prior in step 4. */
export const METRE_PRIOR_WEIGHT = 0.6;
/** A periodicity peak within this fraction of the best (prior-weighted) one may be chosen if faster. */
export const FASTEST_FRACTION = 0.9;

/** Onset strength envelope (one value per STFT frame, ≥ 0) and its frame rate. */
export interface OnsetEnvelope {
  /** Onset strength per frame, ≥ 0. */
  env: Float32Array;
  /** Frames per second. */
  frameRate: number;
}

/** Upper edge of the band the onset strength is measured in, Hz (kick, snare body, bass, chords; not hi-hats). */
export const ONSET_MAX_HZ = 1500;

/** Log-compressed spectral flux below {@link ONSET_MAX_HZ} with its local mean removed (see module doc). */
export function onsetEnvelope(spec: Spectrogram): OnsetEnvelope {
  const { nFrames, nBins, mag } = spec;
  const frameRate = spec.sampleRate / spec.hop;
  const flux = new Float32Array(nFrames);
  const prev = new Float32Array(nBins);
  const cur = new Float32Array(nBins);
  const maxBin = Math.min(nBins - 1, Math.floor((ONSET_MAX_HZ * spec.fftSize) / spec.sampleRate));
  // Compression relative to the loudest bin (γ = 100 / max), so the flux does not depend on
  // level and changes far below the peak (noise floors, dither) count little.
  let peak = 0;
  for (let f = 0; f < nFrames; f++) {
    const base = f * nBins;
    for (let b = 1; b <= maxBin; b++) if (mag[base + b] > peak) peak = mag[base + b];
  }
  const gamma = peak > 0 ? 100 / peak : 0;
  for (let f = 0; f < nFrames; f++) {
    const base = f * nBins;
    let s = 0;
    for (let b = 1; b <= maxBin; b++) {
      const v = Math.log1p(gamma * mag[base + b]);
      cur[b] = v;
      const d = v - prev[b];
      s += 0.5 * (d + Math.abs(d)); // max(d, 0), exact and branch-free (the sign of d is unpredictable)
    }
    flux[f] = f > 0 ? s : 0;
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
    env[f] = Math.max(0, flux[f] - acc / (hi - lo + 1));
  }
  // Clip isolated huge onsets (e.g. the first note after silence, a click) at mean + 4 SD so
  // they do not dominate the autocorrelation.
  let m1 = 0;
  let m2 = 0;
  for (let f = 0; f < nFrames; f++) {
    m1 += env[f];
    m2 += env[f] * env[f];
  }
  m1 /= nFrames;
  const cap = m1 + 4 * Math.sqrt(Math.max(0, m2 / nFrames - m1 * m1));
  for (let f = 0; f < nFrames; f++) if (env[f] > cap) env[f] = cap;
  // 1-2-1 smoothing: autocorrelation peaks wider than one frame can be interpolated.
  let p = env[0];
  for (let f = 1; f < nFrames - 1; f++) {
    const c = env[f];
    env[f] = 0.25 * p + 0.5 * c + 0.25 * env[f + 1];
    p = c;
  }
  return { env, frameRate };
}

/** Autocorrelation r[0..maxLag] of x (mean-normalised by overlap length). */
export function autocorrelation(x: Float32Array, maxLag: number): Float64Array {
  const r = lagProducts(x, 0, maxLag);
  for (let lag = 0; lag < r.length; lag++) r[lag] /= x.length - lag;
  return r;
}

function interp(r: Float64Array, lag: number): number {
  const i = Math.floor(lag);
  if (i + 1 >= r.length) return 0;
  const t = lag - i;
  return r[i] * (1 - t) + r[i + 1] * t;
}

/** Autocorrelation at the beat lag of `bpm`, then mean over the first four beat multiples (the comb). */
function combAt(r: Float64Array, frameRate: number, bpm: number, multiples: number): number {
  const tau = (60 * frameRate) / bpm;
  let s = 0;
  let m = 0;
  for (let k = 1; k <= multiples; k++) {
    if (k * tau >= r.length - 1) break;
    s += interp(r, k * tau);
    m++;
  }
  return m ? s / m : 0;
}

/** Weights of the metrical comb of step 2 at 1, 2 and 4 beat periods (beat, half bar, bar of 4/4). */
export const METRICAL_COMB: readonly (readonly [multiple: number, weight: number])[] = [
  [1, 1],
  [2, 0.5],
  [4, 1],
];

/** Step 2's beat salience at `bpm`: the normalised {@link METRICAL_COMB} of the autocorrelation. */
function salience(r: Float64Array, frameRate: number, bpm: number): number {
  const tau = (60 * frameRate) / bpm;
  let s = 0;
  let w = 0;
  for (const [k, weight] of METRICAL_COMB) {
    if (k * tau >= r.length - 1) break;
    s += weight * interp(r, k * tau);
    w += weight;
  }
  return w ? s / w : 0;
}

const logPrior = (bpm: number, octaves: number): number => -0.5 * (Math.log2(bpm / PRIOR_BPM) / octaves) ** 2;

/**
 * Chooses the tempo from the normalised onset autocorrelation `r` (module doc,
 * steps 2–5); 0 when nothing periodic was found.
 */
function chooseTempo(r: Float64Array, frameRate: number, spec: Spectrogram): number {
  // Step 2: metrical-comb salience per tempo on a 0.25 % log grid, weighted by the prior.
  const step = Math.log(1.0025);
  const nGrid = Math.floor((Math.log(MAX_BPM) - Math.log(MIN_BPM)) / step) + 1;
  const acf = new Float64Array(nGrid);
  const score = new Float64Array(nGrid);
  let bestScore = -Infinity;
  let argBest = 0;
  for (let g = 0; g < nGrid; g++) {
    const bpm = MIN_BPM * Math.exp(g * step);
    acf[g] = salience(r, frameRate, bpm);
    score[g] = acf[g] * Math.exp(logPrior(bpm, PRIOR_OCTAVES));
    if (score[g] > bestScore) {
      bestScore = score[g];
      argBest = g;
    }
  }
  if (!(bestScore > 0)) return 0;
  // Step 3: the fastest periodicity peak within 90 % of the best (the beat is the fastest
  // level at which strong low-band onsets recur; hi-hat subdivisions are outside the band).
  let best = 0;
  for (let g = nGrid - 2; g > 0 && best === 0; g--) {
    if (acf[g] >= acf[g - 1] && acf[g] >= acf[g + 1] && score[g] >= FASTEST_FRACTION * bestScore) best = MIN_BPM * Math.exp(g * step);
  }
  // No interior peak (the best lies at an end of the range): take the best grid point.
  if (best === 0) best = MIN_BPM * Math.exp(argBest * step);
  // Step 4: metrical level from harmonic rhythm among best/2, best, best×2.
  const blocks = chromaBlocks(spec);
  const cands = [best / 2, best, best * 2].filter((t) => t >= MIN_BPM && t <= MAX_BPM);
  // Each hypothesis reads chord changes with its own half-bar window (2 beats a side).
  const novs = cands.map((t) => noveltyAcf(blocks, (4 * 60) / t + 0.5, (2 * 60) / t));
  if (novs.some((n) => n.valid)) {
    const onsetAt = cands.map((t) => combAt(r, frameRate, t, 1));
    const oMax = Math.max(...onsetAt);
    const harm = cands.map((t, i) => {
      const beat = 60 / t;
      // Chord changes every 4 beats but not every 2, plus the level's own onset periodicity
      // (a level without onsets is a weak beat candidate), plus a mild prior.
      const h = novs[i].valid ? novs[i].at(4 * beat) - novs[i].at(2 * beat) : 0;
      const o = oMax > 0 ? onsetAt[i] / oMax : 0;
      return Number.isNaN(h) ? -Infinity : h + METRE_ONSET_WEIGHT * o + METRE_PRIOR_WEIGHT * logPrior(t, 1);
    });
    let bi = cands.indexOf(best);
    const h0 = harm[bi];
    for (let i = 0; i < cands.length; i++) if (harm[i] > harm[bi] && harm[i] - h0 > 0.05) bi = i;
    best = cands[bi];
  }
  // Step 5: refine within ±4 % on the four-multiple comb (sub-frame precision).
  let refined = best;
  let rs = -Infinity;
  for (let bpm = Math.max(MIN_BPM, best * 0.96); bpm <= Math.min(MAX_BPM, best * 1.04); bpm *= 1.001) {
    const c = combAt(r, frameRate, bpm, 4);
    if (c > rs) {
      rs = c;
      refined = bpm;
    }
  }
  return refined;
}

/** Full result of {@link estimateRhythm}: the shared descriptors plus the onset envelope. */
export interface RhythmAnalysis extends RhythmDescriptors {
  /** The onset envelope the descriptors come from. */
  onset: OnsetEnvelope;
}

/**
 * Estimates the global tempo (BPM; 0 for silence and for clips under {@link MIN_TEMPO_CLIP_SEC}) and rhythm descriptors of the
 * analysis input (see the module doc for the method and references).
 */
export function estimateRhythm(input: AnalysisInput): RhythmAnalysis {
  const onset = onsetEnvelope(input.spec);
  const { env, frameRate } = onset;
  const n = env.length;
  const zero = { tempo: 0, pulseClarity: 0, onsetRate: 0, beatStrength: 0, onset };
  let energy = 0;
  for (let i = 0; i < n; i++) energy += env[i];
  if (energy <= 1e-6 || n < 8 || n / frameRate < MIN_TEMPO_CLIP_SEC) return zero;

  const maxLag = Math.min(n - 1, Math.ceil(((60 * frameRate) / MIN_BPM) * 4) + 2);
  const r = autocorrelation(env, maxLag);
  if (r[0] <= 0) return zero;
  for (let i = r.length - 1; i >= 0; i--) r[i] /= r[0];

  const best = chooseTempo(r, frameRate, input.spec);
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
