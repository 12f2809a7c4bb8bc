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
// Track index (issue 5): exact and HNSW nearest-neighbour search over track vectors.
export { ExactTrackIndex } from './index/exact.js';
export type { ExactIndexOptions } from './index/exact.js';
export { HnswTrackIndex, DEFAULT_HNSW_PARAMS } from './index/hnsw.js';
export type { HnswParams, HnswIndexOptions } from './index/hnsw.js';
export { createTrackIndex, chooseIndexKind, EXACT_CROSSOVER_SIZE } from './index/factory.js';
export type { CreateTrackIndexOptions } from './index/factory.js';
export { loadTrackIndex, openLibraryTrackIndex, trackIndexBasePath, embeddingsStamp } from './index/persist.js';
export type { TrackIndexExpectation, OpenLibraryTrackIndexOptions, LibraryTrackIndex } from './index/persist.js';
export { similarTracks, libraryVectors, resolveTrack, trackLabel } from './index/similar.js';
export type { SimilarTrack, SimilarTracksResult, LibraryVectors } from './index/similar.js';
export { INDEX_FORMAT_VERSION } from './index/sidecar.js';
export type { TrackIndex, TrackIndexKind, TrackIndexMeta, Neighbor, FindSimilarOptions } from './index/types.js';
// Audio analysis (decode, STFT, tempo, key, extractFeatures)
export { decodeAudio, ANALYSIS_RATE, LONG_FILE_SEC, LONG_FILE_RATE, MIN_DURATION_SEC } from './audio/decode.js';
export type { DecodeOptions, DecodeResult, NativeFormat, AudioSource } from './audio/decode.js';
export { downmix } from './audio/mono.js';
export { stft } from './audio/stft.js';
export { estimateRhythm, onsetEnvelope } from './features/tempo.js';
export type { RhythmAnalysis, OnsetEnvelope } from './features/tempo.js';
export { estimateKey, chromagram, keyFromChroma } from './features/key.js';
export type { KeyEstimate } from './features/key.js';
export { extractFeatures, analysisInput, FEATURES_VERSION } from './features/extract.js';
export type { ExtractOptions } from './features/extract.js';
// Evaluation harness, baselines, model registry (eval/)
export { loadEvalDataset, buildEvalDataset, toCsr } from './eval/dataset.js';
export type { EvalDataset, EvalDatasetInput, FileIssues } from './eval/dataset.js';
export { evaluate, COVERAGE_K } from './eval/harness.js';
export type { EvaluateOptions, EvalResult } from './eval/harness.js';
export { recallAtK, ndcgAtK, coverageAtK, distinctArtistsAtK, topK } from './eval/metrics.js';
export { MODELS, BASELINES, findModel, parseModelSpec, resolveParams, paramGrid, formatModel } from './eval/registry.js';
export type { ModelSpec } from './eval/registry.js';
export { importSpotifyCsv } from './import/spotify-csv.js';
export type { ImportReport } from './import/spotify-csv.js';
export { importInteractions } from './import/generic.js';
export type { ImportInteractionsOptions, InteractionsImportReport } from './import/generic.js';
export { readItemsFile, readSpotifyRows, readGenericItemRows, SPOTIFY_COLUMNS, GENERIC_ITEM_COLUMNS } from './import/items.js';
export type { ItemsFile, SpotifyRows, MembershipRecord } from './import/items.js';
export { readInteractionRows } from './import/records.js';
export type { ItemRecord, InteractionRecord } from './import/records.js';
export { IMPORTED_FEATURES_VERSION } from './import/store-items.js';
export { upsertUsers, upsertInteractions, listUsers, listInteractions } from './store/interactions.js';
export type { UserRecord, InteractionRow } from './store/interactions.js';
export { tuneModel } from './eval/tune.js';
export type { TuneOptions, TuneResult } from './eval/tune.js';
export { renderMetricsSvg } from './eval/plot.js';
export type { PlotSeries } from './eval/plot.js';
export { readCsvFile, parseCsvText, summariseIssues } from './import/csv.js';
export type { CsvRow, CsvTable, RowIssue } from './import/csv.js';
// Synthesised test and demo audio (synth/): offline song renderer, WAV encoder
export { renderSong, CHORD_PATTERNS, BASS_PATTERNS } from './synth/song.js';
export type { SongSpec, ChordPattern, BassPattern } from './synth/song.js';
export { TIMBRES } from './synth/instruments.js';
export type { Timbre } from './synth/instruments.js';
export { keyName, PITCH_CLASS_NAMES } from './synth/theory.js';
export { encodeWav } from './synth/wav.js';
export type { WavBitDepth } from './synth/wav.js';
// Batch analysis of a music folder (analysis/): scan, tags, worker pool, reports
export { analyzeLibrary, isUnchanged } from './analysis/batch.js';
export { tuneGcForAnalysis, ANALYSIS_HEAP_GROWING_PERCENT } from './analysis/gc-tuning.js';
export type { AnalyzeLibraryOptions, AnalyzeSummary, AnalyzedFile } from './analysis/batch.js';
export { scanAudioFiles, isAudioPath, AUDIO_EXTENSIONS } from './analysis/scan.js';
export type { ScannedFile } from './analysis/scan.js';
export { readTags, readTagsAndFormat, tagsFromFileName } from './analysis/tags.js';
export type { TrackTags } from './analysis/tags.js';
export { formatFeatureTable } from './analysis/report.js';
export type { FeatureTableRow } from './analysis/report.js';
export { fileTrackId, listFileStates, deleteFeatures } from './store/tracks.js';
export type { StoredFileState } from './store/tracks.js';
// Loudness and perceptual features (features/: loudness, descriptors, energy … speechiness) and speech-like audio (synth/speech)
export { integratedLoudness, LOUDNESS_FLOOR_LUFS, kWeightingFilters, channelWeights } from './features/loudness.js';
export { extractPerceptual } from './features/perceptual.js';
export type { PerceptualFeatures } from './features/perceptual.js';
export {
  computeDescriptors,
  descriptorVector,
  DESCRIPTORS_VERSION,
  DESCRIPTORS_DIM,
  DESCRIPTOR_LAYOUT,
} from './features/descriptors.js';
export type { TrackDescriptors } from './features/descriptors.js';
export { energy } from './features/energy.js';
export { danceability, tempoPreference } from './features/danceability.js';
export { valence } from './features/valence.js';
export { acousticness } from './features/acousticness.js';
export { instrumentalness } from './features/instrumentalness.js';
export { speechiness, VOICE_CUES, PROSODY_CUES, ARTICULATION_CUES } from './features/speechiness.js';
export { renderSpeechLike, mixSpeechOverMusic } from './synth/speech.js';
export type { SpeechOptions } from './synth/speech.js';
// Embedding model (embedding/: item tower, training, model files, library embedding, recommender)
export { EmbeddingModel, MODEL_FORMAT, vocabKey } from './embedding/model.js';
export type { EmbeddingModelMeta, EmbedInput } from './embedding/model.js';
export { trainEmbeddingModel, trainingFingerprint, DEFAULT_TRAIN_OPTIONS, AUDIO_ONLY_TRAIN_DEFAULTS, trainDefaults } from './embedding/train.js';
export type { TrainOptions, TrainProgress } from './embedding/train.js';
export { useBackend } from './embedding/backend.js';
export type { EmbeddingBackend } from './embedding/backend.js';
export { fitNormalization, normalizeFeatures, INPUT_DIM } from './embedding/normalize.js';
export type { FeatureNormalization } from './embedding/normalize.js';
export { samplePairs } from './embedding/pairs.js';
export { seededRandom } from './random.js';
export type { PairSet } from './embedding/pairs.js';
export { fileModelHandler } from './embedding/io.js';
export { loadTrainingSet, embedLibrary, albumKeyOf, modelDirOf, recordModelDir } from './embedding/library.js';
export type { EmbedLibraryOptions } from './embedding/library.js';
export { tasteVectors } from './embedding/validate.js';
export { embeddingFactory } from './embedding/recommender.js';
export { syntheticTasteData } from './embedding/synthetic.js';
export type { SyntheticOptions } from './embedding/synthetic.js';
