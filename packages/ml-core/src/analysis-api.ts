/**
 * `@audiio-ml/ml-core/analysis`: the audio-analysis API alone (the ten features of a file, tags,
 * batch analysis of a folder into the library database), without the embedding model, track
 * index and evaluation stack. Importing it loads neither TensorFlow.js nor hnswlib, so a process
 * that only analyses audio keeps a small JavaScript heap (≈ 9 MB instead of ≈ 26 MB), and every
 * garbage collection has that much less to mark. Everything here is also exported by the package
 * root.
 * @packageDocumentation
 */
export { AudiioError, ERROR_CODES, isAudiioError, errorMessage } from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';
export { FEATURE_NAMES, FEATURE_RANGES } from './features/types.js';
export type { AudioFeatures, FeatureName, TrackAnalysis } from './features/types.js';
export type { DecodedAudio } from './audio/types.js';
export { extractFeatures, FEATURES_VERSION } from './features/extract.js';
export type { ExtractOptions } from './features/extract.js';
export type { AudioSource } from './audio/decode.js';
export { keyName, PITCH_CLASS_NAMES } from './features/pitch.js';
export { readTags } from './analysis/tags.js';
export type { TrackTags } from './analysis/tags.js';
export { tuneGcForAnalysis } from './analysis/gc-tuning.js';
export { analyzeLibrary } from './analysis/batch.js';
export type { AnalyzeLibraryOptions, AnalyzeSummary, AnalyzedFile } from './analysis/batch.js';
export { openLibrary, defaultDbPath } from './store/db.js';
export type { LibraryDb } from './store/db.js';
