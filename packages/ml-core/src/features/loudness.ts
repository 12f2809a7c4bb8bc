import type { DecodedAudio } from '../audio/types.js';
import { kweightPairEnergies, kweightPairSupported } from '../audio/kernels/iir.js';

/**
 * Loudness reported for silence and for audio entirely below the absolute gate, LUFS.
 * BS.1770 defines such programmes as -∞; -70 LUFS is the absolute gate itself, the quietest
 * level the standard can measure, and is what `ffmpeg -af ebur128` prints for silence.
 */
export const LOUDNESS_FLOOR_LUFS = -70;

/** Biquad coefficients, normalised so a0 = 1. */
interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/**
 * The two K-weighting stages of ITU-R BS.1770-4 (high-shelf "pre-filter" and RLB high-pass),
 * derived for any sample rate from the analogue prototypes through the bilinear transform,
 * as libebur128 does (its f0, G and Q reproduce the standard's 48 kHz coefficients).
 */
export function kWeightingFilters(sampleRate: number): [Biquad, Biquad] {
  // Stage 1: high shelf, +4 dB above ~1.7 kHz (head acoustics).
  let f0 = 1681.974450955533;
  const G = 3.999843853973347;
  let Q = 0.7071752369554196;
  let K = Math.tan((Math.PI * f0) / sampleRate);
  const Vh = Math.pow(10, G / 20);
  const Vb = Math.pow(Vh, 0.4996667741545416);
  let a0 = 1 + K / Q + K * K;
  const shelf: Biquad = {
    b0: (Vh + (Vb * K) / Q + K * K) / a0,
    b1: (2 * (K * K - Vh)) / a0,
    b2: (Vh - (Vb * K) / Q + K * K) / a0,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  // Stage 2: RLB weighting, a 2nd-order high-pass at ~38 Hz (numerator 1, -2, 1 as in the standard).
  f0 = 38.13547087602444;
  Q = 0.5003270373238773;
  K = Math.tan((Math.PI * f0) / sampleRate);
  a0 = 1 + K / Q + K * K;
  const highpass: Biquad = {
    b0: 1,
    b1: -2,
    b2: 1,
    a1: (2 * (K * K - 1)) / a0,
    a2: (1 - K / Q + K * K) / a0,
  };
  return [shelf, highpass];
}

/**
 * Channel weights G_i of BS.1770-4 by channel count, in the Web Audio / WAV channel order:
 * 1–3 channels all 1 (mono is measured as one channel, like ffmpeg's ebur128 without `dualmono`);
 * 4 = quad (L R Ls Rs); 5 = L R C Ls Rs; 6 = 5.1 (L R C LFE Ls Rs, LFE excluded);
 * 8 = 7.1 (L R C LFE Lb Rb Ls Rs). Surround channels weigh 1.41 (+1.5 dB), LFE 0.
 * Other counts: all channels weight 1.
 */
export function channelWeights(nChannels: number): number[] {
  switch (nChannels) {
    case 4:
      return [1, 1, 1.41, 1.41];
    case 5:
      return [1, 1, 1, 1.41, 1.41];
    case 6:
      return [1, 1, 1, 0, 1.41, 1.41];
    case 8:
      return [1, 1, 1, 0, 1.41, 1.41, 1.41, 1.41];
    default:
      return new Array<number>(nChannels).fill(1);
  }
}

/**
 * K-weights one channel and returns the sum of squares of each consecutive `seg`-sample segment
 * (the last partial segment is dropped). Two cascaded biquads over the typed array, in transposed
 * direct form II (two state variables per biquad: in V8 the direct form I spilled registers and
 * ran up to 4× slower from run to run). Used for a channel without a partner; pairs go through
 * {@link pairEnergies}.
 */
function segmentEnergies(x: Float32Array, seg: number, nSeg: number, f: [Biquad, Biquad]): Float64Array {
  const [s, h] = f;
  const out = new Float64Array(nSeg);
  const { b0, b1, b2, a1, a2 } = s;
  const { b0: c0, b1: c1, b2: c2, a1: d1, a2: d2 } = h;
  let s1 = 0, s2 = 0, t1 = 0, t2 = 0;
  let i = 0;
  for (let k = 0; k < nSeg; k++) {
    let acc = 0;
    const end = i + seg;
    for (; i < end; i++) {
      const xn = x[i];
      const yn = b0 * xn + s1;
      s1 = b1 * xn - a1 * yn + s2;
      s2 = b2 * xn - a2 * yn;
      const zn = c0 * yn + t1;
      t1 = c1 * yn - d1 * zn + t2;
      t2 = c2 * yn - d2 * zn;
      acc += zn * zn;
    }
    out[k] = acc;
  }
  return out;
}

/**
 * {@link segmentEnergies} for two channels at once, returning w1·E1 + w2·E2 per segment: the
 * WebAssembly SIMD kernel (audio/kernels/iir.ts) runs both channels' filters in the two lanes of
 * each instruction, ~2× faster than JavaScript. Its direct-form-I arithmetic agrees with
 * {@link segmentEnergies} to ~1e-12 (rounding order only); segments longer than the kernel's
 * chunk (never at audio rates up to 2.6 MHz) go through two JavaScript passes.
 */
function pairEnergies(
  x: Float32Array, wx: number, y: Float32Array, wy: number, seg: number, nSeg: number, f: [Biquad, Biquad],
): Float64Array {
  if (kweightPairSupported(seg)) return kweightPairEnergies(x, wx, y, wy, seg, nSeg, f);
  const ex = segmentEnergies(x, seg, nSeg, f);
  const ey = segmentEnergies(y, seg, nSeg, f);
  return ex.map((v, k) => wx * v + wy * ey[k]);
}

const toLufs = (meanSquare: number): number => -0.691 + 10 * Math.log10(meanSquare);

/**
 * Integrated loudness of a programme in LUFS after ITU-R BS.1770-4 (EBU R 128):
 * K-weighting (derived for the audio's own sample rate), mean square per channel over 400 ms
 * blocks with 75 % overlap, weighted channel sum ({@link channelWeights}), then an absolute
 * gate at -70 LUFS and a relative gate 10 LU below the loudness of the blocks that passed it.
 *
 * Deviations where the standard is silent: audio shorter than one 400 ms block is measured as a
 * single block over its whole length; silence, or nothing above the absolute gate, returns
 * {@link LOUDNESS_FLOOR_LUFS} instead of -∞. Non-finite samples count as 0.
 *
 * @returns LUFS, ≥ {@link LOUDNESS_FLOOR_LUFS}; a full-scale square wave gives about +3.
 */
export function integratedLoudness(decoded: DecodedAudio): number {
  const { sampleRate, channels } = decoded;
  if (!channels.length || !(sampleRate > 0)) return LOUDNESS_FLOOR_LUFS;
  const len = Math.min(...channels.map((c) => c.length));
  if (len === 0) return LOUDNESS_FLOOR_LUFS;
  const weights = channelWeights(channels.length);
  const filters = kWeightingFilters(sampleRate);
  const { seg, nSeg, shortInput } = loudnessSegments(len, sampleRate);
  const segSum = new Float64Array(nSeg);
  const active = channels.map((ch, c) => ({ ch, w: weights[c] })).filter((a) => a.w > 0);
  for (let c = 0; c < active.length; c += 2) {
    const a = active[c];
    const b = active[c + 1];
    let e = b
      ? pairEnergies(a.ch, a.w, b.ch, b.w, seg, nSeg, filters)
      : segmentEnergies(a.ch, seg, nSeg, filters).map((v) => a.w * v);
    if (!e.every(Number.isFinite)) {
      e = b
        ? pairEnergies(sanitize(a.ch), a.w, sanitize(b.ch), b.w, seg, nSeg, filters)
        : segmentEnergies(sanitize(a.ch), seg, nSeg, filters).map((v) => a.w * v);
    }
    for (let k = 0; k < nSeg; k++) segSum[k] += e[k];
  }
  return gatedLoudness(segSum, seg, len, shortInput);
}

/**
 * How {@link integratedLoudness} cuts a programme of `len` samples: 100 ms segments (a 400 ms
 * block is 4 of them), or one segment of the whole programme when it is shorter than a block.
 */
export function loudnessSegments(len: number, sampleRate: number): { seg: number; nSeg: number; shortInput: boolean } {
  const step = Math.round(sampleRate * 0.1);
  const shortInput = len < 4 * step;
  const seg = shortInput ? len : step;
  return { seg, nSeg: Math.floor(len / seg), shortInput };
}

/**
 * The gating of {@link integratedLoudness}: LUFS from the weighted channel sum of K-weighted
 * energies per segment (`segSum`, segments as {@link loudnessSegments} gives for `len` samples).
 */
export function gatedLoudness(segSum: Float64Array, seg: number, len: number, shortInput: boolean): number {
  const nSeg = segSum.length;
  let blocks: Float64Array;
  if (shortInput) {
    blocks = Float64Array.of(segSum[0] / len);
  } else {
    blocks = new Float64Array(nSeg - 3);
    const blockLen = 4 * seg;
    for (let j = 0; j < blocks.length; j++) {
      blocks[j] = (segSum[j] + segSum[j + 1] + segSum[j + 2] + segSum[j + 3]) / blockLen;
    }
  }
  const absGate = Math.pow(10, (-70 + 0.691) / 10);
  let sum = 0;
  let n = 0;
  for (const z of blocks) if (z > absGate) { sum += z; n++; }
  if (n === 0) return LOUDNESS_FLOOR_LUFS;
  const relGate = (sum / n) * Math.pow(10, -10 / 10);
  let sum2 = 0;
  let n2 = 0;
  for (const z of blocks) if (z > absGate && z > relGate) { sum2 += z; n2++; }
  return Math.max(LOUDNESS_FLOOR_LUFS, toLufs(sum2 / n2));
}

/** A copy of the channel with non-finite samples zeroed (only used when some are non-finite). */
function sanitize(x: Float32Array): Float32Array {
  return x.map((v) => (Number.isFinite(v) ? v : 0));
}
