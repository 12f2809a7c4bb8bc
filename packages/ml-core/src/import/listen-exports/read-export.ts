/**
 * Listening-history exports of other players and services, read into the history vocabulary
 * (`RawListen`, `RawFeedback`, `ExportIssue`) in chunks, so that a million-listen export streams
 * through without being held at once. Nothing here writes to the library: matching is
 * `history/match.ts`, recording is the store's.
 */
import { AudiioError } from '../../errors.js';
import type { ExportChunk, ReadExportOptions } from './chunks.js';
import { readLastfmScrobbles } from './lastfm.js';
import { readListenBrainzExport } from './listenbrainz.js';
import { readSpotifyHistory } from './spotify.js';

export type { ExportChunk, ReadExportOptions } from './chunks.js';
export { DEFAULT_CHUNK_SIZE } from './chunks.js';

/** The export formats {@link readListenExport} reads. */
export const LISTEN_EXPORT_FORMATS = ['listenbrainz', 'lastfm', 'spotify'] as const;

/**
 * `listenbrainz`: the ZIP export (or its folder), a listens JSON Lines file, or the older JSON array;
 * `lastfm`: a scrobbles CSV (with the `uts,…` header, or headerless `artist,album,track,date`);
 * `spotify`: streaming history JSON (extended or older), a folder of it, or `my_spotify_data.zip`.
 */
export type ListenExportFormat = (typeof LISTEN_EXPORT_FORMATS)[number];

/** Whether `s` names a {@link ListenExportFormat}. */
export function isListenExportFormat(s: string): s is ListenExportFormat {
  return (LISTEN_EXPORT_FORMATS as readonly string[]).includes(s);
}

/**
 * Reads the export at `path` in the given format: chunks of at most `options.chunkSize` records
 * (default 10,000), at least one per file of the export and never spanning two. Each chunk's
 * issues name the file inside the export and the 1-based line (JSON arrays: the entry's position).
 * Iterate it once; stopping early closes the files.
 *
 * @throws AudiioError `BAD_ARGUMENT` (at once) for an unknown format; while iterating,
 *   `FILE_UNREADABLE` when `path` cannot be read and `BAD_FILE` when it is not that format.
 */
export function readListenExport(path: string, format: ListenExportFormat, options?: ReadExportOptions): AsyncGenerator<ExportChunk> {
  switch (format) {
    case 'listenbrainz':
      return readListenBrainzExport(path, options);
    case 'lastfm':
      return readLastfmScrobbles(path, options);
    case 'spotify':
      return readSpotifyHistory(path, options);
    default:
      throw new AudiioError('BAD_ARGUMENT', `unknown listen export format ${JSON.stringify(format)} (expected ${LISTEN_EXPORT_FORMATS.join(', ')})`);
  }
}
