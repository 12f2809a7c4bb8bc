/**
 * The two IIR loops that read every decoded sample, in WebAssembly SIMD (iir.wat): BS.1770
 * K-weighting of a channel pair (features/loudness.ts) and the stereo-downmix halfband decimator
 * (audio/resample.ts). Each f64x2 lane runs one of two independent recursions (left and right
 * channel; even and odd polyphase path), halving the instructions of the JavaScript loops, whose
 * results they reproduce bit for bit (same double operations in the same order; iir.test.ts).
 *
 * Samples are copied into the module's memory in chunks of {@link CHUNK} per channel (filter
 * states carried across chunks), so any length runs in a fixed 2.6 MB, declared by iir.wat and
 * never grown. The module is instantiated once per thread when first imported; its memory is
 * scratch space used only inside these synchronous calls, never across them.
 */
import { IIR_WASM_BASE64 } from './iir-wasm.js';

interface IirExports {
  memory: WebAssembly.Memory;
  kweight2(l: number, r: number, seg: number, nseg: number, co: number, st: number, out: number): void;
  halfband2(l: number, r: number, m: number, co: number, st: number, out: number): void;
}

/** Samples per channel per kernel call. */
const CHUNK = 1 << 18;
/** Byte offsets in the module's memory. */
const CO = 0; // coefficients: up to 10 f64
const ST = 128; // state: up to 8 v128
const IN_L = 1024;
const IN_R = IN_L + 4 * CHUNK;
const OUT = IN_R + 4 * CHUNK; // CHUNK / 2 f32 of decimated output, or ≤ CHUNK / 8 segments × 16 bytes
const BYTES = OUT + 2 * CHUNK;
/** Segment energies of {@link kweightHalfbandPair}, after the decimated output (the memory's last 63 KB). */
const KOUT = BYTES;
/** {@link kweightHalfbandPair}'s filter states (6 + 8 v128) and halfband coefficients (4 v128), within ST … IN_L. */
const KST = ST;
const HST = ST + 96;
const HCO = ST + 224;
/** Segments per chunk that fit at {@link KOUT} (16 bytes each) in iir.wat's 41 pages. */
const KOUT_SEGMENTS = Math.floor((41 * 65536 - KOUT) / 16);

const wasm = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(IIR_WASM_BASE64, 'base64')), {})
  .exports as unknown as IirExports;
// iir.wat declares all the memory up front: growing it here would detach its ArrayBuffer, and a
// single detached ArrayBuffer in the isolate makes V8 check every typed-array access for
// detachment from then on (all JavaScript DSP loops measured ~1.6× slower).
if (wasm.memory.buffer.byteLength < BYTES) throw new Error('iir.wat declares too little memory');
const heap = wasm.memory.buffer;
const f64 = new Float64Array(heap);
const f32 = new Float32Array(heap);

/** Biquad coefficients, normalised so a0 = 1 (as in features/loudness.ts). */
export interface BiquadCoefs {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

/** Writes the two biquads of the K-weighting at `co` (10 f64) and zeroes their state at `st` (6 v128). */
function loadKweighting([s, h]: [BiquadCoefs, BiquadCoefs], co: number, st: number): void {
  f64.set([s.b0, s.b1, s.b2, s.a1, s.a2, h.b0, h.b1, h.b2, h.a1, h.a2], co / 8);
  f64.fill(0, st / 8, st / 8 + 12);
}

/** Writes the halfband's coefficients as halfband2 reads them at `co` (4 v128) and zeroes its state at `st` (8 v128). */
function loadHalfband(c: Float64Array, co: number, st: number): void {
  f64.set([c[1], c[0], c[3], c[2], c[5], c[4], c[7], c[6]], co / 8);
  f64.fill(0, st / 8, st / 8 + 16);
}

/**
 * Per-segment energies of two channels through two cascaded biquads (transposed direct form II),
 * weighted and summed: out[k] = wx·Σx′² + wy·Σy′² over samples k·seg … (k+1)·seg − 1 (the partial
 * last segment is not read). `seg` must lie within 8 … {@link CHUNK} ({@link kweightPairSupported}).
 */
export function kweightPairEnergies(
  x: Float32Array, wx: number, y: Float32Array, wy: number, seg: number, nSeg: number, f: [BiquadCoefs, BiquadCoefs],
): Float64Array {
  loadKweighting(f, CO, ST);
  const out = new Float64Array(nSeg);
  const perChunk = Math.floor(CHUNK / seg);
  for (let k0 = 0; k0 < nSeg; k0 += perChunk) {
    const nk = Math.min(perChunk, nSeg - k0);
    const from = k0 * seg;
    const to = from + nk * seg;
    f32.set(x.subarray(from, to), IN_L / 4);
    f32.set(y.subarray(from, to), IN_R / 4);
    wasm.kweight2(IN_L, IN_R, seg, nk, CO, ST, OUT);
    const e = OUT / 8;
    for (let k = 0; k < nk; k++) out[k0 + k] = wx * f64[e + 2 * k] + wy * f64[e + 2 * k + 1];
  }
  return out;
}

/** True when {@link kweightPairEnergies} takes segments of `seg` samples. */
export const kweightPairSupported = (seg: number): boolean => seg >= 8 && seg <= CHUNK;

/**
 * Halfband 2:1 decimation of ½(x + y) (pass `y` = `x` for one channel): ⌊min(|x|, |y|) / 2⌋
 * outputs. `c` holds the eight allpass coefficients c0 … c7 (audio/resample.ts halfbandCoefs).
 */
export function halfbandDecimate(x: Float32Array, y: Float32Array, c: Float64Array): Float32Array {
  loadHalfband(c, CO, ST);
  const m = Math.min(x.length, y.length) >> 1;
  const out = new Float32Array(m);
  const mono = x === y;
  for (let j0 = 0; j0 < m; j0 += CHUNK / 2) {
    const mj = Math.min(CHUNK / 2, m - j0);
    f32.set(x.subarray(2 * j0, 2 * (j0 + mj)), IN_L / 4);
    if (!mono) f32.set(y.subarray(2 * j0, 2 * (j0 + mj)), IN_R / 4);
    wasm.halfband2(IN_L, mono ? IN_L : IN_R, mj, CO, ST, OUT);
    out.set(f32.subarray(OUT / 4, OUT / 4 + mj), j0);
  }
  return out;
}

/**
 * Both loops over a stereo pair in one pass, each chunk copied into the module's memory once
 * (instead of once per loop, with the samples read from RAM twice): {@link kweightPairEnergies}
 * with weights 1 and {@link halfbandDecimate} of the channel mean. Same kernels, same chunk-to-chunk
 * state, so both results are bit-identical to the two separate calls. Returns undefined (use the
 * separate calls) for an odd segment length or one outside {@link kweightPairSupported}.
 */
export function kweightHalfbandPair(
  x: Float32Array, y: Float32Array, seg: number, nSeg: number, f: [BiquadCoefs, BiquadCoefs], c: Float64Array,
): { energies: Float64Array; mono: Float32Array } | undefined {
  // Whole segments per chunk; with an even segment length every chunk holds whole sample pairs.
  const perChunk = Math.min(Math.floor(CHUNK / seg), KOUT_SEGMENTS);
  if (seg % 2 === 1 || !kweightPairSupported(seg) || perChunk < 1) return undefined;
  loadKweighting(f, CO, KST);
  loadHalfband(c, HCO, HST);
  const n = Math.min(x.length, y.length);
  const energies = new Float64Array(nSeg);
  const mono = new Float32Array(n >> 1);
  const halfband = (from: number, to: number) => {
    const mj = (to - from) >> 1;
    wasm.halfband2(IN_L, IN_R, mj, HCO, HST, OUT);
    mono.set(f32.subarray(OUT / 4, OUT / 4 + mj), from >> 1);
  };
  let from = 0;
  for (let k0 = 0; k0 < nSeg; k0 += perChunk) {
    const nk = Math.min(perChunk, nSeg - k0);
    const to = from + nk * seg;
    f32.set(x.subarray(from, to), IN_L / 4);
    f32.set(y.subarray(from, to), IN_R / 4);
    wasm.kweight2(IN_L, IN_R, seg, nk, CO, KST, KOUT);
    const e = KOUT / 8;
    for (let k = 0; k < nk; k++) energies[k0 + k] = f64[e + 2 * k] + f64[e + 2 * k + 1];
    halfband(from, to);
    from = to;
  }
  // The samples after the last whole segment (fewer than one segment): decimator only.
  while (from + 1 < n) {
    const to = from + Math.min(CHUNK, (n - from) & ~1);
    f32.set(x.subarray(from, to), IN_L / 4);
    f32.set(y.subarray(from, to), IN_R / 4);
    halfband(from, to);
    from = to;
  }
  return { energies, mono };
}
