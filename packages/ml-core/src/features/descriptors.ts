/**
 * The per-track descriptor vector the perceptual features are derived from, computed from the
 * shared STFT in one pass over its frames (no second transform).
 *
 * Methods: MFCC after Davis & Mermelstein (1980) (40 HTK-mel bands 30 Hz–8 kHz, log10, DCT-II,
 * 13 coefficients); chroma by folding 200 Hz–5 kHz bins onto pitch classes (Fujishima 1999);
 * spectral centroid, 85 % roll-off and flux (Tzanetakis & Cook 2002); spectral flatness after
 * Johnston (1988) (geometric / arithmetic mean of the power densities of the mel bands from 60 Hz
 * to 8 kHz, i.e. band energy / filter area, so white noise scores ~1); normalised spectral entropy
 * (Shannon entropy of the same band densities / ln(bands)); the Scheirer & Slaney
 * (1997) speech/music features: 4 Hz modulation energy and the low-energy frame ratio; a
 * steady-partial ratio (share of spectral-peak power in partials that hold their frequency for
 * ≥ 180 ms: sustained notes do, gliding speech harmonics and noise do not); pause ratio, dynamic
 * range and level from frame energies.
 *
 * The per-frame pass (everything up to the per-frame series, and the partial tracking) runs in the
 * WebAssembly SIMD kernel of kernels/frames.ts, which reproduces the JavaScript loops bit for bit.
 */
import type { RhythmDescriptors, Spectrogram } from '../audio/types.js';
import { dctMatrix, meanStd, melBank, pitchClassMap, quantile } from './spectral.js';
import { lagProducts } from './lag-products.js';
import { frameSeries, type FrameTables } from './kernels/frames.js';

/** Version of the descriptor layout; bump whenever {@link DESCRIPTOR_LAYOUT} or a method changes. */
export const DESCRIPTORS_VERSION = 1;

/** Named descriptors of one track (units in each field's doc). */
export interface TrackDescriptors {
  /** Mean of MFCC 0–12 over active frames (c0 in log10-power units). */
  mfccMean: Float32Array;
  /** Standard deviation of MFCC 0–12 over active frames. */
  mfccStd: Float32Array;
  /** Mean chroma C … B, each frame's chroma summing to 1, so the 12 values sum to 1. */
  chromaMean: Float32Array;
  /** Spectral centroid, Hz: mean and std over active frames. */
  centroidMean: number;
  centroidStd: number;
  /** Frequency below which 85 % of the power lies, Hz: mean and std. */
  rolloffMean: number;
  rolloffStd: number;
  /** Spectral flatness (Johnston), 0 (tonal) – 1 (white noise): mean and std. */
  flatnessMean: number;
  flatnessStd: number;
  /** Spectral flux: L2 norm of the rise of the unit-normalised magnitude spectrum, 0–√2: mean, std. */
  fluxMean: number;
  fluxStd: number;
  /** Normalised spectral entropy 0–1, mean over active frames. */
  entropyMean: number;
  /** Mean |Δ| of MFCC 1–12 between consecutive active frames: timbral change rate. */
  mfccDeltaMean: number;
  /** Power-mean frame level, dBFS (RMS of a full-scale sine = -3). */
  levelDb: number;
  /** p95 − p10 of active frame levels, dB (0–60). */
  dynamicRangeDb: number;
  /** Share of frames below half the mean RMS of the surrounding 1 s (Scheirer & Slaney), 0–1. */
  lowEnergyRatio: number;
  /** Share of frames more than 35 dB below the loud (p95) level: pauses, 0–1. */
  pauseRatio: number;
  /** 4 Hz (2.5–6.5 Hz) modulation energy of 150 Hz–4 kHz band envelopes relative to their mean power, ≥ 0. */
  modulation4Hz: number;
  /** Share of spectral-peak power (100 Hz–4 kHz) in partials steady for ≥ 180 ms, 0–1. */
  steadyPartialRatio: number;
  /** Share of spectral-peak power in partials lasting 60–180 ms (gliding speech harmonics), 0–1. */
  glidingPartialRatio: number;
  /** Strongest normalised autocorrelation of the mel onset envelope at lags 0.25–2 s, 0–1: 1 = strictly periodic (a beat), near 0 = aperiodic (speech). */
  envelopePeriodicity: number;
  /** Share of power above 4 kHz, 0–1. */
  highFreqRatio: number;
  /** Share of power below 120 Hz, 0–1. */
  lowFreqRatio: number;
  /** Rhythm descriptors as measured by the tempo module. */
  tempo: number;
  pulseClarity: number;
  onsetRate: number;
  beatStrength: number;
  /** Tonal descriptors from the key module: mode (1 major, 0 minor) and key confidence 0–1. */
  mode: number;
  keyConfidence: number;
}

/** Fields of {@link TrackDescriptors} in vector order, with their sizes: the documented layout. */
export const DESCRIPTOR_LAYOUT = [
  ['mfccMean', 13], ['mfccStd', 13], ['chromaMean', 12],
  ['centroidMean', 1], ['centroidStd', 1], ['rolloffMean', 1], ['rolloffStd', 1],
  ['flatnessMean', 1], ['flatnessStd', 1], ['fluxMean', 1], ['fluxStd', 1],
  ['entropyMean', 1], ['mfccDeltaMean', 1], ['levelDb', 1], ['dynamicRangeDb', 1],
  ['lowEnergyRatio', 1], ['pauseRatio', 1], ['modulation4Hz', 1], ['steadyPartialRatio', 1],
  ['glidingPartialRatio', 1], ['envelopePeriodicity', 1], ['highFreqRatio', 1], ['lowFreqRatio', 1],
  ['tempo', 1], ['pulseClarity', 1], ['onsetRate', 1], ['beatStrength', 1], ['mode', 1], ['keyConfidence', 1],
] as const satisfies readonly (readonly [keyof TrackDescriptors, number])[];

/** Length of the descriptor vector (64 in version 1). */
export const DESCRIPTORS_DIM = DESCRIPTOR_LAYOUT.reduce((n, [, k]) => n + k, 0);

/** Flattens descriptors into the versioned vector of {@link DESCRIPTOR_LAYOUT} (Hz fields stay in Hz). */
export function descriptorVector(d: TrackDescriptors): Float32Array {
  const out = new Float32Array(DESCRIPTORS_DIM);
  let o = 0;
  for (const [name, size] of DESCRIPTOR_LAYOUT) {
    const v = d[name];
    if (typeof v === 'number') out[o] = Number.isFinite(v) ? v : 0;
    else for (let i = 0; i < size; i++) out[o + i] = Number.isFinite(v[i]) ? v[i] : 0;
    o += size;
  }
  return out;
}

const N_MEL = 40;
const N_MFCC = 13;

/**
 * Constant tables of one (sample rate, FFT size): mel weights, DCT, pitch-class runs, band limits
 * (see {@link FrameTables}; the DCT is scaled by log10(e) so MFCC come straight from natural-log
 * mel energies), plus the mel band centres.
 */
interface DescriptorTables extends FrameTables {
  centres: Float64Array;
}

/** Memoised constant tables per `${sampleRate}/${fftSize}` (never mutated after creation). */
const tableCache = new Map<string, DescriptorTables>();

/** The constant tables of (sampleRate, fftSize), memoised (exported for the kernel's tests). */
export function descriptorTables(sampleRate: number, fftSize: number): DescriptorTables {
  const id = `${sampleRate}/${fftSize}`;
  const hit = tableCache.get(id);
  if (hit) return hit;
  const nBins = fftSize / 2 + 1;
  const binHz = sampleRate / fftSize;
  const bank = melBank(N_MEL, fftSize, sampleRate, 30, 8000);
  // Mel weights flattened into one array (monomorphic, cache-friendly inner loop).
  const wOff = new Int32Array(N_MEL + 1);
  for (let m = 0; m < N_MEL; m++) wOff[m + 1] = wOff[m] + bank.weights[m].length;
  const wFlat = new Float64Array(wOff[N_MEL]);
  for (let m = 0; m < N_MEL; m++) wFlat.set(bank.weights[m], wOff[m]);
  const invArea = Float64Array.from(bank.weights, (w) => 1 / Math.max(1e-9, w.reduce((a, v) => a + v, 0)));
  // Flatness/entropy use the mel bands from 60 Hz up, as densities (energy / filter area).
  let flatLo = 0;
  while (flatLo < N_MEL - 2 && bank.centres[flatLo] < 60) flatLo++;
  const t: DescriptorTables = {
    binHz,
    centres: bank.centres,
    melStart: bank.start,
    wOff,
    wFlat,
    invArea,
    dct10: dctMatrix(N_MFCC, N_MEL).map((v) => v * Math.LOG10E),
    pcRuns: pitchClassRuns(
      pitchClassMap(nBins, binHz, 200, 5000), Math.max(1, Math.floor(200 / binHz)), Math.min(nBins - 1, Math.ceil(5000 / binHz)),
    ),
    b4k: Math.min(nBins, Math.round(4000 / binHz)),
    b120: Math.max(1, Math.round(120 / binHz)),
    flatLo,
    msScale: 2 / (fftSize * fftSize * 0.375),
  };
  tableCache.set(id, t);
  return t;
}

/** Runs of consecutive bins of one pitch class within `lo` … `hi`, as [start, end (exclusive), pc] triples. */
function pitchClassRuns(pcMap: Int8Array, lo: number, hi: number): Int32Array {
  const runs: number[] = [];
  for (let b = lo; b <= hi; b++) {
    const pc = pcMap[b];
    if (pc < 0) continue;
    const n = runs.length;
    if (n && runs[n - 1] === pc && runs[n - 2] === b) runs[n - 2] = b + 1;
    else runs.push(b, b + 1, pc);
  }
  return Int32Array.from(runs);
}

/** Values of `x` at the frames listed in `idx`. */
function pick(x: Float64Array, idx: Int32Array): Float64Array {
  const out = new Float64Array(idx.length);
  for (let i = 0; i < idx.length; i++) out[i] = x[idx[i]];
  return out;
}

/**
 * Computes {@link TrackDescriptors} from the shared magnitude STFT plus the rhythm and tonal results.
 * Silence and clips of a frame or two give finite values (zeros, level -120 dBFS).
 */
export function computeDescriptors(
  spec: Spectrogram,
  rhythm: RhythmDescriptors,
  tonal: { mode: number; keyConfidence: number },
): TrackDescriptors {
  const { nFrames, sampleRate, fftSize, hop } = spec;
  const frameRate = sampleRate / hop;
  const t = descriptorTables(sampleRate, fftSize);
  const s = frameSeries(spec, t, Math.round(0.18 * frameRate));
  const { power, mfcc } = s;
  const msScale = t.msScale;
  const [loPow, hiPow, allPow] = [s.bands[0], s.bands[1], s.bands[2]];

  const levelDb = new Float64Array(nFrames);
  for (let f = 0; f < nFrames; f++) levelDb[f] = 10 * Math.log10(power[f] * msScale + 1e-12);
  const loud = quantile(levelDb, 0.95);
  let nActive = 0;
  let nPause = 0;
  const activeBuf = new Int32Array(nFrames);
  for (let f = 0; f < nFrames; f++) {
    if (levelDb[f] > -90 && levelDb[f] > loud - 60) activeBuf[nActive++] = f;
    if (levelDb[f] < loud - 35) nPause++;
  }
  const active = activeBuf.subarray(0, nActive);

  const mfccMean = new Float32Array(N_MFCC);
  const mfccStd = new Float32Array(N_MFCC);
  const col = new Float64Array(nActive);
  for (let k = 0; k < N_MFCC; k++) {
    for (let i = 0; i < nActive; i++) col[i] = mfcc[active[i] * N_MFCC + k];
    const [m, sd] = meanStd(col);
    mfccMean[k] = m;
    mfccStd[k] = sd;
  }
  let dSum = 0;
  for (let i = 1; i < nActive; i++) {
    const a = active[i] * N_MFCC;
    const b = active[i - 1] * N_MFCC;
    for (let k = 1; k < N_MFCC; k++) dSum += Math.abs(mfcc[a + k] - mfcc[b + k]);
  }
  const chroma = s.chroma;
  let chromaSum = 0;
  for (let i = 0; i < 12; i++) chromaSum += chroma[i];
  const chromaMean = Float32Array.from(chroma, (c) => (chromaSum > 0 ? c / chromaSum : 0));
  const activeLevels = pick(levelDb, active);
  const meanPow = nFrames ? allPow / nFrames : 0;

  const [centroidMean, centroidStd] = meanStd(pick(s.centroid, active));
  const [rolloffMean, rolloffStd] = meanStd(pick(s.rolloff, active));
  const [flatnessMean, flatnessStd] = meanStd(pick(s.flatness, active));
  const [fluxMean, fluxStd] = meanStd(pick(s.flux, active));
  return {
    mfccMean,
    mfccStd,
    chromaMean,
    centroidMean,
    centroidStd,
    rolloffMean,
    rolloffStd,
    flatnessMean,
    flatnessStd,
    fluxMean,
    fluxStd,
    entropyMean: meanStd(pick(s.entropy, active))[0],
    mfccDeltaMean: nActive > 1 ? dSum / ((nActive - 1) * (N_MFCC - 1)) : 0,
    levelDb: 10 * Math.log10(meanPow * msScale + 1e-12),
    dynamicRangeDb: Math.min(60, Math.max(0, quantile(activeLevels, 0.95) - quantile(activeLevels, 0.1))),
    lowEnergyRatio: lowEnergyRatio(power, Math.round(frameRate)),
    pauseRatio: allPow > 0 ? nPause / nFrames : 0,
    modulation4Hz: modulationEnergy(s.melEnv, nFrames, t.centres, frameRate),
    steadyPartialRatio: s.partials[0],
    glidingPartialRatio: s.partials[1],
    envelopePeriodicity: envelopePeriodicity(s.lnMel, nFrames, N_MEL, frameRate),
    highFreqRatio: allPow > 0 ? hiPow / allPow : 0,
    lowFreqRatio: allPow > 0 ? loPow / allPow : 0,
    tempo: rhythm.tempo,
    pulseClarity: rhythm.pulseClarity,
    onsetRate: rhythm.onsetRate,
    beatStrength: rhythm.beatStrength,
    mode: tonal.mode,
    keyConfidence: tonal.keyConfidence,
  };
}

/** Scheirer & Slaney low-energy ratio: frames whose RMS is below half the mean RMS of the ±0.5 s around. */
function lowEnergyRatio(power: Float64Array, win: number): number {
  const n = power.length;
  if (n < 2) return 0;
  const rms = Float64Array.from(power, Math.sqrt);
  const pre = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) pre[i + 1] = pre[i] + rms[i];
  const half = Math.max(1, Math.floor(win / 2));
  let low = 0;
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half);
    const b = Math.min(n, i + half + 1);
    const mean = (pre[b] - pre[a]) / (b - a);
    if (mean > 0 && rms[i] < 0.5 * mean) low++;
  }
  return low / n;
}

/**
 * 4 Hz modulation energy (Scheirer & Slaney 1997): amplitude envelopes of the mel bands between
 * 150 Hz and 4 kHz, each divided by its mean, filtered by a 2nd-order band-pass at 4 Hz (Q 1),
 * output power summed over bands / envelope power summed over bands.
 */
function modulationEnergy(melEnv: Float32Array, nFrames: number, centres: Float64Array, frameRate: number): number {
  if (nFrames < 8 || frameRate < 10) return 0;
  const w0 = (2 * Math.PI * 4) / frameRate;
  const alpha = Math.sin(w0) / 2; // Q = 1
  const a0 = 1 + alpha;
  const b0 = alpha / a0, b2 = -alpha / a0, a1 = (-2 * Math.cos(w0)) / a0, a2 = (1 - alpha) / a0;
  let num = 0, den = 0;
  for (let m = 0; m < centres.length; m++) {
    if (centres[m] < 150 || centres[m] > 4000) continue;
    let mean = 0;
    for (let f = 0; f < nFrames; f++) mean += Math.sqrt(melEnv[f * centres.length + m]);
    mean /= nFrames;
    if (!(mean > 0)) continue;
    let x1 = 0, x2 = 0, y1 = 0, y2 = 0, e = 0, t = 0;
    for (let f = 0; f < nFrames; f++) {
      const x = Math.sqrt(melEnv[f * centres.length + m]) / mean;
      const y = b0 * x + b2 * x2 - a1 * y1 - a2 * y2;
      x2 = x1; x1 = x; y2 = y1; y1 = y;
      e += y * y;
      t += x * x;
    }
    num += e;
    den += t;
  }
  return den > 0 ? num / den : 0;
}

/**
 * Periodicity of the onset envelope (from the natural-log mel energies `lnMel`, frame-major):
 * the half-wave-rectified rise of log10 mel energies summed over
 * bands (a spectral-flux novelty curve, Bello et al. 2005), mean removed; the largest autocorrelation
 * at lags 0.25–2 s divided by the lag-0 value (in the spirit of Lartillot's pulse clarity), 0–1.
 */
function envelopePeriodicity(lnMel: Float32Array, nFrames: number, nMel: number, frameRate: number): number {
  const minLag = Math.round(0.25 * frameRate);
  const maxLag = Math.min(nFrames - 4, Math.round(2 * frameRate));
  if (maxLag <= minLag) return 0;
  const nov = new Float64Array(nFrames);
  for (let f = 1; f < nFrames; f++) {
    let s = 0;
    for (let m = 0; m < nMel; m++) {
      const d = (lnMel[f * nMel + m] - lnMel[(f - 1) * nMel + m]) * Math.LOG10E;
      s += 0.5 * (d + Math.abs(d)); // max(d, 0), exact and branch-free
    }
    nov[f] = s;
  }
  let mean = 0;
  for (let f = 0; f < nFrames; f++) mean += nov[f];
  mean /= nFrames;
  for (let f = 0; f < nFrames; f++) nov[f] -= mean;
  let r0 = 0;
  for (let f = 0; f < nFrames; f++) r0 += nov[f] * nov[f];
  if (!(r0 > 0)) return 0;
  const r = lagProducts(nov, minLag, maxLag); // r(lag) = Σ_f nov[f]·nov[f − lag]
  let best = 0;
  // Unbiased: compensate for the shrinking overlap.
  for (let l = minLag; l <= maxLag; l++) best = Math.max(best, (r[l] / r0) * (nFrames / (nFrames - l)));
  return Math.min(1, Math.max(0, best));
}
