/**
 * audiio-ml: the public API. Explicit named exports only.
 * @packageDocumentation
 */
export { AudiioError, ERROR_CODES, isAudiioError, errorMessage } from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';
export { FEATURE_NAMES, FEATURE_RANGES } from './features/types.js';
export type { AudioFeatures, FeatureName } from './features/types.js';
export { openLibrary, defaultDbPath, SCHEMA_VERSION } from './store/db.js';
export type { LibraryDb } from './store/db.js';
export {
  upsertTrack,
  getTrack,
  getTrackByPath,
  listTracks,
  saveFeatures,
  getFeatures,
  listFeatures,
  recordAnalysisError,
  clearAnalysisError,
  listAnalysisErrors,
} from './store/tracks.js';
export type { TrackRecord, StoredFeatures } from './store/tracks.js';
export {
  saveEmbeddings,
  loadEmbeddings,
  tracksMissingEmbeddings,
  getCurrentModelVersion,
  setCurrentModelVersion,
} from './store/embeddings.js';
export { contentVectors, CONTENT_DIM } from './features/content-vector.js';
export type {
  Recommender,
  RecommenderFactory,
  FitInput,
  InteractionMatrix,
  ItemCatalogue,
  ParamValue,
} from './eval/types.js';
export type { DecodedAudio, Spectrogram, AnalysisInput, RhythmDescriptors } from './audio/types.js';
export type { TrackAnalysis } from './analysis/types.js';
