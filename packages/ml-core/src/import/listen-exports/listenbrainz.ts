/**
 * ListenBrainz exports.
 *
 * Followed: the export ListenBrainz writes (listenbrainz-server, `listenbrainz/background/export.py`):
 * a ZIP with `user.json`, `listens/<year>/<month>.jsonl` (one listen per line: `listened_at` in
 * epoch seconds, `inserted_at`, and `track_metadata` with `artist_name`, `track_name`,
 * `release_name`, `additional_info` (the submitted fields: `duration_ms` or `duration` in seconds,
 * `recording_mbid`, …), `recording_msid` and `mbid_mapping` (ListenBrainz's own mapping:
 * `recording_mbid`, or null)), `feedback.jsonl` (`recording_msid`, `recording_mbid`, `score`
 * 1 love / −1 hate / 0 removed, `created` in epoch seconds) and `pinned_recording.jsonl`; and
 * the older export, one JSON array of listens in the API's listen format
 * (https://listenbrainz.readthedocs.io/en/latest/users/json.html), where `recording_msid` may be
 * a field of the listen itself or of `additional_info`. The unzipped export (a folder) reads as
 * the ZIP does.
 */
import { AudiioError } from '../../errors.js';
import type { RawFeedback, RawListen } from '../../history/types.js';
import { chunkSizeOf, type ExportChunk, type ReadExportOptions } from './chunks.js';
import { keyText, numberOf, objectOf, textOf, uuidOf } from './fields.js';
import { readJsonArray, readJsonLines, type RecordReader, type RecordResult } from './json-records.js';
import { folderFiles, pathInExport, plainFile, sniffPath, zipFiles, type ExportFile } from './sources.js';

const LISTENS_FILE = /(?:^|\/)listens\/(?:[^/]+\/)*[^/]+\.jsonl$/i;
const FEEDBACK_FILE = /(?:^|\/)feedback\.jsonl$/i;

function isExportFile(name: string): boolean {
  return LISTENS_FILE.test(name) || FEEDBACK_FILE.test(name);
}

function epochSeconds(v: unknown, field: string): number | string {
  if (v === undefined || v === null) return `missing ${field}`;
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) return `${field} is not a positive number (epoch seconds)`;
  return v;
}

/**
 * One listen of a ListenBrainz export → a RawListen, or why not. Scrobbles say nothing of how long
 * they played: `playedSec`, `completed` and `skipped` are null; `trackSec` is the track's length
 * (`additional_info.duration_ms` / 1000, or `duration`). The recording mbid is the submitter's
 * (`additional_info.recording_mbid`) or else ListenBrainz's mapping (`mbid_mapping.recording_mbid`).
 * `sourceKey`: `listenbrainz:<listened_at>:<recording_msid>`, or `…:<artist>|<title>` (lower case,
 * spaces collapsed) when there is no msid.
 */
export function listenBrainzListen(value: unknown, where: { file: string; line: number }): RawListen | string {
  const o = objectOf(value);
  if (!o) return 'not a JSON object';
  const at = epochSeconds(o.listened_at, 'listened_at');
  if (typeof at === 'string') return at;
  const tm = objectOf(o.track_metadata);
  if (!tm) return 'missing track_metadata';
  const title = textOf(tm.track_name);
  if (title === null) return 'missing track_metadata.track_name';
  const artist = textOf(tm.artist_name);
  const info = objectOf(tm.additional_info) ?? {};
  const mapping = objectOf(tm.mbid_mapping) ?? objectOf(o.mbid_mapping) ?? {};
  const msid = uuidOf(o.recording_msid) ?? uuidOf(tm.recording_msid) ?? uuidOf(info.recording_msid);
  const durationMs = numberOf(info.duration_ms);
  const durationS = numberOf(info.duration);
  return {
    timestamp: Math.round(at * 1000),
    artist,
    title,
    album: textOf(tm.release_name),
    recordingMbid: uuidOf(info.recording_mbid) ?? uuidOf(mapping.recording_mbid),
    recordingMsid: msid,
    playedSec: null,
    trackSec: durationMs !== null && durationMs > 0 ? durationMs / 1000 : durationS !== null && durationS > 0 ? durationS : null,
    completed: null,
    skipped: null,
    sourceKey: `listenbrainz:${at}:${msid ?? `${keyText(artist)}|${keyText(title)}`}`,
    where,
  };
}

/**
 * One line of `feedback.jsonl` → a RawFeedback, or why not: `score` 1 → like, −1 → dislike,
 * 0 → none (an earlier rating removed); `created` epoch seconds; a `recording_mbid` or a
 * `recording_msid` is needed. Artist and title come from `track_metadata` when the line has it
 * (the feedback API's form), else null.
 */
export function listenBrainzFeedback(value: unknown, where: { file: string; line: number }): RawFeedback | string {
  const o = objectOf(value);
  if (!o) return 'not a JSON object';
  const score = o.score;
  if (score === undefined || score === null) return 'missing score';
  if (score !== 1 && score !== -1 && score !== 0) return 'score is not 1, -1 or 0';
  const created = epochSeconds(o.created, 'created');
  if (typeof created === 'string') return created;
  const recordingMbid = uuidOf(o.recording_mbid);
  const recordingMsid = uuidOf(o.recording_msid);
  if (recordingMbid === null && recordingMsid === null) return 'neither a recording_mbid nor a recording_msid';
  const tm = objectOf(o.track_metadata) ?? {};
  return {
    rating: score === 1 ? 'like' : score === -1 ? 'dislike' : 'none',
    timestamp: Math.round(created * 1000),
    recordingMbid,
    recordingMsid,
    artist: textOf(tm.artist_name),
    title: textOf(tm.track_name),
    where,
  };
}

type Kind = 'listens' | 'feedback' | 'auto';

function isFeedbackLike(o: Record<string, unknown>): boolean {
  return 'score' in o && !('track_metadata' in o && 'listened_at' in o);
}

function recordReader(kind: Kind): RecordReader {
  return {
    recognised(value) {
      const o = objectOf(value);
      if (!o) return false;
      if (kind === 'feedback') return 'score' in o;
      if (kind === 'listens') return 'listened_at' in o || 'track_metadata' in o;
      return 'score' in o || 'listened_at' in o || 'track_metadata' in o;
    },
    read(value, where): RecordResult {
      const o = objectOf(value);
      const feedback = kind === 'feedback' || (kind === 'auto' && o !== null && isFeedbackLike(o));
      const r = feedback ? listenBrainzFeedback(value, where) : listenBrainzListen(value, where);
      if (typeof r === 'string') return { issue: r };
      return feedback ? { feedback: r as RawFeedback } : { listen: r as RawListen };
    },
  };
}

async function* readExportFiles(path: string, files: AsyncIterable<ExportFile> | Iterable<ExportFile>, chunkSize: number, container: string): AsyncGenerator<ExportChunk> {
  let found = 0;
  for await (const file of files) {
    found++;
    const kind: Kind = FEEDBACK_FILE.test(file.name) ? 'feedback' : 'listens';
    yield* readJsonLines(file, recordReader(kind), { chunkSize, path: pathInExport(path, file) });
  }
  if (found === 0) {
    throw new AudiioError('BAD_FILE', `not a ListenBrainz export: the ${container} holds no listens/<year>/<month>.jsonl nor feedback.jsonl`, { path });
  }
}

/**
 * Reads a ListenBrainz export: the ZIP (or its unzipped folder) — every `listens/…/*.jsonl` and
 * `feedback.jsonl`, one chunk per file at least, other files ignored — a single JSON Lines file
 * (listens, or feedback when its lines carry `score`), or the older JSON array of listens. Bad
 * lines become issues naming the file inside the export and the line; the rest reads on.
 *
 * @throws AudiioError `FILE_UNREADABLE` when `path` cannot be read; `BAD_FILE` when it is not a
 *   ListenBrainz export (not a ZIP/folder with listens, nor JSON lines/array of listens).
 */
export async function* readListenBrainzExport(path: string, options?: ReadExportOptions): AsyncGenerator<ExportChunk> {
  const chunkSize = chunkSizeOf(options);
  const { kind } = await sniffPath(path);
  const expected = 'a ListenBrainz export (a ZIP, JSON lines of listens or a JSON array of listens)';
  switch (kind) {
    case 'zip':
      yield* readExportFiles(path, zipFiles(path, isExportFile), chunkSize, 'ZIP');
      return;
    case 'directory': {
      const files = (await folderFiles(path, (name) => name.toLowerCase().endsWith('.jsonl'))).filter((f) => isExportFile(f.name));
      yield* readExportFiles(path, files, chunkSize, 'folder');
      return;
    }
    case 'json-array':
      yield* readJsonArray(plainFile(path), recordReader('listens'), { chunkSize, path, expected });
      return;
    case 'empty':
      throw new AudiioError('BAD_FILE', 'the file is empty', { path });
    default:
      // JSON lines, or text whose first lines are broken: refused unless one of its first lines is a listen.
      yield* readJsonLines(plainFile(path), recordReader('auto'), { chunkSize, path, expected });
  }
}
