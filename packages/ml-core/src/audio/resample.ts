/**
 * Sample-rate reduction of the mono analysis signal.
 *
 * Files are decoded with their full band (44.1 kHz or native, audio/decode.ts;
 * loudness is measured there), then the mono downmix is brought to the analysis rate:
 * - rate = analysis · 2ⁿ (44.1, 88.2, 176.4 kHz → 22 050 Hz): n halfband
 *   decimation stages (two-path polyphase IIR allpass halfband, Valenzuela &
 *   Constantinides 1983: flat to 0.42 of the output rate, ≤ −95 dB from 0.58 of it,
 *   8 multiplies per output sample);
 * - any other ratio (in the pipeline only files below 22 050 Hz, e.g. 8 kHz):
 *   band-limited interpolation (Smith & Gossett 1984) with a Kaiser-windowed sinc,
 *   cut-off 0.45 of the lower rate, sampled at 512 phases with linear interpolation
 *   between phases (accurate but slow: ~27 taps per output sample when upsampling).
 * Filter tables are memoised per design in module-level maps of immutable
 * constants (no other state).
 */
import type { DecodedAudio } from './types.js';
import { downmix } from './mono.js';
import { halfbandDecimate } from './kernels/iir.js';

/** Zeroth-order modified Bessel function of the first kind (series), for the Kaiser window. */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

const kaiser = (t: number, beta: number): number => (Math.abs(t) > 1 ? 0 : besselI0(beta * Math.sqrt(1 - t * t)) / besselI0(beta));

/** Allpass coefficients of the halfband decimator. */
const HALFBAND_COEFS = 8;
/** Transition band of the halfband decimator, as a fraction of the input rate (0.04 × 44.1 kHz = 1.76 kHz each side of 11 025 Hz). */
const HALFBAND_TRANSITION = 0.04;

const halfbandCache = new Map<string, Float64Array>();

/**
 * Coefficients of the two-path polyphase IIR halfband low-pass (Valenzuela & Constantinides
 * 1983): two chains of first-order allpass sections in z⁻², elliptic design as in L. de Soras'
 * HIIR library. With 8 coefficients and a 0.04 transition the passband is flat (< 0.001 dB)
 * to 0.21 fs and the stopband from 0.29 fs is below −95 dB. Memoised (constant table).
 */
export function halfbandCoefs(n = HALFBAND_COEFS, transition = HALFBAND_TRANSITION): Float64Array {
  const id = `${n}/${transition}`;
  const hit = halfbandCache.get(id);
  if (hit) return hit;
  let k = Math.tan(((1 - transition * 2) * Math.PI) / 4);
  k *= k;
  const kk = Math.pow(1 - k * k, 0.25);
  const e = (0.5 * (1 - kk)) / (1 + kk);
  const e4 = e ** 4;
  const q = e * (1 + e4 * (2 + e4 * (15 + 150 * e4)));
  const order = 2 * n + 1;
  const out = new Float64Array(n);
  for (let idx = 0; idx < n; idx++) {
    const c = idx + 1;
    let num = 0;
    let sign = 1;
    for (let i = 0; i < 64; i++, sign = -sign) {
      const t = Math.pow(q, i * (i + 1)) * Math.sin(((2 * i + 1) * c * Math.PI) / order) * sign;
      num += t;
      if (Math.abs(t) < 1e-100) break;
    }
    num *= Math.pow(q, 0.25);
    let den = 0.5;
    sign = -1;
    for (let i = 1; i < 64; i++, sign = -sign) {
      const t = Math.pow(q, i * i) * Math.cos((2 * i * c * Math.PI) / order) * sign;
      den += t;
      if (Math.abs(t) < 1e-100) break;
    }
    const ww = (num / den) ** 2;
    const x = Math.sqrt((1 - ww * k) * (1 - ww / k)) / (1 + ww);
    out[idx] = (1 - x) / (1 + x);
  }
  halfbandCache.set(id, out);
  return out;
}

/**
 * 2:1 decimation of `x`, or of the mean of `x` and `y` when `y` is given (the stereo downmix
 * fused in), through the polyphase IIR halfband ({@link halfbandCoefs}); length ⌊n/2⌋.
 * Odd input samples feed the chain of even-index coefficients, even samples the other;
 * the output is the mean of the two chains. Runs in WebAssembly SIMD (audio/kernels/iir.ts: the
 * two chains in the two lanes), ~1.5× faster than the unrolled JavaScript loop it replaced and
 * bit-identical to the plain loop in audio/kernels/iir.test.ts. Phase is not linear (a group
 * delay of a few samples at low frequencies), which no feature reads.
 */
function halfbandDown(x: Float32Array, y: Float32Array | null): Float32Array {
  return halfbandDecimate(x, y ?? x, halfbandCoefs());
}

/** 2:1 decimation through the halfband low-pass ({@link halfbandCoefs}); length ⌊n/2⌋. */
export function decimate2(x: Float32Array): Float32Array {
  return halfbandDown(x, null);
}

/** Mono downmix (channel mean, as audio/mono.ts) and 2:1 decimation; stereo in one fused pass. */
export function downmixDecimate2(channels: Float32Array[]): Float32Array {
  if (channels.length === 2) return halfbandDown(channels[0], channels[1]);
  if (channels.length === 1) return halfbandDown(channels[0], null);
  return halfbandDown(downmix({ sampleRate: 0, channels, durationSec: 0 }), null);
}

/** Phases of the band-limited interpolation table. */
const PHASES = 512;
/** Zero crossings of the interpolation kernel on each side (at the lower rate). */
const ZEROS = 12;
const SINC_BETA = 7;

/** Kernel of the band-limited interpolator sampled at 1/PHASES of a zero crossing, memoised. */
let sincTable: Float64Array | undefined;
function sincKernel(): Float64Array {
  if (sincTable) return sincTable;
  const len = ZEROS * PHASES + 2;
  const t = new Float64Array(len);
  for (let i = 0; i < len; i++) {
    const z = i / PHASES;
    t[i] = (z === 0 ? 1 : Math.sin(Math.PI * z) / (Math.PI * z)) * kaiser(z / ZEROS, SINC_BETA);
  }
  sincTable = t;
  return t;
}

/**
 * Band-limited resampling of `x` from `from` Hz to `to` Hz (any ratio), cut-off at
 * 0.45 × the lower of the two rates; output length round(n · to / from).
 */
export function resample(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return x;
  const table = sincKernel();
  const ratio = to / from;
  const cutoff = 0.9 * Math.min(1, ratio); // in units of the input Nyquist
  const m = Math.max(1, Math.round(x.length * ratio));
  const out = new Float32Array(m);
  const n = x.length;
  // Kernel in input samples: sinc(cutoff · t) over |t| ≤ ZEROS / cutoff.
  const reach = ZEROS / cutoff;
  const step = cutoff * PHASES; // table index per input sample
  const maxIdx = ZEROS * PHASES;
  for (let j = 0; j < m; j++) {
    const t = j / ratio; // position in input samples
    const lo = Math.max(0, Math.ceil(t - reach));
    const hi = Math.min(n - 1, Math.floor(t + reach));
    let acc = 0;
    for (let i = lo; i <= hi; i++) {
      const p = Math.abs(i - t) * step;
      if (p >= maxIdx) continue;
      const k = p | 0;
      const w = table[k] + (p - k) * (table[k + 1] - table[k]);
      acc += w * x[i];
    }
    out[j] = acc * cutoff;
  }
  return out;
}

/** Number of 2:1 stages from `from` to `to` when from = to · 2ⁿ (n ≥ 1), else 0. */
export function halvings(from: number, to: number): number {
  let n = 0;
  let r = from;
  while (r > to && Number.isInteger(r / 2)) {
    r /= 2;
    n++;
  }
  return r === to ? n : 0;
}

/**
 * `x` (at `from` Hz) brought to `to` Hz: unchanged when equal, halfband stages
 * when `from` = `to` · 2ⁿ, band-limited resampling otherwise.
 */
export function toRate(x: Float32Array, from: number, to: number): Float32Array {
  if (from === to) return x;
  const n = halvings(from, to);
  if (n === 0) return resample(x, from, to);
  let y = x;
  for (let i = 0; i < n; i++) y = decimate2(y);
  return y;
}

/** The mono downmix of `decoded` at `analysisRate` (default: the decoded rate). */
export function analysisMono(decoded: DecodedAudio, analysisRate = decoded.sampleRate): { mono: Float32Array; sampleRate: number } {
  const n = halvings(decoded.sampleRate, analysisRate);
  if (n === 0) return { mono: toRate(downmix(decoded), decoded.sampleRate, analysisRate), sampleRate: analysisRate };
  let y = downmixDecimate2(decoded.channels);
  for (let i = 1; i < n; i++) y = decimate2(y);
  return { mono: y, sampleRate: analysisRate };
}
