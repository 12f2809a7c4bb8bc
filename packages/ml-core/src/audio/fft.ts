/**
 * Real FFT for the analysis (the shared STFT and the key module's long-window spectra): PFFFT
 * (J. Pommier, after FFTPACK; BSD-style licence) compiled to WebAssembly with SIMD by
 * `@echogarden/pffft-wasm`, about 3× faster than fft.js on 1024-point frames. Single precision:
 * magnitudes agree with a float64 FFT to ~1e-7 of the frame's largest bin. Sizes PFFFT does not
 * accept (below 32, or not a multiple of 32) fall back to fft.js (float64).
 *
 * The WASM module is instantiated synchronously on the first transform PFFFT takes, with the
 * three imports its Emscripten build declares, instead of through the package's asynchronous
 * loader: a top-level await here broke loading the analysis worker from TypeScript source
 * (piscina's first `require` of the module graph fails on a top-level await and left tsx unable
 * to import it). Its 16 MB heap is never grown (growing would detach an ArrayBuffer, which slows
 * every typed-array access in V8 from then on); an allocation that does not fit uses fft.js. The
 * module layout is checked, and the transform tested against fft.js, at load: if anything differs
 * (another package version), every size uses fft.js. Setups (twiddle tables) are memoised per
 * size: constant after creation; each {@link RealFft} owns its buffers and must be
 * {@link RealFft.dispose}d.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import FFT from 'fft.js';
import { errorMessage } from '../errors.js';

/** The parts of PFFFT's C API this module uses (pointers are byte offsets into `heap`). */
interface Pffft {
  heap: ArrayBuffer;
  newSetup(n: number, transform: number): number;
  transformOrdered(setup: number, input: number, output: number, work: number, direction: number): void;
  alignedMalloc(bytes: number): number;
  alignedFree(ptr: number): void;
}

const PFFFT_REAL = 0;
const PFFFT_FORWARD = 0;

/**
 * Instantiates `@echogarden/pffft-wasm` 0.4.2's SIMD build synchronously. Its imports (module
 * "a"): a = __assert_fail, b = emscripten_resize_heap (refused: the heap stays put), c =
 * emscripten_memcpy_js; exports: d = memory, e = constructors, f = pffft_aligned_malloc,
 * h = pffft_aligned_free, k = pffft_new_setup, p = pffft_transform_ordered. Null when the
 * package is missing or laid out differently.
 */
function loadPffft(): Pffft | string {
  try {
    const require = createRequire(import.meta.url);
    const wasmPath = join(dirname(require.resolve('@echogarden/pffft-wasm/simd')), 'pffft.wasm');
    const memory: { bytes?: Uint8Array } = {};
    const imports = {
      a: {
        a: () => {
          throw new Error('PFFFT assertion failed');
        },
        b: () => 0,
        c: (dest: number, src: number, num: number) => memory.bytes?.copyWithin(dest, src, src + num),
      },
    };
    const ex = new WebAssembly.Instance(new WebAssembly.Module(readFileSync(wasmPath)), imports).exports;
    const fns = ['e', 'f', 'h', 'k', 'p'] as const;
    if (!(ex.d instanceof WebAssembly.Memory) || fns.some((k) => typeof ex[k] !== 'function')) return 'the package exports an unexpected module layout';
    const heap = ex.d.buffer;
    memory.bytes = new Uint8Array(heap);
    (ex.e as () => void)();
    const call = (k: string) => ex[k] as (...args: number[]) => number;
    const lib: Pffft = {
      heap,
      newSetup: call('k'),
      transformOrdered: call('p'),
      alignedMalloc: call('f'),
      alignedFree: call('h'),
    };
    return selfTest(lib) ? lib : 'its 64-point transform does not match fft.js';
  } catch (err) {
    return errorMessage(err);
  }
}

/** True when a 64-point transform through `lib` matches fft.js (so the export mapping is right). */
function selfTest(lib: Pffft): boolean {
  const n = 64;
  const setup = lib.newSetup(n, PFFFT_REAL);
  const buf = lib.alignedMalloc(3 * n * 4);
  if (!setup || !buf) return false;
  const x = new Float32Array(lib.heap, buf, n);
  for (let i = 0; i < n; i++) x[i] = Math.sin(0.7 * i) + (i % 5) / 10;
  const ref = new Float64Array(2 * n);
  new FFT(n).realTransform(ref, Float64Array.from(x));
  lib.transformOrdered(setup, buf, buf + 4 * n, buf + 8 * n, PFFFT_FORWARD);
  const o = new Float32Array(lib.heap, buf + 4 * n, n);
  let ok = Math.abs(o[0] - ref[0]) < 1e-3 && Math.abs(o[1] - ref[n]) < 1e-3;
  for (let b = 1; b < n / 2; b++) ok &&= Math.abs(o[2 * b] - ref[2 * b]) < 1e-3 && Math.abs(o[2 * b + 1] - ref[2 * b + 1]) < 1e-3;
  lib.alignedFree(buf);
  return ok;
}

/** PFFFT, instantiated on the first transform (not at import: processes that never analyse audio skip it); null when unusable. */
let pffft: Pffft | null | undefined;
/** Why PFFFT is unusable, when it is. */
let pffftFailure: string | undefined;

function wasmLib(): Pffft | null {
  if (pffft === undefined) {
    const lib = loadPffft();
    if (typeof lib === 'string') {
      pffft = null;
      pffftFailure = lib;
      process.emitWarning(`PFFFT (WebAssembly) is unusable (${lib}); every FFT uses fft.js, about 3× slower`, {
        code: 'AUDIIO_FFT_FALLBACK',
      });
    } else pffft = lib;
  }
  return pffft;
}

/**
 * Which FFT the analysis runs on: `pffft` (WebAssembly SIMD), or `fft.js` when PFFFT could not
 * start (with the reason; a warning `AUDIIO_FFT_FALLBACK` is emitted once when that happens).
 * Loads PFFFT if it has not been loaded yet.
 */
export function fftBackend(): { backend: 'pffft' | 'fft.js'; reason?: string } {
  return wasmLib() ? { backend: 'pffft' } : { backend: 'fft.js', reason: pffftFailure };
}

/** PFFFT setups per transform size (read-only twiddle tables, never freed). */
const setups = new Map<number, number>();

/** PFFFT's setup for a real FFT of `n` points (0 when it has none). */
function setupFor(lib: Pffft, n: number): number {
  let s = setups.get(n);
  if (s === undefined) {
    s = lib.newSetup(n, PFFFT_REAL);
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
  /** Which implementation runs it: PFFFT in WebAssembly, or the fft.js fallback. */
  readonly backend: 'pffft' | 'fft.js';
  /** The frame to transform (`size` samples). */
  readonly input: Float32Array;
  /**
   * The spectrum after {@link RealFft.transform} (`size` values, unscaled): `output[0]` = X[0] and
   * `output[1]` = X[size/2] (both real), then Re and Im of X[b] at `output[2b]`, `output[2b + 1]`
   * for b = 1 … size/2 − 1 (PFFFT's ordered layout).
   */
  readonly output: Float32Array;
  /** Transforms the current input into the output. */
  transform(): void;
  /** Frees the buffers. */
  dispose(): void;
}

/** True when PFFFT takes a real transform of `n` points: a multiple of 32, up to 65 536 (larger setups would crowd its heap). */
const pffftSize = (n: number): boolean => n >= 32 && n <= 65536 && n % 32 === 0;

/** A real FFT of `size` points (PFFFT in WASM, fft.js for sizes PFFFT does not take). */
export function createRealFft(size: number): RealFft {
  const wasm = pffftSize(size) ? wasmLib() : null;
  if (wasm) {
    const setup = setupFor(wasm, size);
    const ptr = setup ? wasm.alignedMalloc(3 * size * 4) : 0;
    if (ptr) return new WasmRealFft(wasm, size, setup, ptr);
  }
  return jsFft(size);
}

/**
 * PFFFT-backed {@link RealFft}: input, output and work areas in one allocation of the WASM heap.
 * A class, not a closure per instance: V8's optimised callers inline one `transform` and would be
 * deoptimised by every new closure ("wrong call target").
 */
class WasmRealFft implements RealFft {
  readonly input: Float32Array;
  readonly output: Float32Array;
  readonly backend = 'pffft' as const;

  constructor(
    private readonly lib: Pffft,
    readonly size: number,
    private readonly setup: number,
    private readonly ptr: number,
  ) {
    // The heap never grows, so these views stay valid.
    this.input = new Float32Array(lib.heap, ptr, size);
    this.output = new Float32Array(lib.heap, ptr + 4 * size, size);
  }

  transform(): void {
    this.lib.transformOrdered(this.setup, this.ptr, this.ptr + 4 * this.size, this.ptr + 8 * this.size, PFFFT_FORWARD);
  }

  dispose(): void {
    this.lib.alignedFree(this.ptr);
  }
}

function jsFft(size: number): RealFft {
  const fft = new FFT(size);
  const input = new Float32Array(size);
  const output = new Float32Array(size);
  const frame = new Float64Array(size);
  const o = new Float64Array(2 * size);
  return {
    size,
    backend: 'fft.js',
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
