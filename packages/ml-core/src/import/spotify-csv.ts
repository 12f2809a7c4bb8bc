import { inTransaction, type LibraryDb } from '../store/db.js';
import { upsertInteractions, upsertUsers } from '../store/interactions.js';
import { readCsvFile, type RowIssue } from './csv.js';
import { readSpotifyRows, SPOTIFY_COLUMNS } from './items.js';
import { storeItems } from './store-items.js';

/** What an import loaded and what it skipped. */
export interface ImportReport {
  path: string;
  /** Data rows read (excluding the header). */
  rows: number;
  tracks: number;
  tracksWithFeatures: number;
  users: number;
  interactions: number;
  /** Skipped rows with their line numbers; nothing else was dropped. */
  issues: RowIssue[];
}

/**
 * Imports a file shaped like spotify_songs.csv (TidyTuesday 2020-01-21) into the library:
 * tracks (id = track_id, source `spotify`) with their ten features, artist, album and album id,
 * release date, popularity and duration; each playlist becomes a user (id = playlist_id,
 * name = playlist_name) whose memberships are interactions of weight 1. A track's genre is the
 * most frequent `playlist_genre` of its memberships (ties: alphabetical). Bad rows (see
 * readSpotifyRows) are skipped and reported with their line numbers; the rest is written in
 * one transaction. Re-importing the same file leaves the database unchanged (upserts).
 *
 * @throws AudiioError `FILE_UNREADABLE`, or `BAD_FILE` for an empty file or missing columns.
 */
export function importSpotifyCsv(db: LibraryDb, path: string): ImportReport {
  const table = readCsvFile(path, SPOTIFY_COLUMNS);
  const { items, memberships, playlists, issues } = readSpotifyRows(table);
  const votes = new Map<string, Map<string, number>>();
  for (const m of memberships) {
    if (!m.genre) continue;
    const v = votes.get(m.item) ?? new Map<string, number>();
    v.set(m.genre, (v.get(m.genre) ?? 0) + 1);
    votes.set(m.item, v);
  }
  for (const it of items) {
    const v = votes.get(it.id);
    it.genre = v ? [...v].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0] : null;
  }
  let withFeatures = 0;
  inTransaction(db, () => {
    withFeatures = storeItems(db, items, 'spotify');
    upsertUsers(db, [...playlists].map(([id, name]) => ({ id, name, source: 'spotify' })));
    upsertInteractions(db, memberships.map((m) => ({ userId: m.playlist, trackId: m.item, weight: 1, timestamp: null })));
  });
  return {
    path,
    rows: table.rows.length + table.issues.length,
    tracks: items.length,
    tracksWithFeatures: withFeatures,
    users: playlists.size,
    interactions: memberships.length,
    issues: [...issues].sort((a, b) => a.line - b.line),
  };
}
