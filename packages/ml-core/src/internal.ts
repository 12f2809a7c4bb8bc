/**
 * `@audiio-ml/ml-core/internal`: building blocks the workspace's own tooling (the `@audiio-ml/synth`
 * renderers, benchmarks) shares with the library. Not part of the public API: no stability
 * promise, and a player has no use for them.
 * @packageDocumentation
 */
export { seededRandom } from './random.js';
export { OfflineAudioContext } from './audio/web-audio.js';
export { encodeWav } from './audio/wav.js';
export type { WavBitDepth } from './audio/wav.js';
