/**
 * The generic listening-history format: JSON Lines, one `ListenEntry` per line (`trackId`,
 * `timestamp` as epoch ms or ISO-8601, optional `duration` s, `completed`, `skipped`, `rating`,
 * `eventId`), for one user. Read as a stream and recorded in batches, each batch one transaction,
 * so a large file never sits in memory and an interrupted import keeps every committed batch; a
 * re-run skips what is stored (event ids) and completes it.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { AudiioError, errorMessage, type ErrorCode } from '../errors.js';
import { recordListens } from '../history/record.js';
import type { ListenEntry } from '../history/types.js';
import { requireUser } from '../history/users.js';
import type { LibraryDb } from '../store/db.js';

/** Events per transaction of {@link importListensJsonl} (default). */
export const LISTEN_BATCH = 5000;

/** One line of an import that was not stored, and why. */
export interface LineFailure {
  line: number;
  code: ErrorCode;
  message: string;
}

/** What {@link importListensJsonl} did. */
export interface ListensImportReport {
  path: string;
  /** Non-empty lines read. */
  read: number;
  recorded: number;
  /** Events stored by an earlier import (same event id). */
  duplicates: number;
  failed: LineFailure[];
}

/** Options of {@link importListensJsonl}. */
export interface ListensImportOptions {
  /** Events per transaction (default {@link LISTEN_BATCH}). */
  batchSize?: number;
  /** The clock, epoch ms (default now). */
  now?: number;
  /** Called after every committed batch with the lines read so far. */
  onBatch?: (read: number) => void;
}

/**
 * Imports a JSON Lines file of listens (module doc) for `userId`. Bad lines (malformed JSON, an
 * invalid event, an unknown track) are reported by line number and the rest is stored.
 *
 * @throws AudiioError `NOT_FOUND` for an unknown user, `FILE_UNREADABLE` when the file cannot be read
 */
export async function importListensJsonl(db: LibraryDb, userId: string, path: string, options: ListensImportOptions = {}): Promise<ListensImportReport> {
  requireUser(db, userId);
  const batchSize = options.batchSize ?? LISTEN_BATCH;
  const report: ListensImportReport = { path, read: 0, recorded: 0, duplicates: 0, failed: [] };
  let batch: unknown[] = [];
  let lines: number[] = [];
  const flush = () => {
    if (!batch.length) return;
    const r = recordListens(db, userId, batch as ListenEntry[], { source: 'import:jsonl', now: options.now });
    report.recorded += r.recorded;
    report.duplicates += r.duplicates;
    for (const f of r.failed) {
      const line = lines[f.index];
      report.failed.push({ line, code: f.code, message: `${path}:${line}: ${f.message.replace(/^event \d+: /, '')}` });
    }
    batch = [];
    lines = [];
    options.onBatch?.(report.read);
  };
  const stream = createReadStream(path, { encoding: 'utf8' });
  const opened = new Promise<void>((resolve, reject) => {
    stream.once('open', () => resolve());
    stream.once('error', reject);
  });
  try {
    await opened;
  } catch (cause) {
    throw new AudiioError('FILE_UNREADABLE', `cannot read the file (${errorMessage(cause)})`, { path, cause });
  }
  let n = 0;
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    n++;
    if (!text.trim()) continue;
    report.read++;
    try {
      batch.push(JSON.parse(text));
      lines.push(n);
    } catch (err) {
      report.failed.push({ line: n, code: 'BAD_ROW', message: `${path}:${n}: not JSON (${errorMessage(err)})` });
    }
    if (batch.length >= batchSize) flush();
  }
  flush();
  report.failed.sort((a, b) => a.line - b.line);
  return report;
}
