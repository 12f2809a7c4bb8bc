import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { AudiioError } from '../errors.js';

/** One data row of a CSV file, keyed by header name, with its physical line number (1-based). */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A row that was reported and skipped, with why. */
export interface RowIssue {
  /** 1-based physical line of the file. */
  line: number;
  /** Short reason, e.g. `missing item`, `duplicate pair`. */
  reason: string;
}

/** A parsed CSV file: its header, the rows that parsed, and the lines that did not. */
export interface CsvTable {
  path: string;
  header: string[];
  rows: CsvRow[];
  issues: RowIssue[];
}

/**
 * Reads a CSV file with a header row (RFC 4180 via csv-parse). A row may omit trailing
 * columns (they read as missing). Malformed lines (more fields than the header, broken quoting) are not fatal: each becomes a {@link RowIssue} with its
 * line number and the rest is read. Header names and values are trimmed of surrounding
 * spaces; a UTF-8 BOM is ignored; blank lines are skipped.
 *
 * @throws AudiioError `FILE_UNREADABLE` when the file cannot be read, `BAD_FILE` when it
 *   is empty or lacks one of the `required` header columns.
 */
export function readCsvFile(path: string, required: readonly string[] = []): CsvTable {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new AudiioError('FILE_UNREADABLE', `cannot read the file (${(cause as Error).message})`, { path, cause });
  }
  return parseCsvText(text, path, required);
}

/** Parses CSV text as {@link readCsvFile} does; `path` only names it in errors. */
export function parseCsvText(text: string, path: string, required: readonly string[] = []): CsvTable {
  if (text.trim() === '') throw new AudiioError('BAD_FILE', 'the file is empty (expected a header row and data rows)', { path });
  let header: string[] = [];
  const issues: RowIssue[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse<{ record: Record<string, string>; info: { lines: number } }>(text, {
      bom: true,
      columns: (h: string[]) => (header = h.map((c) => c.trim())),
      info: true,
      skip_empty_lines: true,
      relax_column_count_less: true,
      trim: true,
      skip_records_with_error: true,
      on_skip: (err: { lines?: number; message: string } | undefined) => {
        if (err) issues.push({ line: err.lines ?? 0, reason: `malformed CSV line (${err.message.replace(/ on line \d+$/, '')})` });
      },
    });
  } catch (cause) {
    throw new AudiioError('BAD_FILE', `not a readable CSV file (${(cause as Error).message})`, { path, cause });
  }
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length) {
    throw new AudiioError('BAD_FILE', `missing column(s) ${missing.join(', ')} in the header (got: ${header.join(', ')})`, {
      path,
      line: 1,
    });
  }
  const rows = records.map((r) => ({ line: r.info.lines, values: r.record }));
  if (rows.length === 0 && issues.length === 0) throw new AudiioError('BAD_FILE', 'the file has a header but no data rows', { path });
  return { path, header, rows, issues };
}

/**
 * Summarises skipped rows for a person: counts per reason with the first line numbers,
 * e.g. `3 × missing item (lines 4, 9, 12)`.
 */
export function summariseIssues(issues: readonly RowIssue[], maxLines = 8): string[] {
  const byReason = new Map<string, number[]>();
  for (const i of issues) {
    const key = i.reason;
    const lines = byReason.get(key) ?? [];
    lines.push(i.line);
    byReason.set(key, lines);
  }
  return [...byReason].map(([reason, lines]) => {
    const shown = lines.slice(0, maxLines).join(', ');
    const more = lines.length > maxLines ? ` and ${lines.length - maxLines} more` : '';
    return `${lines.length} × ${reason} (line${lines.length > 1 ? 's' : ''} ${shown}${more})`;
  });
}
