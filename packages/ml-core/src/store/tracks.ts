import { createHash } from 'node:crypto';
import type { AudioFeatures } from '../features/types.js';
import { cachedStatement, type LibraryDb } from './db.js';

/** A track of the library, as stored. */
export interface TrackRecord {
  /** Stable id: a dataset's own id for imported tracks, `f:<hash of path>` for files. */
  id: string;
  /** Absolute path for analysed files; null for imported tracks. */
  path: string | null;
  size: number | null;
  mtimeMs: number | null;
  title: string | null;
  artist: string | null;
  album: string | null;
  albumId: string | null;
  genre: string | null;
  /** ISO date or year, as the source gives it. */
  releaseDate: string | null;
  year: number | null;
  durationSec: number | null;
  /** 0–100 where known (imported datasets). */
  popularity: number | null;
  /** `file` for analysed files, otherwise the dataset it came from. */
  source: string;
  /** MusicBrainz recording id (from the file's tags), when known. */
  mbid?: string | null;
}

/** A track with its analysed features, as stored. */
export interface StoredFeatures {
  trackId: string;
  featuresVersion: number;
  features: AudioFeatures;
  keyConfidence: number | null;
  /** The descriptor vector the features were derived from, if kept. */
  descriptors: Float32Array | null;
  descriptorsVersion: number | null;
}

const TRACK_COLUMNS = `id, path, size, mtime_ms AS mtimeMs, title, artist, album, album_id AS albumId, genre,
  release_date AS releaseDate, year, duration_sec AS durationSec, popularity, source, mbid`;

/** Inserts or replaces a track (all fields). */
export function upsertTrack(db: LibraryDb, t: TrackRecord): void {
  db.prepare(
    `INSERT INTO tracks (id, path, size, mtime_ms, title, artist, album, album_id, genre, release_date, year,
       duration_sec, popularity, source, mbid, added_at)
     VALUES (@id, @path, @size, @mtimeMs, @title, @artist, @album, @albumId, @genre, @releaseDate, @year,
       @durationSec, @popularity, @source, @mbid, @addedAt)
     ON CONFLICT(id) DO UPDATE SET path=excluded.path, size=excluded.size, mtime_ms=excluded.mtime_ms,
       title=excluded.title, artist=excluded.artist, album=excluded.album, album_id=excluded.album_id,
       genre=excluded.genre, release_date=excluded.release_date, year=excluded.year,
       duration_sec=excluded.duration_sec, popularity=excluded.popularity, source=excluded.source, mbid=excluded.mbid`,
  ).run({ ...t, mbid: t.mbid ?? null, addedAt: Date.now() });
}

/** The track with this id, or undefined. */
export function getTrack(db: LibraryDb, id: string): TrackRecord | undefined {
  return db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks WHERE id = ?`).get(id) as TrackRecord | undefined;
}

/** The track stored for this absolute path, or undefined. */
export function getTrackByPath(db: LibraryDb, path: string): TrackRecord | undefined {
  return db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks WHERE path = ?`).get(path) as TrackRecord | undefined;
}

/** All tracks, ordered by id. */
export function listTracks(db: LibraryDb): TrackRecord[] {
  return db.prepare(`SELECT ${TRACK_COLUMNS} FROM tracks ORDER BY id`).all() as TrackRecord[];
}

/** Tracks whose artist and title equal these (case-insensitive), ordered by id. */
export function findTracksByArtistTitle(db: LibraryDb, artist: string, title: string): TrackRecord[] {
  return db
    .prepare(`SELECT ${TRACK_COLUMNS} FROM tracks WHERE artist = ? COLLATE NOCASE AND title = ? COLLATE NOCASE ORDER BY id`)
    .all(artist, title) as TrackRecord[];
}

/**
 * Up to `limit` tracks whose title, "artist - title" or path contains `text` (case-insensitive
 * for ASCII; `%`, `_` and `\` match themselves), ordered by id.
 */
export function searchTracks(db: LibraryDb, text: string, limit = 10): TrackRecord[] {
  const q = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return db
    .prepare(
      `SELECT ${TRACK_COLUMNS} FROM tracks
       WHERE title LIKE @q ESCAPE '\\' OR (artist || ' - ' || title) LIKE @q ESCAPE '\\' OR path LIKE @q ESCAPE '\\'
       ORDER BY id LIMIT @limit`,
    )
    .all({ q, limit }) as TrackRecord[];
}

/** Stores (replacing) the analysed features of a track. */
export function saveFeatures(db: LibraryDb, f: StoredFeatures): void {
  db.prepare(
    `INSERT OR REPLACE INTO features (track_id, features_version, tempo, key, mode, energy, danceability, valence,
       acousticness, instrumentalness, speechiness, loudness, key_confidence, descriptors, descriptors_version, analyzed_at)
     VALUES (@trackId, @featuresVersion, @tempo, @key, @mode, @energy, @danceability, @valence, @acousticness,
       @instrumentalness, @speechiness, @loudness, @keyConfidence, @descriptors, @descriptorsVersion, @analyzedAt)`,
  ).run({
    trackId: f.trackId,
    featuresVersion: f.featuresVersion,
    ...f.features,
    keyConfidence: f.keyConfidence,
    descriptors: f.descriptors ? Buffer.from(f.descriptors.buffer, f.descriptors.byteOffset, f.descriptors.byteLength) : null,
    descriptorsVersion: f.descriptorsVersion,
    analyzedAt: Date.now(),
  });
}

interface FeatureRow extends AudioFeatures {
  trackId: string;
  featuresVersion: number;
  keyConfidence: number | null;
  descriptors: Buffer | null;
  descriptorsVersion: number | null;
}

function rowToFeatures(r: FeatureRow): StoredFeatures {
  const { trackId, featuresVersion, keyConfidence, descriptors, descriptorsVersion, ...features } = r;
  return {
    trackId,
    featuresVersion,
    features,
    keyConfidence,
    descriptors: descriptors
      ? new Float32Array(descriptors.buffer.slice(descriptors.byteOffset, descriptors.byteOffset + descriptors.byteLength))
      : null,
    descriptorsVersion,
  };
}

const FEATURE_COLUMNS = `track_id AS trackId, features_version AS featuresVersion, tempo, key, mode, energy, danceability,
  valence, acousticness, instrumentalness, speechiness, loudness, key_confidence AS keyConfidence, descriptors,
  descriptors_version AS descriptorsVersion`;

/** The stored features of a track, or undefined when it has none. */
export function getFeatures(db: LibraryDb, trackId: string): StoredFeatures | undefined {
  const r = db.prepare(`SELECT ${FEATURE_COLUMNS} FROM features WHERE track_id = ?`).get(trackId) as FeatureRow | undefined;
  return r && rowToFeatures(r);
}

/** Every stored feature row, ordered by track id. */
export function listFeatures(db: LibraryDb): StoredFeatures[] {
  return (db.prepare(`SELECT ${FEATURE_COLUMNS} FROM features ORDER BY track_id`).all() as FeatureRow[]).map(rowToFeatures);
}

/** Records (replacing) the analysis error of a file. */
export function recordAnalysisError(
  db: LibraryDb,
  e: { path: string; size: number | null; mtimeMs: number | null; code: string; message: string },
): void {
  db.prepare(
    `INSERT OR REPLACE INTO analysis_errors (path, size, mtime_ms, code, message, at)
     VALUES (@path, @size, @mtimeMs, @code, @message, @at)`,
  ).run({ ...e, at: Date.now() });
}

/** Forgets the analysis error of a file (after it was analysed successfully). */
export function clearAnalysisError(db: LibraryDb, path: string): void {
  db.prepare(`DELETE FROM analysis_errors WHERE path = ?`).run(path);
}

/** Every recorded analysis error. */
export function listAnalysisErrors(
  db: LibraryDb,
): { path: string; size: number | null; mtimeMs: number | null; code: string; message: string }[] {
  return db
    .prepare(`SELECT path, size, mtime_ms AS mtimeMs, code, message FROM analysis_errors ORDER BY path`)
    .all() as { path: string; size: number | null; mtimeMs: number | null; code: string; message: string }[];
}

/** The stable track id of an analysed file: `f:` and the first 16 hex digits of the SHA-1 of its absolute path. */
export function fileTrackId(path: string): string {
  return `f:${createHash('sha1').update(path).digest('hex').slice(0, 16)}`;
}

/** What the library knows of a file, for incremental analysis. */
export interface StoredFileState {
  trackId: string;
  size: number | null;
  mtimeMs: number | null;
  /** Version of its stored features; null when it has none. */
  featuresVersion: number | null;
}

/** Size, mtime and features version stored for every file track, keyed by path. */
export function listFileStates(db: LibraryDb): Map<string, StoredFileState> {
  const rows = db
    .prepare(
      `SELECT t.path AS path, t.id AS trackId, t.size AS size, t.mtime_ms AS mtimeMs, f.features_version AS featuresVersion
       FROM tracks t LEFT JOIN features f ON f.track_id = t.id WHERE t.path IS NOT NULL`,
    )
    .all() as (StoredFileState & { path: string })[];
  return new Map(rows.map(({ path, ...s }) => [path, s]));
}

/** Forgets the stored features of a track (e.g. its file changed and no longer decodes). */
export function deleteFeatures(db: LibraryDb, trackId: string): void {
  db.prepare(`DELETE FROM features WHERE track_id = ?`).run(trackId);
}

/** The length in seconds (null when unknown) of each of `ids` that is a library track; absent ids are not in the map. */
export function trackDurations(db: LibraryDb, ids: Iterable<string>): Map<string, number | null> {
  const distinct = [...new Set(ids)];
  const out = new Map<string, number | null>();
  if (!distinct.length) return out;
  // One statement for the whole set (json_each), not one per id.
  const rows = cachedStatement(db, `SELECT t.id, t.duration_sec FROM json_each(?) j JOIN tracks t ON t.id = j.value`)
    .raw()
    .all(JSON.stringify(distinct)) as [string, number | null][];
  for (const [id, d] of rows) out.set(id, d);
  return out;
}
