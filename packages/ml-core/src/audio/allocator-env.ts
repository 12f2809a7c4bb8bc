/**
 * Allocator tuning for the Web Audio decoder; imported for its side effect by audio/web-audio.ts,
 * before node-web-audio-api loads.
 *
 * node-web-audio-api (Rust) allocates with mimalloc, which by default returns freed memory to
 * the operating system 10 ms after it is freed ("purge"). Decoding one 30 s 44.1 kHz stereo MP3
 * allocates about 21 MB, so with the default every file faulted those pages back in from the
 * kernel: ~5 500 page faults and 12–17 ms of system time per file on the development machine,
 * a fifth of the decode. With a purge delay of one second the memory is reused from file to
 * file during a batch (~700 faults per file, ~1 ms of system time) and is still returned one
 * second after the last file.
 *
 * mimalloc reads its options from the process environment once, when the library is loaded, so
 * `MIMALLOC_PURGE_DELAY` is set here, unless the environment already sets it, before the first
 * import of node-web-audio-api. On the main thread, `process.env` is the process environment,
 * and worker threads load the already-loaded library; a worker's `process.env` is only a copy.
 */

/** Purge delay set for mimalloc, ms (see the module doc). */
export const DECODER_PURGE_DELAY_MS = 1000;

if (process.env.MIMALLOC_PURGE_DELAY === undefined) process.env.MIMALLOC_PURGE_DELAY = String(DECODER_PURGE_DELAY_MS);
