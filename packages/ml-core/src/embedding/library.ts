import { dirname, join, resolve } from 'node:path';
import { AudiioError } from '../errors.js';
import type { FitInput, InteractionMatrix } from '../eval/types.js';
import { FEATURE_NAMES } from '../features/types.js';
import type { LibraryDb } from '../store/db.js';
import { getCurrentModelVersion, saveEmbeddings, setCurrentModelVersion, tracksMissingEmbeddings } from '../store/embeddings.js';
import type { EmbeddingModel } from './model.js';

/** Album identity of a track: its album id, else "artist / album title", else null. */
export function albumKeyOf(t: { albumId: string | null; album: string | null; artist: string | null }): string | null {
  if (t.albumId) return t.albumId;
  return t.album ? `${t.artist ?? ''} / ${t.album}` : null;
}

interface Row {
  id: string;
  artist: string | null;
  album: string | null;
  albumId: string | null;
  genre: string | null;
  releaseDate: string | null;
  popularity: number | null;
  [feature: string]: string | number | null;
}

const ROW_SQL = `SELECT t.id, t.artist, t.album, t.album_id AS albumId, t.genre, t.release_date AS releaseDate, t.popularity,
  ${FEATURE_NAMES.map((n) => `f.${n}`).join(', ')} FROM tracks t JOIN features f ON f.track_id = t.id`;

function featuresOf(rows: Row[]): Float32Array {
  const nF = FEATURE_NAMES.length;
  const out = new Float32Array(rows.length * nF);
  rows.forEach((r, i) => FEATURE_NAMES.forEach((n, j) => (out[i * nF + j] = Number(r[n] ?? Number.NaN))));
  return out;
}

/**
 * The library's training data: every track with features (the catalogue, in
 * code-point id order), and every user's interactions with those tracks.
 *
 * @throws AudiioError `BAD_ARGUMENT` when the library has no analysed track or no interactions
 */
export function loadTrainingSet(db: LibraryDb, seed = 42): FitInput {
  const rows = db.prepare(`${ROW_SQL} ORDER BY t.id`).all() as Row[];
  if (rows.length === 0) throw new AudiioError('BAD_ARGUMENT', 'the library has no analysed or imported tracks; run `audiio-ml analyze` or import a dataset first');
  const index = new Map(rows.map((r, i) => [r.id, i]));
  const inter = db
    .prepare(`SELECT user_id AS user, track_id AS track, weight FROM interactions ORDER BY user_id, track_id`)
    .all() as { user: string; track: string; weight: number }[];
  const users: string[] = [];
  const indptr: number[] = [0];
  const indices: number[] = [];
  const weights: number[] = [];
  for (const r of inter) {
    const i = index.get(r.track);
    if (i === undefined) continue;
    if (users[users.length - 1] !== r.user) {
      if (users.length > 0) indptr.push(indices.length);
      users.push(r.user);
    }
    indices.push(i);
    weights.push(r.weight);
  }
  if (users.length > 0) indptr.push(indices.length);
  if (indices.length === 0) throw new AudiioError('BAD_ARGUMENT', 'the library has no listening history or imported interactions to learn from');
  // interactions are ordered by track id within a user, and the catalogue is in id order: rows are sorted.
  const train: InteractionMatrix = {
    nUsers: users.length,
    nItems: rows.length,
    indptr: Int32Array.from(indptr),
    indices: Int32Array.from(indices),
    weights: Float32Array.from(weights),
  };
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
  const total = (db.prepare(`SELECT COUNT(*) AS n FROM features`).get() as { n: number }).n;
  const chunk = 8192;
  const select = (n: number) => db.prepare(`${ROW_SQL} WHERE t.id IN (${Array(n).fill('?').join(',')}) ORDER BY t.id`);
  for (let start = 0; start < missing.length; start += chunk) {
    const ids = missing.slice(start, start + chunk);
    const rows = select(ids.length).all(...ids) as Row[];
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
  db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`).run(MODEL_DIR_KEY, dir);
}

/**
 * The directory of the library's current embedding model: the one recorded by
 * {@link recordModelDir}, else `<db dir>/models/<current version>`, else undefined.
 */
export function modelDirOf(db: LibraryDb, dbPath: string): string | undefined {
  const recorded = (db.prepare(`SELECT value FROM meta WHERE key = ?`).get(MODEL_DIR_KEY) as { value: string } | undefined)?.value;
  if (recorded) return recorded;
  const version = getCurrentModelVersion(db);
  return version ? join(dirname(resolve(dbPath)), 'models', version) : undefined;
}
