import { AudiioError } from '../errors.js';
import { inTransaction, type LibraryDb } from '../store/db.js';
import { existingTrackIds, upsertInteractions, upsertUsers } from '../store/interactions.js';
import { readCsvFile, type RowIssue } from './csv.js';
import { readItemsFile } from './items.js';
import { readInteractionRows, type ItemRecord } from './records.js';
import type { ImportReport } from './spotify-csv.js';
import { storeItems } from './store-items.js';

/** Options of {@link importInteractions}. */
export interface ImportInteractionsOptions {
  /** Generic `items.csv` (or a spotify_songs.csv-shaped file) with the items' attributes. */
  items?: string;
  /** Source recorded on new users and tracks (default `import`). */
  source?: string;
}

/** Report of {@link importInteractions}: per file, and how many items had no attributes. */
export interface InteractionsImportReport extends ImportReport {
  /** Items referenced by interactions that had no row in the items file nor in the library: created with their id only. */
  bareTracks: number;
  /** Report of the items file, when one was given. */
  itemsFile?: { path: string; rows: number; issues: RowIssue[] };
}

/**
 * Imports the generic interaction format: `interactions.csv` with header `user,item[,weight][,timestamp]`
 * (weight > 0, default 1; timestamp epoch milliseconds or ISO-8601), and optionally `items.csv`
 * with `item` plus any of `artist, album, genre, release_date, popularity` and the ten feature
 * columns (features are stored when all ten are present). Bad rows are skipped and reported
 * with their line numbers; items without attributes are created with their id only and
 * counted; everything else is written in one transaction; re-import is idempotent.
 *
 * @throws AudiioError `FILE_UNREADABLE`, or `BAD_FILE` for an empty file or a missing `user`/`item` column.
 */
export function importInteractions(db: LibraryDb, path: string, options: ImportInteractionsOptions = {}): InteractionsImportReport {
  const source = options.source ?? 'import';
  const table = readCsvFile(path, ['user', 'item']);
  const { records, issues } = readInteractionRows(table.rows);
  let items: ItemRecord[] = [];
  let itemsFile: InteractionsImportReport['itemsFile'];
  if (options.items) {
    const file = readItemsFile(options.items);
    if (file.format === 'spotify') {
      items = file.rows.items;
      itemsFile = { path: options.items, rows: file.rows.items.length, issues: file.rows.issues };
    } else {
      items = file.items;
      itemsFile = { path: options.items, rows: file.items.length + file.issues.length, issues: file.issues };
    }
  }
  if (records.length === 0 && issues.length + table.issues.length > 0) {
    throw new AudiioError('BAD_FILE', `no valid interaction rows (${issues.length + table.issues.length} bad)`, { path });
  }
  const given = new Set(items.map((i) => i.id));
  const referenced = [...new Set(records.map((r) => r.item))].filter((id) => !given.has(id));
  const present = existingTrackIds(db, referenced);
  const bare = referenced.filter((id) => !present.has(id));
  const users = [...new Set(records.map((r) => r.user))];
  let withFeatures = 0;
  inTransaction(db, () => {
    withFeatures = storeItems(db, items, source);
    storeItems(
      db,
      bare.map((id) => ({
        id, title: null, artist: null, album: null, albumId: null, genre: null, releaseDate: null,
        popularity: NaN, durationSec: null, features: new Float32Array(10).fill(NaN), line: 0,
      })),
      source,
    );
    upsertUsers(db, users.map((id) => ({ id, name: null, source })));
    upsertInteractions(db, records.map((r) => ({ userId: r.user, trackId: r.item, weight: r.weight, timestamp: r.timestamp })));
  });
  return {
    path,
    rows: table.rows.length + table.issues.length,
    tracks: items.length + bare.length,
    tracksWithFeatures: withFeatures,
    users: users.length,
    interactions: records.length,
    issues: [...table.issues, ...issues].sort((a, b) => a.line - b.line),
    bareTracks: bare.length,
    itemsFile,
  };
}
