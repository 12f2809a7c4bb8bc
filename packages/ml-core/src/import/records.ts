import { FEATURE_NAMES, FEATURE_RANGES } from '../features/types.js';
import type { RowIssue } from './csv.js';

/** One item (track) with its attributes as read from a dataset file; unknown values are null / NaN. */
export interface ItemRecord {
  id: string;
  title: string | null;
  artist: string | null;
  album: string | null;
  albumId: string | null;
  genre: string | null;
  /** ISO date or year, as the file gives it. */
  releaseDate: string | null;
  /** 0–100, NaN when unknown. */
  popularity: number;
  durationSec: number | null;
  /** The ten features in FEATURE_NAMES order, NaN where unknown. */
  features: Float32Array;
  /** Line of the file the record came from. */
  line: number;
}

/** One user–item interaction as read from a file. */
export interface InteractionRecord {
  user: string;
  item: string;
  /** > 0; 1 for a plain like or membership. */
  weight: number;
  /** Milliseconds since the epoch, or null. */
  timestamp: number | null;
  line: number;
}

/** Values that mean "unknown" in dataset files (empty, `NA`, `null`). */
export function isMissing(v: string | undefined): boolean {
  return v === undefined || v === '' || v === 'NA' || v === 'null' || v === 'NULL';
}

/** The value, or null when missing. */
export function textOrNull(v: string | undefined): string | null {
  return isMissing(v) ? null : (v as string);
}

/**
 * Reads the ten feature columns (named as in FEATURE_NAMES) of a row into a Float32Array.
 * Missing columns or empty values are NaN unless `required`; a non-number or a value
 * outside FEATURE_RANGES is an error message.
 */
export function readFeatures(values: Record<string, string>, required: boolean): Float32Array | string {
  const out = new Float32Array(FEATURE_NAMES.length);
  for (let j = 0; j < FEATURE_NAMES.length; j++) {
    const name = FEATURE_NAMES[j];
    const raw = values[name];
    if (isMissing(raw)) {
      if (required) return `missing ${name}`;
      out[j] = NaN;
      continue;
    }
    const v = Number(raw);
    const [lo, hi] = FEATURE_RANGES[name];
    if (!Number.isFinite(v)) return `${name} is not a number (${JSON.stringify(raw)})`;
    if (v < lo || v > hi) return `${name} ${v} outside ${lo}–${hi}`;
    out[j] = v;
  }
  return out;
}

/** Reads an optional 0–100 popularity: NaN when missing, an error message when invalid. */
export function readPopularity(raw: string | undefined): number | string {
  if (isMissing(raw)) return NaN;
  const v = Number(raw);
  if (!Number.isFinite(v) || v < 0 || v > 100) return `popularity ${JSON.stringify(raw)} is not a number in 0–100`;
  return v;
}

/** Reads an optional timestamp: epoch milliseconds (a number) or an ISO-8601 date; null when missing. */
export function readTimestamp(raw: string | undefined): number | null | string {
  if (isMissing(raw)) return null;
  const n = Number(raw);
  if (Number.isFinite(n)) return Math.round(n);
  const t = Date.parse(raw as string);
  return Number.isNaN(t) ? `timestamp ${JSON.stringify(raw)} is neither a number nor an ISO date` : t;
}

/**
 * Reads interaction rows (`user,item[,weight][,timestamp]`). Rows with an empty user or
 * item, a weight that is not a positive number, a bad timestamp, or a repeated
 * (user, item) pair are skipped and reported with their line.
 */
export function readInteractionRows(rows: readonly { line: number; values: Record<string, string> }[]): {
  records: InteractionRecord[];
  issues: RowIssue[];
} {
  const records: InteractionRecord[] = [];
  const issues: RowIssue[] = [];
  const seen = new Map<string, number>();
  for (const { line, values } of rows) {
    const user = values.user ?? '';
    const item = values.item ?? '';
    if (user === '') {
      issues.push({ line, reason: 'missing user' });
      continue;
    }
    if (item === '') {
      issues.push({ line, reason: 'missing item' });
      continue;
    }
    let weight = 1;
    if (!isMissing(values.weight)) {
      weight = Number(values.weight);
      if (!Number.isFinite(weight) || weight <= 0) {
        issues.push({ line, reason: 'weight is not a positive number' });
        continue;
      }
    }
    const timestamp = readTimestamp(values.timestamp);
    if (typeof timestamp === 'string') {
      issues.push({ line, reason: 'bad timestamp' });
      continue;
    }
    const key = `${user}\u0000${item}`;
    const first = seen.get(key);
    if (first !== undefined) {
      issues.push({ line, reason: `repeated (user, item) pair` });
      continue;
    }
    seen.set(key, line);
    records.push({ user, item, weight, timestamp, line });
  }
  return { records, issues };
}
