/**
 * Reading the records of JSON Lines and JSON-array files into chunks: the parsing, the per-record
 * issues and the "is this the format at all" check shared by the ListenBrainz and Spotify readers.
 */
import { AudiioError } from '../../errors.js';
import type { RawFeedback, RawListen } from '../../history/types.js';
import { ChunkCollector, type ExportChunk } from './chunks.js';
import type { ExportFile } from './sources.js';
import { JsonArraySplitter, LineSplitter } from './splitters.js';

/** What one JSON record became: a listen, a rating, or the reason it was skipped. */
export type RecordResult = { listen: RawListen } | { feedback: RawFeedback } | { issue: string };

/**
 * Turns one parsed JSON record into a {@link RecordResult}; `where` is its place for reports.
 * `recognised` says whether the record is of the expected format at all (even if unusable).
 */
export interface RecordReader {
  read(value: unknown, where: { file: string; line: number }): RecordResult;
  recognised(value: unknown): boolean;
}

/** How {@link readJsonLines} and {@link readJsonArray} read a file. */
export interface JsonFileOptions {
  /** Records per chunk at most. */
  chunkSize: number;
  /** Names the file in errors (the export's path, and the file inside it when they differ). */
  path: string;
  /**
   * When set, the file is checked for being the format: what was expected, for the error message
   * (e.g. `a ListenBrainz export`).
   */
  expected?: string;
}

/** Records read before a file none of whose records is recognised is refused as not the format. */
export const PROBE_RECORDS = 20;

/** A record's text parsed, or undefined when it is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads the records of one file into chunks, checking (when asked) that it is the expected format. */
class FileReader {
  private readonly c: ChunkCollector;
  private seen = 0;
  private known: boolean;

  constructor(
    private readonly file: ExportFile,
    private readonly reader: RecordReader,
    private readonly options: JsonFileOptions,
    private readonly what: 'line' | 'entry',
  ) {
    this.c = new ChunkCollector(file.name, options.chunkSize);
    this.known = options.expected === undefined;
  }

  /** Adds one record's text at `line`; true when a chunk is due. */
  add(text: string, line: number): boolean {
    const value = parseJson(text);
    if (value === undefined) {
      this.c.issue(line, `malformed JSON ${this.what}`);
    } else {
      if (!this.known && this.reader.recognised(value)) this.known = true;
      const r = this.reader.read(value, { file: this.file.name, line });
      if ('listen' in r) this.c.listen(r.listen);
      else if ('feedback' in r) this.c.rating(r.feedback);
      else this.c.issue(line, r.issue);
    }
    this.seen++;
    if (!this.known && this.seen >= PROBE_RECORDS) this.refuse();
    return this.known && this.c.full;
  }

  /** Ends the file: throws when nothing was recognised; else the last chunk (or null when empty). */
  finish(): ExportChunk | null {
    if (!this.known && this.seen > 0) this.refuse();
    return this.c.count > 0 ? this.c.take() : null;
  }

  /** Adds an issue that is not one record's (e.g. a truncated file). */
  issue(line: number, reason: string): void {
    this.c.issue(line, reason);
  }

  /** The records held, as a chunk. */
  take(): ExportChunk {
    return this.c.take();
  }

  private refuse(): never {
    const expected = this.options.expected ?? 'the expected format';
    const records = this.seen === 1 ? `its first ${this.what}` : `its first ${this.seen} ${this.what === 'entry' ? 'entries' : 'lines'}`;
    throw new AudiioError('BAD_FILE', `not ${expected}: none of ${records} is a record of it`, { path: this.options.path });
  }
}

/**
 * The records of a JSON Lines file, in chunks. Blank lines are skipped; a line that is not JSON or
 * not a usable record becomes an issue with its 1-based line number.
 *
 * @throws AudiioError `BAD_FILE` when `options.expected` is given and none of the first
 *   {@link PROBE_RECORDS} non-blank lines is recognised by `reader`.
 */
export async function* readJsonLines(file: ExportFile, reader: RecordReader, options: JsonFileOptions): AsyncGenerator<ExportChunk> {
  const r = new FileReader(file, reader, options, 'line');
  const splitter = new LineSplitter(options.path);
  let line = 0;
  const feed = function* (lines: string[]): Generator<ExportChunk> {
    for (const text of lines) {
      line++;
      if (text.trim() === '') continue;
      if (r.add(text, line)) yield r.take();
    }
  };
  for await (const chunk of file.text()) yield* feed(splitter.push(chunk));
  yield* feed(splitter.end());
  const last = r.finish();
  if (last) yield last;
}

/**
 * The records of a file holding one JSON array, in chunks. An entry's `line` is its position in
 * the array, 1-based (entry 1 is the first): the arrays these exports hold are often written on
 * one line, so the entry's number is the stable way to find it. A truncated file reports its last
 * entry (or the missing `]`) as an issue.
 *
 * @throws AudiioError `BAD_FILE` when the file is not a JSON array, or `options.expected` is given
 *   and none of its first {@link PROBE_RECORDS} entries is recognised by `reader`.
 */
export async function* readJsonArray(file: ExportFile, reader: RecordReader, options: JsonFileOptions): AsyncGenerator<ExportChunk> {
  const r = new FileReader(file, reader, options, 'entry');
  const splitter = new JsonArraySplitter(options.path);
  let index = 0;
  for await (const chunk of file.text()) {
    for (const text of splitter.push(chunk)) {
      if (r.add(text, ++index)) yield r.take();
    }
  }
  const how = splitter.end();
  if (how === 'empty') throw new AudiioError('BAD_FILE', 'the file is empty (expected a JSON array)', { path: options.path });
  if (how === 'truncated') r.issue(index + 1, 'the file ends inside this entry (truncated file)');
  else if (how === 'unclosed') r.issue(index + 1, 'the file ends before the array\'s closing "]" (truncated file)');
  const last = r.finish();
  if (last) yield last;
}
