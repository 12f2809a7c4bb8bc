import type { ExportIssue, RawFeedback, RawListen } from '../../history/types.js';

/** One chunk of parsed records: one file of an export, or a slice of a big one (never two files). */
export interface ExportChunk {
  /** The file the records come from, as their `where.file` names it (a path inside the export). */
  file: string;
  listens: RawListen[];
  feedback: RawFeedback[];
  issues: ExportIssue[];
}

/** Options of the export readers. */
export interface ReadExportOptions {
  /**
   * Records (listens + feedback + issues) per chunk at most; a file with more is yielded in several
   * chunks. Default {@link DEFAULT_CHUNK_SIZE}.
   */
  chunkSize?: number;
}

/** Default records per {@link ExportChunk}. */
export const DEFAULT_CHUNK_SIZE = 10_000;

/** Collects the records of one file and hands them out in chunks of at most `size` records. */
export class ChunkCollector {
  private listens: RawListen[] = [];
  private feedback: RawFeedback[] = [];
  private issues: ExportIssue[] = [];

  constructor(
    readonly file: string,
    private readonly size: number,
  ) {}

  /** Records held now. */
  get count(): number {
    return this.listens.length + this.feedback.length + this.issues.length;
  }

  /** True when a chunk is due. */
  get full(): boolean {
    return this.count >= this.size;
  }

  /** Adds a listen. */
  listen(l: RawListen): void {
    this.listens.push(l);
  }

  /** Adds a rating (feedback). */
  rating(f: RawFeedback): void {
    this.feedback.push(f);
  }

  /** Adds an issue at the file's 1-based `line`. */
  issue(line: number, reason: string): void {
    this.issues.push({ file: this.file, line, reason });
  }

  /** The records held, as a chunk, and starts a new one. */
  take(): ExportChunk {
    const chunk: ExportChunk = { file: this.file, listens: this.listens, feedback: this.feedback, issues: this.issues };
    this.listens = [];
    this.feedback = [];
    this.issues = [];
    return chunk;
  }
}

/** The chunk size of `options`, validated (a positive integer or Infinity). */
export function chunkSizeOf(options: ReadExportOptions | undefined): number {
  const n = options?.chunkSize ?? DEFAULT_CHUNK_SIZE;
  return n === Infinity || (Number.isInteger(n) && n > 0) ? n : DEFAULT_CHUNK_SIZE;
}
