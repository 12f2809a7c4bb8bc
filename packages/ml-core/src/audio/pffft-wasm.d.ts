/** Types of the parts of `@echogarden/pffft-wasm` (Emscripten build of PFFFT) that audio/fft.ts uses. */
declare module '@echogarden/pffft-wasm/simd' {
  /** The instantiated Emscripten module: the WASM heap and PFFFT's C API (pointers are byte offsets). */
  export interface PffftModule {
    HEAPF32: Float32Array;
    _pffft_new_setup(n: number, transform: number): number;
    _pffft_destroy_setup(setup: number): void;
    _pffft_transform_ordered(setup: number, input: number, output: number, work: number, direction: number): void;
    _pffft_aligned_malloc(bytes: number): number;
    _pffft_aligned_free(ptr: number): void;
  }
  /** Instantiates the module. */
  const factory: () => Promise<PffftModule>;
  export default factory;
}
