/**
 * audiio-ml: the public API, what a music player calls. Explicit named exports only, grouped as
 * the data flows (errors · the library database · audio analysis · imports · listening history ·
 * embedding model · collaborative model · track index · profiles · evaluation). Internals (kernels, GC knobs, the PRNG, matrix helpers) stay
 * internal; the list of names is fixed by `public-api.test.ts`, so adding or removing one is a
 * reviewed change.
 * @packageDocumentation
 */

// Errors: one class, a closed set of codes.
export { AudiioError, ERROR_CODES, isAudiioError, errorMessage } from './errors.js';
export type { ErrorCode, ErrorContext } from './errors.js';

// The library database (SQLite, WAL): tracks, features, users, interactions, embeddings.
export { openLibrary, defaultDbPath, SCHEMA_VERSION } from './store/db.js';
export type { LibraryDb } from './store/db.js';
export { getTrack, listTracks, getFeatures } from './store/tracks.js';
export type { TrackRecord, StoredFeatures } from './store/tracks.js';
export { listUsers, listInteractions } from './store/interactions.js';
export type { UserRecord, InteractionRow } from './store/interactions.js';
export { libraryInfo } from './library-info.js';
export type { LibraryInfo } from './library-info.js';

// Audio analysis: decode a file, extract the ten features; analyse a folder into the library.
export { extractFeatures, FEATURES_VERSION } from './features/extract.js';
export type { ExtractOptions } from './features/extract.js';
export type { AudioSource } from './audio/decode.js';
export { FEATURE_NAMES, FEATURE_RANGES } from './features/types.js';
export type { AudioFeatures, FeatureName, TrackAnalysis } from './features/types.js';
export type { DecodedAudio } from './audio/types.js';
export { keyName, PITCH_CLASS_NAMES } from './features/pitch.js';
export { analyzeLibrary } from './analysis/batch.js';
export type { AnalyzeLibraryOptions, AnalyzeSummary, AnalyzedFile } from './analysis/batch.js';
export { tuneGcForAnalysis } from './analysis/gc-tuning.js';
export { readTags } from './analysis/tags.js';
export type { TrackTags } from './analysis/tags.js';

// Imports: datasets and the generic interactions format.
export { importSpotifyCsv } from './import/spotify-csv.js';
export type { ImportReport } from './import/spotify-csv.js';
export { importInteractions } from './import/generic.js';
export type { ImportInteractionsOptions, InteractionsImportReport } from './import/generic.js';
export { importListensJsonl, LISTEN_BATCH } from './import/listens-jsonl.js';
export { importListenExport, rematchListens, COMPLETE_FRACTION } from './import/listen-export.js';
export type { ListenExportReport, ListenExportOptions, RematchReport } from './import/listen-export.js';
export { LISTEN_EXPORT_FORMATS } from './import/listen-exports/read-export.js';
export type { ListenExportFormat } from './import/listen-exports/read-export.js';
export type { ListensImportReport, ListensImportOptions, LineFailure } from './import/listens-jsonl.js';
export { summariseIssues } from './import/csv.js';
export type { RowIssue } from './import/csv.js';

// Listening history: users, plays, ratings, exclusions (append-only events, idempotent).
export { addUser, removeUser, requireUser } from './history/users.js';
export { recordListens, rateTrack, FUTURE_TOLERANCE_MS } from './history/record.js';
export type { RecordReport, RecordOptions, EventFailure } from './history/record.js';
export { setExclusion, clearExclusion, listExclusions } from './history/exclusions.js';
export type { Exclusion, ExclusionTarget } from './history/exclusions.js';
export { listHistory } from './history/list.js';
export type { ListenRecord, ListHistoryOptions } from './history/list.js';
export type { ListenEntry, Rating, ExclusionKind } from './history/types.js';
export { listEvidence } from './history/evidence.js';
export type { EvidenceRow, EvidenceWeights } from './history/evidence.js';

// Embedding model: train on what people like together, embed the library.
export { EmbeddingModel } from './embedding/model.js';
export type { EmbeddingModelMeta } from './embedding/model.js';
export { trainEmbeddingModel, DEFAULT_TRAIN_OPTIONS } from './embedding/train.js';
export type { TrainOptions, TrainProgress } from './embedding/train.js';
export { loadTrainingSet, embedLibrary, embedLibraryWithModel, modelDirOf, trainLibraryModel } from './embedding/library.js';
export type { EmbedLibraryOptions, EmbedLibraryWithModelOptions, TrainLibraryOptions, TrainLibraryResult } from './embedding/library.js';

// Collaborative model: what people who play what you play also play (EASE + RP3β, fold-in scoring).
export { CollaborativeModel } from './collab/model.js';
export type { SimilarItem } from './collab/model.js';
export { COLLAB_DEFAULTS } from './collab/state.js';
export type { CollaborativeOptions, CollabMethod } from './collab/state.js';
export type { Weighting } from './collab/weighting.js';
export { trainLibraryCollab, openLibraryCollab, LibraryCollab } from './collab/library.js';
export type { TrainLibraryCollabOptions, TrainLibraryCollabResult, CollabRecommendation } from './collab/library.js';
// Track index: nearest tracks by cosine similarity (exact below 1,000 tracks, HNSW above).
export { createTrackIndex } from './track-index/factory.js';
export type { CreateTrackIndexOptions } from './track-index/factory.js';
export { loadTrackIndex, openLibraryTrackIndex } from './track-index/persist.js';
export type { LibraryTrackIndex, OpenLibraryTrackIndexOptions } from './track-index/persist.js';
export { similarTracks, resolveTrack, trackLabel } from './track-index/similar.js';
export type { SimilarTrack, SimilarTracksResult, LibraryVectors } from './track-index/similar.js';
export type { TrackIndex, TrackIndexKind, Neighbor, FindSimilarOptions } from './track-index/types.js';

// Profiles: what a listener likes, from what they did.
export { UserProfileBuilder, DEFAULT_PROFILE } from './profile/builder.js';
export type { UserProfile, ProfileSource, ProfileConfig } from './profile/builder.js';
export type { TasteCluster, ClusterConfig } from './profile/clusters.js';
export type { WeightConfig } from './profile/weights.js';
export { buildUserProfile, libraryProfileSource } from './profile/library.js';
export type { BuildProfileOptions } from './profile/library.js';
export { artistId } from './profile/ids.js';

// Evaluation: one harness for every recommender (EVALUATION.md's protocol).
export type { Recommender, RecommenderFactory, FitInput, InteractionMatrix, ItemCatalogue, ParamValue } from './ranking/types.js';
export { loadEvalDataset, buildEvalDataset } from './eval/dataset.js';
export type { EvalDataset, EvalDatasetInput } from './eval/dataset.js';
export { evaluate } from './eval/harness.js';
export type { EvaluateOptions, EvalResult } from './eval/harness.js';
export { MODELS, findModel, parseModelSpec, formatModel } from './eval/registry.js';
export type { ModelSpec } from './eval/registry.js';
export { tuneModel, tuneAndEvaluate } from './eval/tune.js';
export type { TuneOptions, TuneResult, TuneAndEvaluateOptions, TunedEvaluation } from './eval/tune.js';
export { renderMetricsSvg } from './eval/plot.js';
export type { PlotSeries } from './eval/plot.js';
