/**
 * `@audiio-ml/ml-core/analysis`: the audio-analysis API alone (decoding, the ten features, tags,
 * batch analysis into the library database, the offline song renderer), without the embedding model, track index and evaluation stack.
 * Importing it loads neither TensorFlow.js nor hnswlib, so a process that only analyses audio
 * keeps a small JavaScript heap (≈ 7 MB instead of ≈ 26 MB), and every garbage collection has
 * that much less to mark. Everything here is also exported by the package root.
 */
export { AudiioError, ERROR_CODES, isAudiioError, errorMessage } from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';
export { FEATURE_NAMES, FEATURE_RANGES } from './features/types.js';
export type { AudioFeatures, FeatureName } from './features/types.js';
export { decodeAudio, ANALYSIS_RATE, LONG_FILE_SEC, LONG_FILE_RATE, MIN_DURATION_SEC } from './audio/decode.js';
export type { DecodeOptions, DecodeResult, NativeFormat, AudioSource } from './audio/decode.js';
export type { DecodedAudio, Spectrogram, AnalysisInput, RhythmDescriptors } from './audio/types.js';
export type { TrackAnalysis } from './analysis/types.js';
export { stft } from './audio/stft.js';
export { extractFeatures, analysisInput, FEATURES_VERSION } from './features/extract.js';
export type { ExtractOptions } from './features/extract.js';
export { estimateRhythm } from './features/tempo.js';
export { estimateKey } from './features/key.js';
export { integratedLoudness } from './features/loudness.js';
export { extractPerceptual } from './features/perceptual.js';
export { readTags, readTagsAndFormat } from './analysis/tags.js';
export { tuneGcForAnalysis } from './analysis/gc-tuning.js';
export { analyzeLibrary } from './analysis/batch.js';
export type { AnalyzeLibraryOptions, AnalyzeSummary, AnalyzedFile } from './analysis/batch.js';
export { openLibrary, defaultDbPath } from './store/db.js';
export type { LibraryDb } from './store/db.js';
export type { TrackTags } from './analysis/tags.js';
export { renderSong, CHORD_PATTERNS, BASS_PATTERNS } from './synth/song.js';
export type { SongSpec, ChordPattern, BassPattern } from './synth/song.js';
export { TIMBRES } from './synth/instruments.js';
export { encodeWav } from './synth/wav.js';
