import { resolve } from 'node:path';
import { AudiioError, isAudiioError } from '../errors.js';
import { CONTENT_DIM, contentVectors } from '../features/content-vector.js';
import { FEATURE_NAMES } from '../features/types.js';
import type { LibraryDb } from '../store/db.js';
import { embeddingsStamp, getCurrentModelVersion } from '../store/embeddings.js';
import { findTracksByArtistTitle, getTrack, getTrackByPath, listFeatures, searchTracks, type TrackRecord } from '../store/tracks.js';
import { ExactTrackIndex } from './exact.js';
import { openLibraryTrackIndex } from './persist.js';
import type { TrackIndex } from './types.js';

/** "Artist - Title" of a track, with `?` for what is unknown. */
export const trackLabel = (t: Pick<TrackRecord, 'artist' | 'title'>): string => `${t.artist ?? '?'} - ${t.title ?? '?'}`;
const describeTrack = (t: TrackRecord) => `${t.id}  ${trackLabel(t)}${t.album ? `  [${t.album}]` : ''}${t.path ? `  ${t.path}` : ''}`;

/**
 * Finds the track `spec` names: a track id, a file path (absolute or relative
 * to the working directory), or "artist - title" (case-insensitive; every
 * " - " is tried as the separator).
 *
 * @throws AudiioError `NOT_FOUND` (with close candidates) when nothing matches,
 * `BAD_ARGUMENT` (listing the candidates) when "artist - title" matches several tracks.
 */
export function resolveTrack(db: LibraryDb, spec: string): TrackRecord {
  const byId = getTrack(db, spec);
  if (byId) return byId;
  const byPath = getTrackByPath(db, resolve(spec));
  if (byPath) return byPath;
  const matches = new Map<string, TrackRecord>();
  for (let at = spec.indexOf(' - '); at >= 0; at = spec.indexOf(' - ', at + 1)) {
    for (const t of findTracksByArtistTitle(db, spec.slice(0, at).trim(), spec.slice(at + 3).trim())) matches.set(t.id, t);
  }
  if (matches.size === 1) return [...matches.values()][0];
  if (matches.size > 1) {
    throw new AudiioError(
      'BAD_ARGUMENT',
      `"${spec}" matches ${matches.size} tracks; name one by its id or path:\n${[...matches.values()].map((t) => `  ${describeTrack(t)}`).join('\n')}`,
    );
  }
  const close = searchTracks(db, spec, 10);
  throw new AudiioError(
    'NOT_FOUND',
    `no track with id, path or "artist - title" ${JSON.stringify(spec)}` +
      (close.length ? `; close matches:\n${close.map((t) => `  ${describeTrack(t)}`).join('\n')}` : ''),
  );
}

/** The vectors a library's similarity searches use, and how they were obtained. */
export interface LibraryVectors {
  index: TrackIndex;
  /** `embedding`: the current model's vectors; `content`: z-scored features (before any model is trained). */
  vectors: 'embedding' | 'content';
  modelVersion?: string;
  /** How the persisted index was obtained (loaded, built, rebuilt…), for embedding vectors. */
  indexStatus?: string;
  /** One line saying which vectors and index are used. */
  note: string;
}

/**
 * The index a library's "similar to…" searches use: the current embedding
 * model's persisted index when the library has one (rebuilt when stale, see
 * {@link openLibraryTrackIndex}), otherwise an exact index over the content
 * vectors ({@link contentVectors}) of every analysed track.
 */
export function libraryVectors(db: LibraryDb, dbPath: string, opts: { onMessage?: (m: string) => void } = {}): LibraryVectors {
  const modelVersion = getCurrentModelVersion(db);
  if (modelVersion && embeddingsStamp(db, modelVersion).count > 0) {
    const r = openLibraryTrackIndex(db, dbPath, { modelVersion, onMessage: opts.onMessage });
    return {
      index: r.index,
      vectors: 'embedding',
      modelVersion,
      indexStatus: r.status,
      note: `embedding model ${modelVersion} (${r.index.kind} index, ${r.index.size()} tracks, ${r.status})`,
    };
  }
  const rows = listFeatures(db);
  const raw = new Float32Array(rows.length * FEATURE_NAMES.length);
  rows.forEach((r, i) => FEATURE_NAMES.forEach((name, j) => (raw[i * FEATURE_NAMES.length + j] = r.features[name])));
  const cv = contentVectors(raw);
  const index = new ExactTrackIndex(CONTENT_DIM, { initialCapacity: Math.max(1, rows.length) });
  let flat = 0;
  rows.forEach((r, i) => {
    try {
      index.add(r.trackId, cv.subarray(i * CONTENT_DIM, (i + 1) * CONTENT_DIM));
    } catch (err) {
      if (!isAudiioError(err, 'BAD_ARGUMENT')) throw err;
      flat++; // every feature exactly at the mean: no direction
    }
  });
  const why = modelVersion ? `model ${modelVersion} has no stored embeddings` : 'no embedding model trained yet';
  return {
    index,
    vectors: 'content',
    note: `content vectors of ${index.size()} analysed tracks (${why}; exact search${flat ? `; ${flat} tracks with average features left out` : ''})`,
  };
}

/** One neighbour found by {@link similarTracks}. */
export interface SimilarTrack {
  rank: number;
  id: string;
  /** Cosine similarity, -1–1. */
  similarity: number;
  artist: string | null;
  title: string | null;
  path: string | null;
}

/** What {@link similarTracks} found. */
export interface SimilarTracksResult {
  track: TrackRecord;
  source: LibraryVectors;
  results: SimilarTrack[];
}

/**
 * The `k` tracks of the library nearest to the track `spec` names (id, path or
 * "artist - title"), by cosine similarity of the vectors {@link libraryVectors} picks.
 *
 * @throws AudiioError `NOT_FOUND` / `BAD_ARGUMENT` from {@link resolveTrack}, or
 * `NOT_FOUND` when the track has no vector yet (not analysed or not embedded).
 */
export function similarTracks(
  db: LibraryDb,
  dbPath: string,
  spec: string,
  k: number,
  opts: { onMessage?: (m: string) => void } = {},
): SimilarTracksResult {
  const track = resolveTrack(db, spec);
  const source = libraryVectors(db, dbPath, opts);
  const query = source.index.vector(track.id);
  if (!query) {
    throw new AudiioError(
      'NOT_FOUND',
      source.vectors === 'embedding'
        ? `track ${track.id} (${trackLabel(track)}) has no embedding for model ${source.modelVersion}; embed the library first`
        : `track ${track.id} (${trackLabel(track)}) has no analysed features (or only average ones); analyse it first`,
    );
  }
  const results = source.index.findSimilar(query, k, { exclude: [track.id] }).map((n, i) => {
    const t = getTrack(db, n.id);
    return { rank: i + 1, id: n.id, similarity: n.similarity, artist: t?.artist ?? null, title: t?.title ?? null, path: t?.path ?? null };
  });
  return { track, source, results };
}
