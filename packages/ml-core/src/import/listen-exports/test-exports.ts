/**
 * Test support for the export readers (not part of the build): fixture files in a temporary
 * folder, ZIPs written with yazl, and a reader's chunks gathered.
 */
import { createWriteStream, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import yazl from 'yazl';
import { AudiioError } from '../../errors.js';
import type { ExportIssue, RawFeedback, RawListen } from '../../history/types.js';
import type { ExportChunk } from './chunks.js';

/** A new temporary folder for one test file's fixtures. */
export function fixtureDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `audiio-${prefix}-`));
}

/** Writes `text` to `dir/name` (creating folders) and returns the path. */
export function writeText(dir: string, name: string, text: string): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  return path;
}

/** Writes a ZIP at `dir/name` holding `entries` (name → text or bytes), deflated, and returns its path. */
export async function writeZip(dir: string, name: string, entries: Record<string, string | Buffer>): Promise<string> {
  const path = join(dir, name);
  const zip = new yazl.ZipFile();
  for (const [entry, data] of Object.entries(entries)) zip.addBuffer(Buffer.isBuffer(data) ? data : Buffer.from(data), entry);
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
  return path;
}

/** JSON Lines text of `values`. */
export function jsonl(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join('\n') + '\n';
}

/** Everything a reader yielded, and the chunks themselves. */
export interface Gathered {
  chunks: ExportChunk[];
  listens: RawListen[];
  feedback: RawFeedback[];
  issues: ExportIssue[];
}

/** Reads every chunk of `chunks`. */
export async function gather(chunks: AsyncIterable<ExportChunk>): Promise<Gathered> {
  const all: Gathered = { chunks: [], listens: [], feedback: [], issues: [] };
  for await (const c of chunks) {
    all.chunks.push(c);
    all.listens.push(...c.listens);
    all.feedback.push(...c.feedback);
    all.issues.push(...c.issues);
  }
  return all;
}

/** The error `chunks` throws while being read (fails the test when it throws none). */
export async function readError(chunks: AsyncIterable<ExportChunk>): Promise<{ code: string; message: string }> {
  try {
    await gather(chunks);
  } catch (e) {
    if (e instanceof AudiioError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected the read to fail');
}
