/**
 * The Web Audio API for Node (node-web-audio-api), imported through this module only, so that
 * audio/allocator-env.ts configures the decoder's allocator before the native library loads.
 */
import './allocator-env.js';

export { OfflineAudioContext } from 'node-web-audio-api';
