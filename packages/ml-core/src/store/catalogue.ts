import { FEATURE_NAMES, type AudioFeatures } from '../features/types.js';
import type { LibraryDb } from './db.js';

/** A track with its attributes and its ten stored features: one row of the recommendable catalogue. */
export interface CatalogueRow extends AudioFeatures {
  id: string;
  artist: string | null;
  album: string | null;
  albumId: string | null;
  genre: string | null;
  releaseDate: string | null;
  popularity: number | null;
}

const ROW_SQL = `SELECT t.id, t.artist, t.album, t.album_id AS albumId, t.genre, t.release_date AS releaseDate, t.popularity,
  ${FEATURE_NAMES.map((n) => `f.${n}`).join(', ')} FROM tracks t JOIN features f ON f.track_id = t.id`;

/** Every track that has features (analysed or imported), ordered by id (code-point order). */
export function listCatalogue(db: LibraryDb): CatalogueRow[] {
  return db.prepare(`${ROW_SQL} ORDER BY t.id`).all() as CatalogueRow[];
}

/** The catalogue rows of the tracks `ids` that have features, ordered by id. At most 32,766 ids per call. */
export function catalogueRows(db: LibraryDb, ids: readonly string[]): CatalogueRow[] {
  if (ids.length === 0) return [];
  return db.prepare(`${ROW_SQL} WHERE t.id IN (${ids.map(() => '?').join(',')}) ORDER BY t.id`).all(...ids) as CatalogueRow[];
}

/** How many rows each table of the library holds. */
export interface LibraryCounts {
  tracks: number;
  analysed: number;
  analysisErrors: number;
  users: number;
  interactions: number;
  embeddings: number;
  /** Listening events (plays and ratings), and those of them no library track matched yet. */
  listens: number;
  unmatchedListens: number;
}

/** Row counts of the library's tables. */
export function libraryCounts(db: LibraryDb): LibraryCounts {
  const count = (table: string) => (db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get() as { n: number }).n;
  return {
    tracks: count('tracks'),
    analysed: count('features'),
    analysisErrors: count('analysis_errors'),
    users: count('users'),
    interactions: count('interactions'),
    embeddings: count('embeddings'),
    listens: count('listen_events'),
    unmatchedListens: (db.prepare(`SELECT COUNT(*) AS n FROM listen_events WHERE track_id IS NULL`).get() as { n: number }).n,
  };
}

/** How many tracks have features (analysed or imported). */
export function countAnalysed(db: LibraryDb): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM features`).get() as { n: number }).n;
}
