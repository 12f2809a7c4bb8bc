/**
 * Spotify streaming history.
 *
 * Followed: Spotify's "Understanding my data" (support.spotify.com/article/understanding-my-data)
 * and the files it sends. The *extended streaming history* (`Streaming_History_Audio_*.json`, or
 * `endsong_*.json` in older packages) is a JSON array of streams: `ts` (when the stream *ended*,
 * ISO-8601 UTC), `ms_played`, `master_metadata_track_name`, `master_metadata_album_artist_name`,
 * `master_metadata_album_album_name`, `spotify_track_uri`, `reason_start`, `reason_end`
 * (`trackdone` when it played to its end), `skipped` (may be null), and for podcasts
 * `episode_name`, `episode_show_name`, `spotify_episode_uri` with the track fields null (also
 * `audiobook_*` fields for audiobooks). The older account data (`StreamingHistory*.json`,
 * `StreamingHistory_music_*.json`) has `endTime` (`2020-01-01 12:34`, UTC, the end again),
 * `artistName`, `trackName`, `msPlayed`; its podcast files have `podcastName` / `episodeName`.
 *
 * Podcast and audiobook rows are skipped and each reported as an issue (`podcast episode, not
 * music`) so that a report can say how many there were; the podcast and video files of a package
 * (`StreamingHistory_podcast_*.json`, `Streaming_History_Video_*.json`) are not read at all.
 */
import { basename } from 'node:path';
import { AudiioError } from '../../errors.js';
import type { RawListen } from '../../history/types.js';
import { chunkSizeOf, type ExportChunk, type ReadExportOptions } from './chunks.js';
import { isoUtcMs, keyText, objectOf, textOf } from './fields.js';
import { readJsonArray, type RecordReader } from './json-records.js';
import { folderFiles, pathInExport, plainFile, sniffPath, zipFiles, type ExportFile } from './sources.js';

const HISTORY_FILE = /^(?:streaming_history_audio_.*|endsong.*|streaminghistory(?!_?podcast)(?!_?video).*)\.json$/i;

/** Whether a file of a Spotify data package holds music streaming history (by its base name). */
export function isSpotifyHistoryFile(name: string): boolean {
  return HISTORY_FILE.test(basename(name));
}

function playedMs(v: unknown, field: string): number | string {
  if (v === undefined || v === null) return `missing ${field}`;
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : `${field} is not a number ≥ 0 (milliseconds)`;
}

function make(endMs: number, ms: number, artist: string | null, title: string, album: string | null, uri: string | null,
  completed: boolean | null, skipped: boolean | null, where: { file: string; line: number }): RawListen {
  return {
    timestamp: endMs - ms,
    artist,
    title,
    album,
    recordingMbid: null,
    recordingMsid: null,
    playedSec: ms / 1000,
    trackSec: null,
    completed,
    skipped,
    sourceKey: `spotify:${Math.floor(endMs / 1000)}:${uri ?? `${keyText(artist)}|${keyText(title)}`}`,
    where,
  };
}

const PODCAST = 'podcast episode, not music (skipped)';
const AUDIOBOOK = 'audiobook, not music (skipped)';

/**
 * One stream of the extended history → a RawListen (timestamp = `ts` − `ms_played`, the start;
 * `playedSec` = `ms_played` / 1000; `completed` = `reason_end` is `trackdone`, null without a
 * `reason_end`; `skipped` as given, null when null), or why not.
 * `sourceKey`: `spotify:<end, epoch s>:<spotify_track_uri>`, or `…:<artist>|<title>` without a URI.
 */
export function spotifyExtendedListen(o: Record<string, unknown>, where: { file: string; line: number }): RawListen | string {
  const title = textOf(o.master_metadata_track_name);
  if (title === null) {
    if (textOf(o.episode_name) ?? textOf(o.spotify_episode_uri) ?? textOf(o.episode_show_name)) return PODCAST;
    if (textOf(o.audiobook_title) ?? textOf(o.audiobook_uri) ?? textOf(o.audiobook_chapter_uri)) return AUDIOBOOK;
    return 'missing master_metadata_track_name';
  }
  const ts = textOf(o.ts);
  if (ts === null) return 'missing ts';
  const end = isoUtcMs(ts);
  if (end === null) return 'ts is not an ISO-8601 date';
  const ms = playedMs(o.ms_played, 'ms_played');
  if (typeof ms === 'string') return ms;
  const completed = typeof o.reason_end === 'string' ? o.reason_end === 'trackdone' : null;
  const skipped = typeof o.skipped === 'boolean' ? o.skipped : null;
  return make(end, ms, textOf(o.master_metadata_album_artist_name), title, textOf(o.master_metadata_album_album_name), textOf(o.spotify_track_uri), completed, skipped, where);
}

/**
 * One stream of the older `StreamingHistory*.json` → a RawListen (timestamp = `endTime` −
 * `msPlayed`; no album; `completed` and `skipped` null), or why not.
 * `sourceKey`: `spotify:<end, epoch s>:<artist>|<title>`.
 */
export function spotifyOldListen(o: Record<string, unknown>, where: { file: string; line: number }): RawListen | string {
  const title = textOf(o.trackName);
  if (title === null) return textOf(o.episodeName) ?? textOf(o.podcastName) ? PODCAST : 'missing trackName';
  const endText = textOf(o.endTime);
  if (endText === null) return 'missing endTime';
  const end = isoUtcMs(endText);
  if (end === null) return 'endTime is not a date (YYYY-MM-DD hh:mm)';
  const ms = playedMs(o.msPlayed, 'msPlayed');
  if (typeof ms === 'string') return ms;
  return make(end, ms, textOf(o.artistName), title, null, null, null, null, where);
}

const EXTENDED_KEYS = ['ts', 'ms_played', 'master_metadata_track_name', 'spotify_track_uri'];
const OLD_KEYS = ['endTime', 'msPlayed', 'trackName'];

const reader: RecordReader = {
  recognised(value) {
    const o = objectOf(value);
    return o !== null && (EXTENDED_KEYS.some((k) => k in o) || OLD_KEYS.some((k) => k in o));
  },
  read(value, where) {
    const o = objectOf(value);
    if (!o) return { issue: 'not a JSON object' };
    let r: RawListen | string;
    if (EXTENDED_KEYS.some((k) => k in o)) r = spotifyExtendedListen(o, where);
    else if (OLD_KEYS.some((k) => k in o)) r = spotifyOldListen(o, where);
    else r = 'neither a streaming history entry (ts, ms_played, …) nor an older one (endTime, msPlayed, …)';
    return typeof r === 'string' ? { issue: r } : { listen: r };
  },
};

async function* readFiles(path: string, files: AsyncIterable<ExportFile> | Iterable<ExportFile>, chunkSize: number, container: string): AsyncGenerator<ExportChunk> {
  let found = 0;
  for await (const file of files) {
    found++;
    yield* readJsonArray(file, reader, { chunkSize, path: pathInExport(path, file) });
  }
  if (found === 0) {
    throw new AudiioError('BAD_FILE', `not a Spotify data package: the ${container} holds no Streaming_History_Audio_*.json, endsong_*.json or StreamingHistory*.json`, { path });
  }
}

/**
 * Reads Spotify streaming history: one JSON file (either format, whatever its name), a folder
 * (every history file under it, by name, in name order), or the ZIP Spotify sends
 * (`my_spotify_data.zip`: `Spotify Extended Streaming History/Streaming_History_Audio_*.json`
 * or `MyData/StreamingHistory*.json`; one chunk per file at least). Bad entries become issues
 * naming the file and the entry's 1-based position in its array; the rest reads on.
 *
 * @throws AudiioError `FILE_UNREADABLE` when `path` cannot be read; `BAD_FILE` when it is not
 *   Spotify streaming history (not a JSON array of streams, or a ZIP/folder without history files).
 */
export async function* readSpotifyHistory(path: string, options?: ReadExportOptions): AsyncGenerator<ExportChunk> {
  const chunkSize = chunkSizeOf(options);
  const { kind, head } = await sniffPath(path);
  switch (kind) {
    case 'zip':
      yield* readFiles(path, zipFiles(path, isSpotifyHistoryFile), chunkSize, 'ZIP');
      return;
    case 'directory':
      yield* readFiles(path, await folderFiles(path, isSpotifyHistoryFile), chunkSize, 'folder');
      return;
    case 'json-array':
      yield* readJsonArray(plainFile(path), reader, { chunkSize, path, expected: 'Spotify streaming history' });
      return;
    case 'empty':
      throw new AudiioError('BAD_FILE', 'the file is empty', { path });
    default:
      throw new AudiioError('BAD_FILE', `not Spotify streaming history (a JSON array of streams): it begins with ${JSON.stringify(head.trimStart().slice(0, 40))}`, { path });
  }
}
