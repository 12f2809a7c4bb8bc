/**
 * Real FFT for the analysis (the shared STFT and the key module's long-window spectra): PFFFT
 * (J. Pommier, after FFTPACK; BSD-style licence) compiled to WebAssembly with SIMD by
 * `@echogarden/pffft-wasm`, about 3× faster than fft.js on 1024-point frames. Single precision:
 * magnitudes agree with a float64 FFT to ~1e-7 of the frame's largest bin. Sizes PFFFT does not
 * accept (below 32, or not a multiple of 32) fall back to fft.js (float64).
 *
 * The WASM module is instantiated once when this module is first imported (top-level await).
 * Setups (twiddle tables) are memoised per size: constant after creation; each {@link RealFft}
 * owns its input/output buffers and must be {@link RealFft.dispose}d.
 */
import FFT from 'fft.js';
import PFFFT from '@echogarden/pffft-wasm/simd';

const wasm = await PFFFT();
const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

/** PFFFT setups per transform size (read-only twiddle tables, never freed). */
const setups = new Map<number, number>();

function setupFor(n: number): number {
  let s = setups.get(n);
  if (s === undefined) {
    s = wasm._pffft_new_setup(n, PFFFT_REAL);
    if (!s) throw new Error(`PFFFT cannot set up a real FFT of size ${n}`);
    setups.set(n, s);
  }
  return s;
}

/**
 * A forward real FFT of one size: write a frame into {@link RealFft.input}, call
 * {@link RealFft.transform}, read {@link RealFft.output}.
 */
export interface RealFft {
  /** Transform size (points). */
  readonly size: number;
  /** The frame to transform (`size` samples). Re-read it after any other {@link createRealFft}. */
  readonly input: Float32Array;
  /**
   * The spectrum after {@link RealFft.transform} (`size` values, unscaled): `output[0]` = X[0] and
   * `output[1]` = X[size/2] (both real), then Re and Im of X[b] at `output[2b]`, `output[2b + 1]`
   * for b = 1 … size/2 − 1 (PFFFT's ordered layout). Re-read it after any other {@link createRealFft}.
   */
  readonly output: Float32Array;
  /** Transforms the current input into the output. */
  transform(): void;
  /** Frees the buffers. */
  dispose(): void;
}

/** True when PFFFT handles a real transform of `n` points (n a multiple of 32; powers of two from 32). */
const pffftSize = (n: number): boolean => n >= 32 && n % 32 === 0;

/** A real FFT of `size` points (PFFFT in WASM, fft.js for sizes PFFFT does not take). */
export function createRealFft(size: number): RealFft {
  return pffftSize(size) ? wasmFft(size) : jsFft(size);
}

/**
 * PFFFT-backed {@link RealFft}. A class, not a closure per instance: V8's optimised callers
 * inline one `transform` and would be deoptimised by every new closure ("wrong call target").
 */
class WasmRealFft implements RealFft {
  readonly size: number;
  private readonly setup: number;
  private readonly inPtr: number;
  private readonly outPtr: number;
  private readonly workPtr: number;
  private inView: Float32Array;
  private outView: Float32Array;

  constructor(size: number) {
    this.size = size;
    this.setup = setupFor(size);
    this.inPtr = wasm._pffft_aligned_malloc(size * 4);
    this.outPtr = wasm._pffft_aligned_malloc(size * 4);
    this.workPtr = wasm._pffft_aligned_malloc(size * 4);
    this.inView = new Float32Array(wasm.HEAPF32.buffer, this.inPtr, size);
    this.outView = new Float32Array(wasm.HEAPF32.buffer, this.outPtr, size);
  }

  /** Re-takes the views when a later allocation grew (and so detached) the WASM memory. */
  private views(): void {
    if (this.inView.buffer !== wasm.HEAPF32.buffer) {
      this.inView = new Float32Array(wasm.HEAPF32.buffer, this.inPtr, this.size);
      this.outView = new Float32Array(wasm.HEAPF32.buffer, this.outPtr, this.size);
    }
  }

  get input(): Float32Array {
    this.views();
    return this.inView;
  }

  get output(): Float32Array {
    this.views();
    return this.outView;
  }

  transform(): void {
    wasm._pffft_transform_ordered(this.setup, this.inPtr, this.outPtr, this.workPtr, PFFFT_FORWARD);
  }

  dispose(): void {
    wasm._pffft_aligned_free(this.inPtr);
    wasm._pffft_aligned_free(this.outPtr);
    wasm._pffft_aligned_free(this.workPtr);
  }
}

const wasmFft = (size: number): RealFft => new WasmRealFft(size);

function jsFft(size: number): RealFft {
  const fft = new FFT(size);
  const input = new Float32Array(size);
  const output = new Float32Array(size);
  const frame = new Float64Array(size);
  const o = new Float64Array(2 * size);
  return {
    size,
    input,
    output,
    transform() {
      frame.set(input);
      fft.realTransform(o, frame);
      output[0] = o[0];
      output[1] = o[size];
      for (let i = 2; i < size; i++) output[i] = o[i];
    },
    dispose() {},
  };
}
