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
