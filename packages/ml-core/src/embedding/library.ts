import { dirname, join, resolve } from 'node:path';
import { AudiioError } from '../errors.js';
import type { FitInput, InteractionMatrix } from '../ranking/types.js';
import { FEATURE_NAMES } from '../features/types.js';
import { listEvidence } from '../history/evidence.js';
import { catalogueRows, countAnalysed, listCatalogue, type CatalogueRow } from '../store/catalogue.js';
import type { LibraryDb } from '../store/db.js';
import { getMeta, setMeta } from '../store/meta.js';
import { getCurrentModelVersion, saveEmbeddings, setCurrentModelVersion, tracksMissingEmbeddings } from '../store/embeddings.js';
import { EmbeddingModel } from './model.js';
import { trainEmbeddingModel, type TrainOptions } from './train.js';

/** Album identity of a track: its album id, else "artist / album title", else null. */
export function albumKeyOf(t: { albumId: string | null; album: string | null; artist: string | null }): string | null {
  if (t.albumId) return t.albumId;
  return t.album ? `${t.artist ?? ''} / ${t.album}` : null;
}

function featuresOf(rows: CatalogueRow[]): Float32Array {
  const nF = FEATURE_NAMES.length;
  const out = new Float32Array(rows.length * nF);
  rows.forEach((r, i) => FEATURE_NAMES.forEach((n, j) => (out[i * nF + j] = r[n])));
  return out;
}

/** Sorts each user's row by item index (the evidence's id order and the catalogue's may differ for unusual ids). */
function sortRows(m: InteractionMatrix): void {
  for (let u = 0; u < m.nUsers; u++) {
    const a = m.indptr[u];
    const b = m.indptr[u + 1];
    let sorted = true;
    for (let e = a + 1; e < b && sorted; e++) sorted = m.indices[e - 1] < m.indices[e];
    if (sorted) continue;
    const order = Array.from({ length: b - a }, (_, q) => a + q).sort((x, y) => m.indices[x] - m.indices[y]);
    const idx = order.map((e) => m.indices[e]);
    const w = order.map((e) => m.weights[e]);
    m.indices.set(idx, a);
    m.weights.set(w, a);
  }
}

/**
 * The library's training data: every track with features (the catalogue, in
 * id order), and every user's evidence for those tracks (imported interactions and the listening
 * history, one weight per pair: history/evidence.ts).
 *
 * @throws AudiioError `BAD_ARGUMENT` when the library has no analysed track or no interactions
 */
export function loadTrainingSet(db: LibraryDb, seed = 42): FitInput {
  const rows = listCatalogue(db);
  if (rows.length === 0) throw new AudiioError('BAD_ARGUMENT', 'the library has no analysed or imported tracks; run `audiio-ml analyze` or import a dataset first');
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const inter = listEvidence(db);
  const users: string[] = [];
  const indptr: number[] = [0];
  const indices: number[] = [];
  const weights: number[] = [];
  for (const r of inter) {
    const i = index.get(r.trackId);
    if (i === undefined) continue;
    if (users[users.length - 1] !== r.userId) {
      if (users.length > 0) indptr.push(indices.length);
      users.push(r.userId);
    }
    indices.push(i);
    weights.push(r.weight);
  }
  if (users.length > 0) indptr.push(indices.length);
  if (indices.length === 0) throw new AudiioError('BAD_ARGUMENT', 'the library has no listening history or imported interactions to learn from');
  const train: InteractionMatrix = {
    nUsers: users.length,
    nItems: rows.length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    weights: Float32Array.from(weights),
  };
  sortRows(train);
  return {
    users,
    train,
    seed,
    items: {
      ids: rows.map((r) => r.id),
      artist: rows.map((r) => r.artist),
      album: rows.map(albumKeyOf),
      genre: rows.map((r) => r.genre),
      releaseDate: rows.map((r) => r.releaseDate),
      popularity: Float32Array.from(rows, (r) => r.popularity ?? Number.NaN),
      features: featuresOf(rows),
    },
  };
}

/** Options of {@link embedLibrary}. */
export interface EmbedLibraryOptions {
  /** Tracks per forward pass. Default 4096 (the seed used 32; bench:embed measures 32–4096). */
  batchSize?: number;
  /** Called after each stored chunk with (done, total). */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Embeds every track of the library that has features but no vector for this
 * model version, stores the vectors (one transaction per chunk of 8,192), and
 * marks the model version as current. Tracks embedded before are skipped, so an
 * interrupted run resumes where it stopped.
 *
 * @returns how many tracks were embedded now and how many already had a vector
 */
export function embedLibrary(db: LibraryDb, model: EmbeddingModel, options: EmbedLibraryOptions = {}): { embedded: number; skipped: number } {
  const missing = tracksMissingEmbeddings(db, model.version);
  const total = countAnalysed(db);
  const chunk = 8192;
  for (let start = 0; start < missing.length; start += chunk) {
    const ids = missing.slice(start, start + chunk);
    const rows = catalogueRows(db, ids);
    const vectors = model.embedArrays(
      featuresOf(rows),
      Int32Array.from(rows, (r) => model.artistRow(r.artist)),
      Int32Array.from(rows, (r) => model.albumRow(albumKeyOf(r))),
      options.batchSize ?? 4096,
    );
    saveEmbeddings(
      db,
      model.version,
      rows.map((r, i) => ({ trackId: r.id, vector: vectors.slice(i * model.dim, (i + 1) * model.dim) })),
    );
    options.onProgress?.(start + ids.length, missing.length);
  }
  setCurrentModelVersion(db, model.version);
  return { embedded: missing.length, skipped: total - missing.length };
}

/** Meta key holding the directory of the model whose vectors are current. */
const MODEL_DIR_KEY = 'embedding.modelDir';

/** Remembers where the current model's files are (set by `audiio-ml train`). */
export function recordModelDir(db: LibraryDb, dir: string): void {
  setMeta(db, MODEL_DIR_KEY, dir);
}

/**
 * The directory of the library's current embedding model: the one recorded by
 * {@link recordModelDir}, else `<db dir>/models/<current version>`, else undefined.
 */
export function modelDirOf(db: LibraryDb, dbPath: string): string | undefined {
  const recorded = getMeta(db, MODEL_DIR_KEY);
  if (recorded) return recorded;
  const version = getCurrentModelVersion(db);
  return version ? defaultModelDir(dbPath, version) : undefined;
}

/** Options of {@link trainLibraryModel}: the training options, where to save, and the embedding batch. */
export interface TrainLibraryOptions extends Partial<TrainOptions> {
  /** Model directory (default `<db dir>/models/<version>`). */
  out?: string;
  /** Tracks per forward pass when embedding the library (default 4096). */
  batchSize?: number;
  /** Called after each stored chunk of vectors with (done, total). */
  onEmbedProgress?: (done: number, total: number) => void;
}

/** What {@link trainLibraryModel} did. */
export interface TrainLibraryResult {
  /** The trained model (the caller disposes it). */
  model: EmbeddingModel;
  /** Where it was saved. */
  dir: string;
  users: number;
  tracks: number;
  interactions: number;
  embedded: number;
  skipped: number;
  /** Wall time of embedding the library, s. */
  embedSeconds: number;
}

/** Default directory of a model version: `<dir of the db>/models/<version>`. */
export function defaultModelDir(dbPath: string, version: string): string {
  return join(dirname(resolve(dbPath)), 'models', version);
}

/**
 * Trains the embedding model on the library's tracks and interactions ({@link loadTrainingSet}),
 * saves it (to `options.out` or {@link defaultModelDir}), embeds every track ({@link embedLibrary}),
 * and records the model as the library's current one. `audiio-ml train` is this call.
 *
 * @throws AudiioError `BAD_ARGUMENT` when the library has no tracks or no interactions
 */
export async function trainLibraryModel(db: LibraryDb, dbPath: string, options: TrainLibraryOptions = {}): Promise<TrainLibraryResult> {
  const { out, batchSize, onEmbedProgress, ...train } = options;
  const input = loadTrainingSet(db, train.seed ?? 42);
  const model = await trainEmbeddingModel(input, train);
  try {
    const dir = resolve(out ?? defaultModelDir(dbPath, model.version));
    await model.save(dir);
    const t = performance.now();
    const { embedded, skipped } = embedLibrary(db, model, { batchSize, onProgress: onEmbedProgress });
    recordModelDir(db, dir);
    return {
      model,
      dir,
      users: input.users.length,
      tracks: input.items.ids.length,
      interactions: input.train.indices.length,
      embedded,
      skipped,
      embedSeconds: (performance.now() - t) / 1000,
    };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** Options of {@link embedLibraryWithModel}. */
export interface EmbedLibraryWithModelOptions extends EmbedLibraryOptions {
  /** Model directory; default: the library's current model ({@link modelDirOf}). A given one becomes current. */
  modelDir?: string;
}

/**
 * Loads the library's current embedding model (or the one in `options.modelDir`, which then
 * becomes the current one) and embeds every track that has no vector of it yet. `audiio-ml embed`
 * is this call.
 *
 * @throws AudiioError `NOT_FOUND` when the library has no trained model and none is given;
 * `BAD_MODEL` when the model files are corrupt or incompatible.
 */
export async function embedLibraryWithModel(
  db: LibraryDb,
  dbPath: string,
  options: EmbedLibraryWithModelOptions = {},
): Promise<{ version: string; dir: string; embedded: number; skipped: number; seconds: number }> {
  const dir = options.modelDir ? resolve(options.modelDir) : modelDirOf(db, dbPath);
  if (!dir) throw new AudiioError('NOT_FOUND', 'this library has no trained model yet; run `audiio-ml train` first');
  const model = await EmbeddingModel.load(dir);
  try {
    const t = performance.now();
    const { embedded, skipped } = embedLibrary(db, model, options);
    if (options.modelDir) recordModelDir(db, dir);
    return { version: model.version, dir, embedded, skipped, seconds: (performance.now() - t) / 1000 };
  } finally {
    model.dispose();
  }
}
