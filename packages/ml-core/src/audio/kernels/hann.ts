/**
 * The Hann window of the STFT as a 3-tap kernel in the frequency domain (hann.wat, WebAssembly
 * SIMD, two bins per f64x2), over a block of frames: bit-identical to
 * {@link import('../stft.js').hannMagnitudes} (same f64 operations in the same order, stored as f32).
 *
 * The FFT (PFFFT) writes each spectrum into its own WASM memory, which this module cannot read:
 * the caller stages up to {@link hannBlockFrames} spectra with {@link stageSpectrum}, then
 * {@link hannBlock} runs the kernel once for the block and copies the magnitudes out. The module
 * is instantiated on first use (once per thread); its 3 MiB memory is declared up front and never
 * grown, so the views below stay valid.
 */
import { HANN_WASM_BASE64 } from './hann-wasm.js';

/** Byte offset and size of the staged spectra, and of the magnitudes, in the module's memory. */
const IN = 0;
const IN_BYTES = 2 << 20;
const OUT = IN_BYTES;
const OUT_BYTES = 1 << 20;
/** Frames per block at most (64 frames of 1024 points: 260 KB staged, within L2). */
const MAX_BLOCK = 64;

interface HannKernel {
  /** The WebAssembly export (a plain function: no `this`). */
  hann: (this: void, inPtr: number, outPtr: number, n: number, frames: number) => void;
  staged: Float32Array;
  out: Float32Array;
}

let kernel: HannKernel | undefined;

function load(): HannKernel {
  const ex = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(HANN_WASM_BASE64, 'base64')), {}).exports as {
    memory: WebAssembly.Memory;
    hann: HannKernel['hann'];
  };
  const heap = ex.memory.buffer;
  if (heap.byteLength < OUT + OUT_BYTES) throw new Error('hann.wat declares too little memory');
  return { hann: ex.hann, staged: new Float32Array(heap, IN, IN_BYTES / 4), out: new Float32Array(heap, OUT, OUT_BYTES / 4) };
}

const k = (): HannKernel => (kernel ??= load());

/** How many `n`-point spectra (n a power of two ≥ 4) one block holds; 0 when not even one fits (use the JavaScript loop). */
export function hannBlockFrames(n: number): number {
  if (n < 4) return 0;
  return Math.min(MAX_BLOCK, Math.floor(IN_BYTES / (4 * (n + 4))), Math.floor(OUT_BYTES / (4 * (n / 2 + 1))));
}

/**
 * Copies spectrum `o` (`n` floats, ordered real layout of audio/fft.ts) into slot `j` of the block
 * as n + 4 floats: complex X[0 … n/2 + 1] with X[0] = (DC, 0), X[n/2] = (Nyquist, 0), X[n/2 + 1] = 0.
 */
export function stageSpectrum(o: Float32Array, n: number, j: number): void {
  const s = k().staged;
  const at = j * (n + 4);
  s.set(o, at);
  s[at + 1] = 0;
  s[at + n] = o[1];
  s[at + n + 1] = 0;
  s[at + n + 2] = 0;
  s[at + n + 3] = 0;
}

/**
 * Hann-windowed magnitudes |X_w[0 … n/2]| of staged slots 0 … `frames` − 1 into
 * `mag[base + j·(n/2 + 1) + b]`: the kernel for bins 1 … n/2 − 1, then DC and Nyquist (real) as
 * hannMagnitudes computes them.
 */
export function hannBlock(n: number, frames: number, mag: Float32Array, base: number): void {
  const { hann, staged, out } = k();
  const nBins = n / 2 + 1;
  hann(IN, OUT, n, frames);
  mag.set(out.subarray(0, frames * nBins), base);
  for (let j = 0, at = 0, b = base; j < frames; j++, at += n + 4, b += nBins) {
    mag[b] = Math.abs(0.5 * staged[at] - 0.5 * staged[at + 2]);
    mag[b + n / 2] = Math.abs(0.5 * staged[at + n] - 0.5 * staged[at + n - 2]);
  }
}
