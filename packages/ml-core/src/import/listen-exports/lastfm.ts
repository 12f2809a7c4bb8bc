/**
 * Last.fm scrobbles as CSV.
 *
 * Followed: (a) the export of lastfm.ghan.nl / lastfmstats and the tools after it, header
 * `uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid` (`uts` the scrobble time in
 * epoch seconds, `utc_time` the same as text, e.g. `01 Sep 2026, 14:37`; columns found by name, in
 * any order); (b) the headerless `artist,album,track,date` rows of benjaminbenben's lastfm-to-csv
 * (benfoxall/lastfm-to-csv: it writes the API's `date` text, UTC, with its commas removed:
 * `31 Jan 2021 12:34`; `31 Jan 2021, 12:34` quoted, an ISO-8601 date or epoch seconds are read
 * too). The form is decided by the first line. Last.fm's `track_mbid` is a track id that is most
 * often a MusicBrainz recording id: it is given as `recordingMbid`.
 */
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import { parse } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { AudiioError } from '../../errors.js';
import type { RawListen } from '../../history/types.js';
import { ChunkCollector, chunkSizeOf, type ExportChunk, type ReadExportOptions } from './chunks.js';
import { isoUtcMs, keyText, lastfmDateMs, textOf, uuidOf } from './fields.js';
import { sniffPath, unreadable } from './sources.js';

/** Where a header-form file has its columns (−1: absent). */
interface Columns {
  uts: number;
  utcTime: number;
  artist: number;
  album: number;
  track: number;
  trackMbid: number;
}

/** One CSV record's fields, with its first and last physical lines (1-based). */
type CsvRecord = string[] & { first: number; line: number };

/** The two forms: with a header (its columns), or headerless `artist,album,track,date`. */
type Form = { header: Columns } | { header: null };

function firstLineFields(head: string): string[] | null {
  const nl = head.indexOf('\n');
  const line = (nl === -1 ? head : head.slice(0, nl)).replace(/\r$/, '');
  try {
    const rows: unknown = parseSync(line, { relax_quotes: true, relax_column_count: true });
    const first: unknown = Array.isArray(rows) ? rows[0] : undefined;
    return Array.isArray(first) ? first.map(String) : null;
  } catch {
    return null;
  }
}

/** A date of the headerless form → epoch ms: Last.fm's text, ISO-8601, or epoch seconds. */
function headerlessDateMs(s: string): number | null {
  const t = s.trim();
  if (/^\d{9,11}$/.test(t)) return Number(t) * 1000;
  return lastfmDateMs(t) ?? isoUtcMs(t);
}

function formOf(fields: string[] | null, path: string): Form {
  const names = (fields ?? []).map((f) => f.trim().toLowerCase());
  const col = (n: string) => names.indexOf(n);
  if (col('artist') >= 0 && col('track') >= 0 && (col('uts') >= 0 || col('utc_time') >= 0)) {
    return { header: { uts: col('uts'), utcTime: col('utc_time'), artist: col('artist'), album: col('album'), track: col('track'), trackMbid: col('track_mbid') } };
  }
  if (fields && fields.length >= 4 && headerlessDateMs(fields.length === 5 ? `${fields[3].trim()}, ${fields[4].trim()}` : fields[3]) !== null) return { header: null };
  const shown = JSON.stringify((fields ?? []).join(',').slice(0, 60));
  throw new AudiioError(
    'BAD_FILE',
    `not a Last.fm scrobbles CSV: the first line (${shown}) is neither the header uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid nor an artist,album,track,date row`,
    { path, line: 1 },
  );
}

function listen(file: string, line: number, seconds: number, artist: string | null, title: string, album: string | null, mbid: string | null): RawListen {
  return {
    timestamp: seconds * 1000,
    artist,
    title,
    album,
    recordingMbid: mbid,
    recordingMsid: null,
    playedSec: null,
    trackSec: null,
    completed: null,
    skipped: null,
    sourceKey: `lastfm:${seconds}:${keyText(artist)}|${keyText(title)}`,
    where: { file, line },
  };
}

/** One row of the header form → a listen, or why not. */
function headerRow(r: string[], c: Columns, file: string, line: number): RawListen | string {
  const title = textOf(r[c.track]);
  const uts = textOf(r[c.uts]);
  let seconds: number;
  if (uts !== null) {
    if (!/^\d+$/.test(uts) || Number(uts) <= 0) return 'uts is not a positive number (epoch seconds)';
    seconds = Number(uts);
  } else {
    const text = textOf(r[c.utcTime]);
    if (text === null) return 'missing uts';
    const ms = lastfmDateMs(text) ?? isoUtcMs(text);
    if (ms === null) return 'missing uts, and utc_time is not a date';
    seconds = Math.floor(ms / 1000);
  }
  if (title === null) return 'missing track';
  return listen(file, line, seconds, textOf(r[c.artist]), title, textOf(r[c.album]), uuidOf(r[c.trackMbid]));
}

/** One headerless `artist,album,track,date` row → a listen, or why not. */
function headerlessRow(r: string[], file: string, line: number): RawListen | string {
  if (r.length < 4) return `expected 4 fields (artist,album,track,date), found ${r.length}`;
  // lastfm-to-csv strips commas; a date left with its comma but unquoted splits into two fields.
  const dateText = r.length === 5 && /^\d{1,2}:\d{2}/.test(r[4].trim()) ? `${r[3].trim()}, ${r[4].trim()}` : r[3];
  const ms = headerlessDateMs(dateText);
  if (ms === null) return textOf(dateText) === null ? 'missing date' : 'date is not a date (e.g. 31 Jan 2021 12:34)';
  const title = textOf(r[2]);
  if (title === null) return 'missing track';
  return listen(file, line, Math.floor(ms / 1000), textOf(r[0]), title, textOf(r[1]), null);
}

/**
 * Reads a Last.fm scrobbles CSV (either form, see this module) into chunks of listens. Scrobbles
 * carry no played duration: `playedSec`, `trackSec`, `completed`, `skipped` are null; the header
 * form gives `recordingMbid` from `track_mbid`. `sourceKey`: `lastfm:<uts>:<artist>|<track>`
 * (lower case, spaces collapsed). A row with a bad or missing time or no track, and a malformed
 * CSV line, become issues with their 1-based line; the rest reads on.
 *
 * @throws AudiioError `FILE_UNREADABLE` when `path` cannot be read; `BAD_FILE` when it is empty,
 *   a ZIP, JSON, or its first line is neither form.
 */
export async function* readLastfmScrobbles(path: string, options?: ReadExportOptions): AsyncGenerator<ExportChunk> {
  const chunkSize = chunkSizeOf(options);
  const { kind, head } = await sniffPath(path);
  if (kind === 'empty') throw new AudiioError('BAD_FILE', 'the file is empty', { path });
  if (kind === 'directory') throw new AudiioError('BAD_FILE', 'is a folder: expected a Last.fm scrobbles CSV file', { path });
  if (kind !== 'text') throw new AudiioError('BAD_FILE', `not a Last.fm scrobbles CSV: the file is ${kind === 'zip' ? 'a ZIP' : 'JSON'}`, { path });
  const form = formOf(firstLineFields(head), path);
  const file = basename(path);
  const c = new ChunkCollector(file, chunkSize);

  // Records carry their last line (csv-parse's `lines`) and the first: the line after the previous
  // record. Scrobble fields never hold line breaks, so a record spanning lines is an unclosed quote.
  let previousEnd = 0;
  const parser = parse({
    bom: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    on_record: (record: string[], context): CsvRecord => {
      const r = Object.assign(record, { first: previousEnd + 1, line: context.lines });
      previousEnd = context.lines;
      return r;
    },
    on_skip: (err) => {
      c.issue(previousEnd + 1, 'malformed CSV line');
      if (err && typeof err.lines === 'number') previousEnd = err.lines;
      return undefined;
    },
  });
  const source = createReadStream(path);
  source.on('error', (cause) => parser.destroy(unreadable(path, cause)));
  source.pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) {
      const { first, line } = record;
      if (form.header && line === 1) continue;
      let r: RawListen | string;
      if (record.some((f) => f.includes('\n'))) {
        r = `malformed CSV: an unclosed quote joins lines ${first}–${line} (skipped)`;
      } else {
        r = form.header ? headerRow(record, form.header, file, line) : headerlessRow(record, file, line);
      }
      if (typeof r === 'string') c.issue(line > first && r.startsWith('malformed') ? first : line, r);
      else c.listen(r);
      if (c.full) yield c.take();
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (c.count > 0) yield c.take();
}
