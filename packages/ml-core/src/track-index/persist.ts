import { dirname, join, resolve } from 'node:path';
import { AudiioError, isAudiioError } from '../errors.js';
import type { LibraryDb } from '../store/db.js';
import { embeddingsStamp, getCurrentModelVersion, loadEmbeddings } from '../store/embeddings.js';
import { ExactTrackIndex } from './exact.js';
import { createTrackIndex, type CreateTrackIndexOptions } from './factory.js';
import { HnswTrackIndex } from './hnsw.js';
import { readSidecar, type IndexSidecar } from './sidecar.js';
import type { TrackIndex, TrackIndexMeta } from './types.js';

/** What a saved index must match to be used (anything left out is not checked). */
export interface TrackIndexExpectation extends Partial<TrackIndexMeta> {
  /** Vector dimension. */
  dim?: number;
}

/** Why a saved index does not match what it should hold, or undefined when it matches. */
export function staleReason(s: IndexSidecar, expect: TrackIndexExpectation): string | undefined {
  if (expect.modelVersion !== undefined && s.modelVersion !== expect.modelVersion) {
    return `built for embedding model ${s.modelVersion}, the current one is ${expect.modelVersion}`;
  }
  if (expect.dim !== undefined && s.dim !== expect.dim) return `holds ${s.dim}-d vectors, the embeddings are ${expect.dim}-d`;
  if (expect.embeddingsCount !== undefined && s.embeddingsCount !== expect.embeddingsCount) {
    return `built from ${s.embeddingsCount ?? '?'} embeddings, the library now stores ${expect.embeddingsCount}`;
  }
  if (expect.embeddingsUpdatedAt !== undefined && s.embeddingsUpdatedAt !== expect.embeddingsUpdatedAt) {
    return 'embeddings were re-computed after the index was built';
  }
  return undefined;
}

/**
 * Loads an index saved with `TrackIndex.save(basePath, …)`, after checking its
 * sidecar, the data file's SHA-256 checksum and, when given, that it matches
 * `expect` (model version, dim, embeddings count and time).
 *
 * @throws AudiioError `NOT_FOUND` when nothing is saved there; `BAD_MODEL` with
 * the reason when the files are corrupt, of another format version, or stale.
 */
export function loadTrackIndex(basePath: string, expect: TrackIndexExpectation = {}): TrackIndex {
  const s = readSidecar(basePath);
  const stale = staleReason(s, expect);
  if (stale) throw new AudiioError('BAD_MODEL', `track index is stale: ${stale}`, { path: `${basePath}.json` });
  return s.kind === 'hnsw' ? HnswTrackIndex.fromSaved(basePath, s) : ExactTrackIndex.fromSaved(basePath, s);
}

/**
 * Where the index of a model version lives: `<dir of the db>/index/<modelVersion>`
 * (characters other than letters, digits, `.`, `_`, `-` replaced by `_`), to
 * which each implementation adds its extension (`.hnsw`, `.vec`, `.json`).
 */
export function trackIndexBasePath(dbPath: string, modelVersion: string): string {
  return join(dirname(resolve(dbPath)), 'index', modelVersion.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** Options of {@link openLibraryTrackIndex}. */
export interface OpenLibraryTrackIndexOptions {
  /** Model version whose embeddings to index (default: the library's current model). */
  modelVersion?: string;
  /** Receives a message when the index is built or rebuilt (and why). */
  onMessage?: (message: string) => void;
  /** Implementation choice and HNSW params for a (re)build (default: by size, see `createTrackIndex`). */
  create?: Omit<CreateTrackIndexOptions, 'dim' | 'expectedSize'>;
}

/** Result of {@link openLibraryTrackIndex}. */
export interface LibraryTrackIndex {
  index: TrackIndex;
  modelVersion: string;
  /** `loaded` from disk, `built` (none saved yet) or `rebuilt` (the saved one was stale or corrupt). */
  status: 'loaded' | 'built' | 'rebuilt';
  /** Why it was rebuilt. */
  reason?: string;
  /** Base path of the saved files, or undefined for an in-memory library. */
  basePath?: string;
}

/**
 * The track index of a library's embeddings: loaded from beside the database
 * when a saved one matches the stored embeddings of the model version, otherwise
 * (missing, stale, corrupt) built from `loadEmbeddings` and saved, with a message
 * saying why. A stale or corrupt file is never used.
 *
 * @throws AudiioError `NOT_FOUND` when no model is current or it has no stored embeddings.
 */
export function openLibraryTrackIndex(db: LibraryDb, dbPath: string, options: OpenLibraryTrackIndexOptions = {}): LibraryTrackIndex {
  const modelVersion = options.modelVersion ?? getCurrentModelVersion(db);
  if (!modelVersion) throw new AudiioError('NOT_FOUND', 'no embedding model has been trained yet, so there are no track embeddings to index');
  const stamp = embeddingsStamp(db, modelVersion);
  if (stamp.count === 0) throw new AudiioError('NOT_FOUND', `no stored embeddings for model ${modelVersion}`);
  const meta: TrackIndexMeta = { modelVersion, embeddingsCount: stamp.count, embeddingsUpdatedAt: stamp.updatedAt };
  const basePath = dbPath === ':memory:' ? undefined : trackIndexBasePath(dbPath, modelVersion);
  let status: LibraryTrackIndex['status'] = 'built';
  let reason: string | undefined;
  if (basePath) {
    try {
      return { index: loadTrackIndex(basePath, { ...meta, dim: stamp.dim ?? undefined }), modelVersion, status: 'loaded', basePath };
    } catch (err) {
      if (!isAudiioError(err, 'NOT_FOUND')) {
        if (!isAudiioError(err, 'BAD_MODEL')) throw err;
        status = 'rebuilt';
        reason = err.message;
      }
    }
  }
  const rows = loadEmbeddings(db, modelVersion);
  const dim = rows[0].vector.length;
  options.onMessage?.(
    status === 'rebuilt'
      ? `not using the saved track index: ${reason}; rebuilding it from ${rows.length} embeddings of model ${modelVersion}`
      : `building the track index from ${rows.length} embeddings of model ${modelVersion}`,
  );
  const index = createTrackIndex({ ...options.create, dim, expectedSize: rows.length });
  const skipped: string[] = [];
  for (const r of rows) {
    try {
      index.add(r.trackId, r.vector);
    } catch (err) {
      if (!isAudiioError(err, 'BAD_ARGUMENT')) throw err;
      skipped.push(`${r.trackId} (${err.message})`);
    }
  }
  if (skipped.length) {
    options.onMessage?.(`${skipped.length} embeddings left out of the index: ${skipped.slice(0, 5).join('; ')}${skipped.length > 5 ? '; …' : ''}`);
  }
  if (basePath) index.save(basePath, meta);
  return { index, modelVersion, status, reason, basePath };
}
