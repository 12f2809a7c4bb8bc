import { FEATURE_NAMES } from '../features/types.js';
import { AudiioError } from '../errors.js';
import { readCsvFile, type CsvTable, type RowIssue } from './csv.js';
import { isMissing, readFeatures, readPopularity, textOrNull, type ItemRecord } from './records.js';

/** Columns a file shaped like Kaggle/TidyTuesday `spotify_songs.csv` must have. */
export const SPOTIFY_COLUMNS = [
  'track_id',
  'track_artist',
  'track_popularity',
  'track_album_id',
  'track_album_name',
  'track_album_release_date',
  'playlist_id',
  'playlist_genre',
  ...FEATURE_NAMES,
] as const;

/** Optional attribute columns of the generic `items.csv` (besides `item` and the ten features). */
export const GENERIC_ITEM_COLUMNS = ['artist', 'album', 'genre', 'release_date', 'popularity'] as const;

/** One playlist membership of a spotify_songs.csv-shaped file. */
export interface MembershipRecord {
  playlist: string;
  item: string;
  /** `playlist_genre` of this row (describes the playlist, not the track). */
  genre: string | null;
  line: number;
}

/** What a spotify_songs.csv-shaped file holds, after validation. */
export interface SpotifyRows {
  /** Distinct tracks, in order of first appearance. */
  items: ItemRecord[];
  /** Distinct (playlist, track) memberships. */
  memberships: MembershipRecord[];
  /** Playlist id → playlist name. */
  playlists: Map<string, string | null>;
  /** Skipped rows, with line numbers. */
  issues: RowIssue[];
}

const TRACK_FIELDS = ['track_artist', 'track_album_id', 'track_album_name', 'track_album_release_date', 'track_popularity', 'track_name', 'duration_ms', ...FEATURE_NAMES];

/**
 * Validates the rows of a spotify_songs.csv-shaped table. A row is skipped and reported
 * when its track or playlist id is missing, a feature is missing or outside FEATURE_RANGES,
 * its popularity is not 0–100, its track attributes conflict with an earlier row of the
 * same track, or it repeats a (playlist, track) membership. Empty or `NA` artist, album or
 * name are kept as unknown (the published file has five such tracks).
 */
export function readSpotifyRows(table: CsvTable): SpotifyRows {
  const issues: RowIssue[] = [...table.issues];
  const items: ItemRecord[] = [];
  const firstOf = new Map<string, { line: number; signature: string }>();
  const memberships: MembershipRecord[] = [];
  const pairLine = new Map<string, number>();
  const playlists = new Map<string, string | null>();
  for (const { line, values } of table.rows) {
    const id = values.track_id ?? '';
    const playlist = values.playlist_id ?? '';
    if (isMissing(id)) {
      issues.push({ line, reason: 'missing track_id' });
      continue;
    }
    if (isMissing(playlist)) {
      issues.push({ line, reason: 'missing playlist_id' });
      continue;
    }
    const signature = TRACK_FIELDS.map((f) => values[f] ?? '').join('\u0000');
    const first = firstOf.get(id);
    if (first && first.signature !== signature) {
      issues.push({ line, reason: `track attributes conflict with an earlier row of the same track_id` });
      continue;
    }
    const pair = `${playlist}\u0000${id}`;
    if (pairLine.has(pair)) {
      issues.push({ line, reason: 'repeated (playlist, track) membership' });
      continue;
    }
    if (!first) {
      const features = readFeatures(values, true);
      if (typeof features === 'string') {
        issues.push({ line, reason: features.startsWith('missing') ? features : features.replace(/ [-\d.e]+ outside/, ' outside') });
        continue;
      }
      const popularity = readPopularity(values.track_popularity);
      if (typeof popularity === 'string') {
        issues.push({ line, reason: 'track_popularity is not a number in 0–100' });
        continue;
      }
      const durationMs = Number(values.duration_ms);
      items.push({
        id,
        title: textOrNull(values.track_name),
        artist: textOrNull(values.track_artist),
        album: textOrNull(values.track_album_name),
        albumId: textOrNull(values.track_album_id),
        genre: null,
        releaseDate: textOrNull(values.track_album_release_date),
        popularity,
        durationSec: isMissing(values.duration_ms) || !Number.isFinite(durationMs) ? null : durationMs / 1000,
        features,
        line,
      });
      firstOf.set(id, { line, signature });
    }
    pairLine.set(pair, line);
    if (!playlists.has(playlist)) playlists.set(playlist, textOrNull(values.playlist_name));
    memberships.push({ playlist, item: id, genre: textOrNull(values.playlist_genre), line });
  }
  return { items, memberships, playlists, issues };
}

/**
 * Validates the rows of a generic `items.csv` (`item` plus any of artist, album, genre,
 * release_date, popularity and the ten feature columns). Skipped and reported: an empty
 * item, a repeated item, a popularity outside 0–100, a feature value that is not a number
 * or lies outside FEATURE_RANGES. Empty values are unknown.
 */
export function readGenericItemRows(table: CsvTable): { items: ItemRecord[]; issues: RowIssue[] } {
  const issues: RowIssue[] = [...table.issues];
  const items: ItemRecord[] = [];
  const seen = new Set<string>();
  for (const { line, values } of table.rows) {
    const id = values.item ?? '';
    if (isMissing(id)) {
      issues.push({ line, reason: 'missing item' });
      continue;
    }
    if (seen.has(id)) {
      issues.push({ line, reason: 'repeated item' });
      continue;
    }
    const features = readFeatures(values, false);
    if (typeof features === 'string') {
      issues.push({ line, reason: features.replace(/ [-\d.e]+ outside/, ' outside') });
      continue;
    }
    const popularity = readPopularity(values.popularity);
    if (typeof popularity === 'string') {
      issues.push({ line, reason: 'popularity is not a number in 0–100' });
      continue;
    }
    seen.add(id);
    items.push({
      id,
      title: textOrNull(values.title),
      artist: textOrNull(values.artist),
      album: textOrNull(values.album),
      albumId: null,
      genre: textOrNull(values.genre),
      releaseDate: textOrNull(values.release_date),
      popularity,
      durationSec: null,
      features,
      line,
    });
  }
  return { items, issues };
}

/** An items file of either format, read and validated. */
export type ItemsFile =
  | { format: 'spotify'; path: string; rows: SpotifyRows }
  | { format: 'generic'; path: string; items: ItemRecord[]; issues: RowIssue[] };

/**
 * Reads an items file, recognising its format by its header: `track_id` and `playlist_id`
 * mean spotify_songs.csv-shaped, `item` means the generic `items.csv`.
 *
 * @throws AudiioError `BAD_FILE` when the header matches neither format.
 */
export function readItemsFile(path: string): ItemsFile {
  const table = readCsvFile(path);
  if (table.header.includes('track_id') && table.header.includes('playlist_id')) {
    const missing = SPOTIFY_COLUMNS.filter((c) => !table.header.includes(c));
    if (missing.length) throw new AudiioError('BAD_FILE', `spotify_songs.csv-shaped file lacks column(s) ${missing.join(', ')}`, { path, line: 1 });
    return { format: 'spotify', path, rows: readSpotifyRows(table) };
  }
  if (table.header.includes('item')) {
    const { items, issues } = readGenericItemRows(table);
    return { format: 'generic', path, items, issues };
  }
  throw new AudiioError(
    'BAD_FILE',
    `unrecognised items file: the header needs \`item\` (generic items.csv) or \`track_id\` and \`playlist_id\` (spotify_songs.csv); got ${table.header.join(', ')}`,
    { path, line: 1 },
  );
}
