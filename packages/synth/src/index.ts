/**
 * @audiio-ml/synth: test, demo and benchmark support for audiio-ml. Not part of what a player
 * embeds, and not published: an offline song renderer (Web Audio API, exact tempo and key),
 * speech-like audio, quick test signals, fixture music folders, and seeded synthetic data
 * (clustered unit vectors, planted taste groups).
 * @packageDocumentation
 */
export { renderSong, CHORD_PATTERNS, BASS_PATTERNS } from './song.js';
export type { SongSpec, ChordPattern, BassPattern } from './song.js';
export { composeSong } from './compose.js';
export { TIMBRES } from './instruments.js';
export type { Timbre } from './instruments.js';
export { diatonicChord, midiToHz, MAJOR_SCALE, NATURAL_MINOR_SCALE, HARMONIC_MINOR_SCALE } from './theory.js';
export { createRandom, whiteNoise } from './random.js';
export { renderSpeechLike, mixSpeechOverMusic } from './speech.js';
export type { SpeechOptions } from './speech.js';
export { monoAudio, musicLike, noise, sine } from './music-like.js';
export { drumPattern, progression, asDecoded, resampleLinear, wav16 } from './signals.js';
export {
  tempDir,
  hasFfmpeg,
  ffmpegEncoders,
  writeSongWav,
  PNG_BYTES,
  randomBytes,
  writeLongWav,
  writeEdgeCaseLibrary,
} from './test-library.js';
export type { FixtureExpectation } from './test-library.js';
export { gaussian, clusteredUnitVectors, searchCumulative } from './vectors.js';
export type { ClusteredOptions } from './vectors.js';
export { syntheticTasteData } from './taste.js';
export type { SyntheticOptions } from './taste.js';
export { syntheticListens, aggregateListens, temporalSplit, listeningDataset, type ListeningOptions, type SyntheticListens, type AggregateOptions, type TemporalSplit } from './listening.js';
