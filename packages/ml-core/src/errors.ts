/**
 * The one error class of audiio-ml. Every error carries a stable `code` from a
 * closed set, a message that tells the user what went wrong and what to do, and,
 * where it applies, the file, line or request it concerns.
 */
export const ERROR_CODES = [
  /** A file could not be read (missing, permission, I/O). */
  'FILE_UNREADABLE',
  /** A file's bytes are not audio the decoder understands. */
  'DECODE_FAILED',
  /** Decoded audio is unusable for analysis (empty, too short, all silence). */
  'AUDIO_UNUSABLE',
  /** A CSV or data row is malformed or out of range. */
  'BAD_ROW',
  /** A data file as a whole is unusable (empty, wrong header). */
  'BAD_FILE',
  /** A command-line argument or API option is invalid. */
  'BAD_ARGUMENT',
  /** A stored model or index file is corrupt or from an incompatible version. */
  'BAD_MODEL',
  /** The library database is unusable (corrupt, newer schema). */
  'BAD_DATABASE',
  /** Something that was asked for does not exist (track, user, model). */
  'NOT_FOUND',
  /** An HTTP request body or query is invalid. */
  'BAD_REQUEST',
  /** A worker or subsystem failed unexpectedly. */
  'INTERNAL',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Where an error happened, when that is known. */
export interface ErrorContext {
  /** The file the error concerns. */
  path?: string;
  /** 1-based line number in that file (CSV rows: the physical line). */
  line?: number;
  /** Any underlying error. */
  cause?: unknown;
}

/** The error thrown by every public function of audiio-ml. */
export class AudiioError extends Error {
  readonly code: ErrorCode;
  readonly path?: string;
  readonly line?: number;

  constructor(code: ErrorCode, message: string, context: ErrorContext = {}) {
    const where = context.path ? `${context.path}${context.line ? `:${context.line}` : ''}: ` : '';
    super(`${where}${message}`, context.cause === undefined ? undefined : { cause: context.cause });
    this.name = 'AudiioError';
    this.code = code;
    this.path = context.path;
    this.line = context.line;
  }
}

/** True when `err` is an {@link AudiioError}, optionally with the given code. */
export function isAudiioError(err: unknown, code?: ErrorCode): err is AudiioError {
  return err instanceof AudiioError && (code === undefined || err.code === code);
}

/** The message of any thrown value, for reports. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
