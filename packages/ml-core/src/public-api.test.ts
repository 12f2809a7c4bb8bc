/**
 * The public API is a reviewed list: adding, renaming or removing an export of the package root
 * (or of `@audiio-ml/ml-core/analysis`) changes this test in the same commit.
 */
import ts from 'typescript';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as analysisApi from './analysis-api.js';
import * as api from './index.js';

/** Every export name of an entry point, values and types alike, as the compiler sees them. */
function exportsOf(file: string): { values: string[]; types: string[] } {
  const path = fileURLToPath(new URL(file, import.meta.url));
  const program = ts.createProgram([path], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(path)!)!;
  const values: string[] = [];
  const types: string[] = [];
  for (const s of checker.getExportsOfModule(moduleSymbol)) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    (target.flags & ts.SymbolFlags.Value ? values : types).push(s.name);
  }
  return { values: values.sort(), types: types.sort() };
}

const ROOT_VALUES = [
    'AudiioError', 'COLLAB_DEFAULTS', 'COMPLETE_FRACTION', 'CollaborativeModel', 'DEFAULT_PROFILE',
    'DEFAULT_TRAIN_OPTIONS', 'ERROR_CODES', 'EmbeddingModel', 'FEATURES_VERSION', 'FEATURE_NAMES',
    'FEATURE_RANGES', 'FUTURE_TOLERANCE_MS', 'LISTEN_BATCH', 'LISTEN_EXPORT_FORMATS', 'LibraryCollab',
    'MODELS', 'PITCH_CLASS_NAMES', 'SCHEMA_VERSION', 'UserProfileBuilder', 'addUser', 'analyzeLibrary',
    'artistId', 'buildEvalDataset', 'buildUserProfile', 'clearExclusion', 'createTrackIndex', 'defaultDbPath',
    'embedLibrary', 'embedLibraryWithModel', 'errorMessage', 'evaluate', 'extractFeatures', 'findModel',
    'formatModel', 'getFeatures', 'getTrack', 'importInteractions', 'importListenExport',
    'importListensJsonl', 'importSpotifyCsv', 'isAudiioError', 'keyName', 'libraryInfo',
    'libraryProfileSource', 'listEvidence', 'listExclusions', 'listHistory', 'listInteractions', 'listTracks',
    'listUsers', 'loadEvalDataset', 'loadTrackIndex', 'loadTrainingSet', 'modelDirOf', 'openLibrary',
    'openLibraryCollab', 'openLibraryTrackIndex', 'parseModelSpec', 'rateTrack', 'readTags', 'recordListens',
    'rematchListens', 'removeUser', 'renderMetricsSvg', 'requireUser', 'resolveTrack', 'setExclusion',
    'similarTracks', 'summariseIssues', 'trackLabel', 'trainEmbeddingModel', 'trainLibraryCollab',
    'trainLibraryModel', 'tuneAndEvaluate', 'tuneGcForAnalysis', 'tuneModel',
];

const ROOT_TYPES = [
    'AnalyzeLibraryOptions', 'AnalyzeSummary', 'AnalyzedFile', 'AudioFeatures', 'AudioSource',
    'BuildProfileOptions', 'ClusterConfig', 'CollabMethod', 'CollabRecommendation', 'CollaborativeOptions',
    'CreateTrackIndexOptions', 'DecodedAudio', 'EmbedLibraryOptions', 'EmbedLibraryWithModelOptions',
    'EmbeddingModelMeta', 'ErrorCode', 'ErrorContext', 'EvalDataset', 'EvalDatasetInput', 'EvalResult',
    'EvaluateOptions', 'EventFailure', 'EvidenceRow', 'EvidenceWeights', 'Exclusion', 'ExclusionKind',
    'ExclusionTarget', 'ExtractOptions', 'FeatureName', 'FindSimilarOptions', 'FitInput',
    'ImportInteractionsOptions', 'ImportReport', 'InteractionMatrix', 'InteractionRow',
    'InteractionsImportReport', 'ItemCatalogue', 'LibraryDb', 'LibraryInfo', 'LibraryTrackIndex',
    'LibraryVectors', 'LineFailure', 'ListHistoryOptions', 'ListenEntry', 'ListenExportFormat',
    'ListenExportOptions', 'ListenExportReport', 'ListenRecord', 'ListensImportOptions',
    'ListensImportReport', 'ModelSpec', 'Neighbor', 'OpenLibraryTrackIndexOptions', 'ParamValue',
    'PlotSeries', 'ProfileConfig', 'ProfileSource', 'Rating', 'Recommender', 'RecommenderFactory',
    'RecordOptions', 'RecordReport', 'RematchReport', 'RowIssue', 'SimilarItem', 'SimilarTrack',
    'SimilarTracksResult', 'StoredFeatures', 'TasteCluster', 'TrackAnalysis', 'TrackIndex', 'TrackIndexKind',
    'TrackRecord', 'TrackTags', 'TrainLibraryCollabOptions', 'TrainLibraryCollabResult',
    'TrainLibraryOptions', 'TrainLibraryResult', 'TrainOptions', 'TrainProgress', 'TuneAndEvaluateOptions',
    'TuneOptions', 'TuneResult', 'TunedEvaluation', 'UserProfile', 'UserRecord', 'WeightConfig', 'Weighting',
];

describe('public API', () => {
  const root = exportsOf('./index.ts');

  it('the package root exports exactly the reviewed values', () => {
    expect(root.values).toEqual(ROOT_VALUES);
    expect(Object.keys(api).sort()).toEqual(ROOT_VALUES);
  });

  it('the package root exports exactly the reviewed types', () => {
    expect(root.types).toEqual(ROOT_TYPES);
  });

  it('@audiio-ml/ml-core/analysis is a subset of the root (same names, same objects)', () => {
    const sub = exportsOf('./analysis-api.ts');
    for (const name of sub.values) expect(ROOT_VALUES, name).toContain(name);
    for (const name of sub.types) expect(ROOT_TYPES, name).toContain(name);
    for (const [name, value] of Object.entries(analysisApi)) expect(value, name).toBe((api as Record<string, unknown>)[name]);
  });
});
