/**
 * The per-frame loop of the descriptors (features/descriptors.ts) in WebAssembly SIMD (frames.wat):
 * power, centroid and roll-off sums, spectral flux, the 40 mel band energies with their logarithms,
 * flatness/entropy sums, MFCC and chroma of each STFT frame, and the steady-partial run tracking. The two f64x2 lanes hold two
 * consecutive frames, each running the JavaScript loop of its frame with the same double operations
 * in the same order (and fdlibm's log, the algorithm of V8's Math.log), so the series equal those of
 * the JavaScript loops (frames.test.ts keeps them as the reference).
 *
 * Magnitudes are copied into the module's memory in chunks of at most {@link MAXF} frames, so any
 * length runs in a fixed 2.8 MB, declared by frames.wat and never grown. The module is
 * instantiated once per thread when first imported; its memory is scratch space used only inside
 * the synchronous {@link frameSeries} call, never across calls.
 */
import type { Spectrogram } from '../../audio/types.js';
import { FRAMES_WASM_BASE64 } from './frames-wasm.js';

/** Mel bands (fixed by frames.wat). */
export const FRAME_N_MEL = 40;
/** MFCC coefficients (fixed by frames.wat). */
export const FRAME_N_MFCC = 13;

/** Constant tables of one (sample rate, FFT size) that the per-frame loop reads. */
export interface FrameTables {
  /** Hz per STFT bin. */
  binHz: number;
  /** First bin of each mel band (40). */
  melStart: Int32Array;
  /** Offsets of each band's weights in `wFlat` (41 entries). */
  wOff: Int32Array;
  /** Mel weights, flattened. */
  wFlat: Float64Array;
  /** 1 / filter area of each band (40). */
  invArea: Float64Array;
  /** DCT-II matrix times log10(e), 13 × 40, row-major. */
  dct10: Float64Array;
  /** Pitch-class runs of the chroma bins as [start, end (exclusive), pitch class] triples. */
  pcRuns: Int32Array;
  /** Bin from which power counts as "above 4 kHz" (≤ nBins). */
  b4k: number;
  /** Bins 1 … b120 − 1 count as "below 120 Hz". */
  b120: number;
  /** First band of the flatness/entropy sums. */
  flatLo: number;
  /** Power-to-mean-square factor of a frame. */
  msScale: number;
}

/** Per-frame series of the descriptors. */
export interface FrameSeries {
  /** Σ |X|² over bins 1 … nBins − 1. */
  power: Float64Array;
  /** Spectral centroid, Hz (0 for a silent frame). */
  centroid: Float64Array;
  /** 85 % roll-off frequency, Hz (0 for a silent frame). */
  rolloff: Float64Array;
  /** Spectral flatness of the band densities, 0–1. */
  flatness: Float64Array;
  /** Normalised entropy of the band densities, 0–1. */
  entropy: Float64Array;
  /** L2 rise of the unit-normalised magnitude spectrum (0 for frame 0). */
  flux: Float64Array;
  /** MFCC 0–12, frame-major. */
  mfcc: Float32Array;
  /** Mel band energies, frame-major (Float32: a one-hour file, 155 k frames, stays near 40 MB). */
  melEnv: Float32Array;
  /** Natural log of the mel band mean squares, frame-major. */
  lnMel: Float32Array;
  /** Power-share-weighted chroma sum (12). */
  chroma: Float64Array;
  /** [power below 120 Hz, power above 4 kHz, all power]. */
  bands: Float64Array;
  /**
   * Shares of spectral-peak power (100 Hz–4 kHz, peaks within 30 dB of the frame's strongest) in
   * partials holding a bin (±1) for ≥ `minRun` frames (steady) and for `minRun`/3 … `minRun` frames
   * (gliding), 0–1 each.
   */
  partials: [steady: number, gliding: number];
}

interface FramesExports {
  memory: WebAssembly.Memory;
  frames(
    np: number, nb: number, lo: number, b4k: number, flatLo: number, nRuns: number, ms: number,
    f0: number, plo: number, pw: number, minRun: number, shortRun: number,
  ): void;
  partials(row: number, f: number, lo: number, w: number, minRun: number, shortRun: number): void;
  logn(p: number, n: number): void;
  [region: string]: unknown;
}

const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(FRAMES_WASM_BASE64, 'base64')), {})
  .exports as unknown as FramesExports;
const at = (name: string): number => (wasm[name] as WebAssembly.Global).value as number;
const L = {
  CHROMA: at('CHROMA'), WOFF: at('WOFF'), MSTART: at('MSTART'), INVAREA: at('INVAREA'), DCT: at('DCT'), BHZ: at('BHZ'),
  RUNS: at('RUNS'), WGT: at('WGT'), PREV: at('PREV'), STATS: at('STATS'), MELE: at('MELE'), LNM: at('LNM'),
  MFCC: at('MFCC'), MAG: at('MAG'), RUNP: at('RUNP'), RUNST: at('RUNST'), STK: at('STK'), MEDK: at('MEDK'), TOTK: at('TOTK'), PK: at('PK'), MAXB: at('MAXB'), MAXF: at('MAXF'), MAGCAP: at('MAGCAP'), WGTCAP: at('WGTCAP'),
  RUNCAP: at('RUNCAP'),
};
// frames.wat declares all its memory up front (see iir.ts: growing would detach the buffer).
if (wasm.memory.buffer.byteLength < L.MAG + L.MAGCAP) throw new Error('frames.wat declares too little memory');
const heap = wasm.memory.buffer;
const f64 = new Float64Array(heap);
const f32 = new Float32Array(heap);
const i32 = new Int32Array(heap);

/** Most frames per kernel call. */
export const MAXF = L.MAXF;
/** Most bins per frame the kernel takes (fftSize 8192). */
export const MAX_BINS = L.MAXB;

/** Writes the tables of `t` for `nBins` bins into the module's memory; zeroes the carried state. */
function upload(t: FrameTables, nBins: number): void {
  if (nBins < 2 || nBins > L.MAXB) throw new RangeError(`frameSeries: ${nBins} bins per frame (2 … ${L.MAXB} supported)`);
  if (t.wOff.length !== FRAME_N_MEL + 1 || t.melStart.length !== FRAME_N_MEL || t.invArea.length !== FRAME_N_MEL)
    throw new RangeError('frameSeries: tables must have 40 mel bands');
  if (t.dct10.length !== FRAME_N_MFCC * FRAME_N_MEL) throw new RangeError('frameSeries: DCT must be 13 × 40');
  if (t.wFlat.length > L.WGTCAP || t.pcRuns.length > 3 * L.RUNCAP) throw new RangeError('frameSeries: tables too large');
  f64.fill(0, L.CHROMA / 8, L.CHROMA / 8 + 12);
  f64.fill(0, L.PREV / 8, L.PREV / 8 + 2 * nBins);
  i32.set(t.wOff, L.WOFF / 4);
  i32.set(t.melStart, L.MSTART / 4);
  f64.set(t.invArea, L.INVAREA / 8);
  f64.set(t.dct10, L.DCT / 8);
  f64.fill(0, L.DCT / 8 + t.dct10.length, L.DCT / 8 + 16 * FRAME_N_MEL); // rows 13–15: zero padding
  for (let b = 0; b < nBins; b++) f64[L.BHZ / 8 + b] = b * t.binHz;
  i32.set(t.pcRuns, L.RUNS / 4);
  f64.set(t.wFlat, L.WGT / 8);
}

/** A {@link FrameSeries} of `nFrames` frames, all zeros. */
export function emptyFrameSeries(nFrames: number): FrameSeries {
  return {
    power: new Float64Array(nFrames),
    centroid: new Float64Array(nFrames),
    rolloff: new Float64Array(nFrames),
    flatness: new Float64Array(nFrames),
    entropy: new Float64Array(nFrames),
    flux: new Float64Array(nFrames),
    mfcc: new Float32Array(nFrames * FRAME_N_MFCC),
    melEnv: new Float32Array(nFrames * FRAME_N_MEL),
    lnMel: new Float32Array(nFrames * FRAME_N_MEL),
    chroma: new Float64Array(12),
    bands: new Float64Array(3),
    partials: [0, 0],
  };
}

/**
 * Every per-frame series of the descriptors from the magnitude STFT `spec` (any fftSize up to
 * 8192), in one pass over its frames through the WebAssembly kernel; `minRun` (frames) is the
 * shortest steady partial.
 */
export function frameSeries(spec: Spectrogram, t: FrameTables, minRun: number): FrameSeries {
  const { nFrames, nBins, mag } = spec;
  const s = emptyFrameSeries(nFrames);
  upload(t, nBins);
  // Partials over bins plo … phi (as in the JavaScript: none when fewer than 3 bins or 2 frames).
  const plo = Math.max(2, Math.round(100 / t.binHz));
  const phi = Math.min(nBins - 2, Math.round(4000 / t.binHz));
  const pw = phi - plo + 1 < 3 || nFrames < 2 ? 0 : phi - plo + 1;
  const shortRun = Math.max(2, Math.round(minRun / 3));
  for (const r of [L.RUNP, L.RUNST, L.STK, L.MEDK, L.TOTK]) f64.fill(0, r / 8, r / 8 + pw + 1);
  f64.fill(0, L.PK / 8, L.PK / 8 + pw + 3);
  const { binHz, flatLo, msScale } = t;
  const nFlat = FRAME_N_MEL - flatLo;
  const lnFlat = Math.log(nFlat);
  const b4k = Math.min(t.b4k, nBins);
  const lo = Math.max(1, Math.min(t.b120, b4k));
  const perCall = Math.min(L.MAXF, Math.floor(L.MAGCAP / (4 * nBins))) & ~1;
  const st = L.STATS / 8;
  let hiPow = 0, loPow = 0, allPow = 0;
  for (let f0 = 0; f0 < nFrames; f0 += perCall) {
    const n = Math.min(perCall, nFrames - f0);
    f32.set(mag.subarray(f0 * nBins, (f0 + n) * nBins), L.MAG / 4);
    if (n & 1) f32.fill(0, L.MAG / 4 + n * nBins, L.MAG / 4 + (n + 1) * nBins); // partner of the odd last frame
    wasm.frames((n + 1) >> 1, nBins, lo, b4k, flatLo, t.pcRuns.length / 3, msScale, f0, plo, pw, minRun, shortRun);
    s.melEnv.set(f32.subarray(L.MELE / 4, L.MELE / 4 + n * FRAME_N_MEL), f0 * FRAME_N_MEL);
    s.lnMel.set(f32.subarray(L.LNM / 4, L.LNM / 4 + n * FRAME_N_MEL), f0 * FRAME_N_MEL);
    s.mfcc.set(f32.subarray(L.MFCC / 4, L.MFCC / 4 + n * FRAME_N_MFCC), f0 * FRAME_N_MFCC);
    for (let i = 0; i < n; i++) {
      // Slot j of frame i: STATS pair i >> 1, v128 j, lane i & 1.
      const o = st + (i >> 1) * 20 + (i & 1);
      const f = f0 + i;
      const sumP = f64[o];
      const sumM = f64[o + 2];
      s.power[f] = sumP;
      allPow += sumP;
      loPow += f64[o + 6];
      hiPow += f64[o + 8];
      s.centroid[f] = sumM > 0 ? f64[o + 4] / sumM : 0;
      s.rolloff[f] = sumP > 0 ? f64[o + 10] * binHz : 0;
      s.flux[f] = f === 0 ? 0 : Math.sqrt(f64[o + 12]);
      const sLog = f64[o + 14];
      const sLin = f64[o + 16];
      const sPlp = f64[o + 18];
      s.flatness[f] = Math.exp(sLog / nFlat) / (sLin / nFlat);
      s.entropy[f] = (Math.log(sLin) - sPlp / sLin) / lnFlat;
    }
  }
  s.chroma.set(f64.subarray(L.CHROMA / 8, L.CHROMA / 8 + 12));
  if (pw > 0) {
    // A frame of silence after the last closes the open runs; per-bin sums then added in bin order.
    f32.fill(0, L.MAG / 4, L.MAG / 4 + nBins);
    wasm.partials(L.MAG, nFrames, plo, pw, minRun, shortRun);
    let steady = 0, medium = 0, total = 0;
    for (let k = 0; k < pw; k++) {
      steady += f64[L.STK / 8 + k];
      medium += f64[L.MEDK / 8 + k];
      total += f64[L.TOTK / 8 + k];
    }
    if (total > 0) s.partials = [steady / total, medium / total];
  }
  s.bands[0] = loPow;
  s.bands[1] = hiPow;
  s.bands[2] = allPow;
  return s;
}

/** Natural logarithm of each value of `x` (positive, finite) by the kernel's SIMD fdlibm log; for tests. */
export function kernelLog(x: Float64Array): Float64Array {
  const out = new Float64Array(x.length);
  const cap = 2 * L.MAXB; // PREV region as scratch (reset by every frameSeries call)
  for (let i0 = 0; i0 < x.length; i0 += cap) {
    const n = Math.min(cap, x.length - i0);
    f64.set(x.subarray(i0, i0 + n), L.PREV / 8);
    if (n & 1) f64[L.PREV / 8 + n] = 1;
    wasm.logn(L.PREV, (n + 1) >> 1);
    out.set(f64.subarray(L.PREV / 8, L.PREV / 8 + n), i0);
  }
  return out;
}
