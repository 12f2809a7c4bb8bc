/**
 * The files of an export, read as streams of text: a plain file, the entries of a ZIP (yauzl,
 * one entry at a time, never the whole archive in memory) or the files of a folder.
 */
import { createReadStream, promises as fsp, type Dirent } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { AudiioError } from '../../errors.js';

/** One file of an export, to be read as UTF-8 text. */
export interface ExportFile {
  /** Its name inside the export (a ZIP entry's path, a path relative to a folder, a plain file's base name). */
  name: string;
  /** Its text in chunks. Read errors are AudiioErrors naming the export and the file. */
  text(): AsyncGenerator<string>;
}

/** What a path holds, judged by `stat` and its first bytes. */
export type PathKind = 'directory' | 'zip' | 'json-array' | 'json-object' | 'empty' | 'text';

/** {@link sniffPath}'s answer: the kind, and the first bytes as text (a BOM removed) for format checks. */
export interface Sniffed {
  kind: PathKind;
  head: string;
}

const HEAD_BYTES = 64 * 1024;
const TEXT_CHUNK = 1 << 20;

function errnoOf(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** An AudiioError `FILE_UNREADABLE` for an I/O error on `path`. */
export function unreadable(path: string, cause: unknown): AudiioError {
  const code = errnoOf(cause);
  const why = code === 'ENOENT' ? 'no such file or folder' : code === 'EACCES' ? 'permission denied' : cause instanceof Error ? cause.message : String(cause);
  return new AudiioError('FILE_UNREADABLE', `cannot read the file (${why})`, { path, cause });
}

/**
 * Whether `path` is a folder, a ZIP (by its signature `PK\x03\x04` / `PK\x05\x06`), a JSON array or
 * object (by its first character after white space and a BOM), empty, or other text.
 *
 * @throws AudiioError `FILE_UNREADABLE` when it does not exist or cannot be read.
 */
export async function sniffPath(path: string): Promise<Sniffed> {
  let isDir: boolean;
  try {
    isDir = (await fsp.stat(path)).isDirectory();
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (isDir) return { kind: 'directory', head: '' };
  let bytes: Buffer;
  try {
    const fh = await fsp.open(path, 'r');
    try {
      const buf = Buffer.alloc(HEAD_BYTES);
      const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
      bytes = buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (cause) {
    throw unreadable(path, cause);
  }
  if (bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 3 || bytes[2] === 5)) return { kind: 'zip', head: '' };
  const head = bytes.toString('utf8').replace(/^\uFEFF/, '');
  const first = head.trimStart()[0];
  const kind: PathKind = first === undefined ? 'empty' : first === '[' ? 'json-array' : first === '{' ? 'json-object' : 'text';
  return { kind, head };
}

/** A plain file of an export, named by its base name. */
export function plainFile(path: string): ExportFile {
  return {
    name: basename(path),
    async *text() {
      const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: TEXT_CHUNK });
      try {
        for await (const chunk of stream as AsyncIterable<string>) yield chunk;
      } catch (cause) {
        throw unreadable(path, cause);
      } finally {
        stream.destroy();
      }
    },
  };
}

function badZip(path: string, what: string, cause: unknown): AudiioError {
  const msg = cause instanceof Error ? cause.message : String(cause);
  return new AudiioError('BAD_FILE', `${what} (${msg})`, { path, cause });
}

/**
 * The file entries of the ZIP at `path` whose names `accept` takes, in the archive's order. Entries
 * are read lazily, one at a time: an entry's text is inflated as it is consumed.
 *
 * @throws AudiioError `BAD_FILE` when `path` is not a readable ZIP or an entry is corrupt.
 */
export async function* zipFiles(path: string, accept: (name: string) => boolean): AsyncGenerator<ExportFile> {
  let zip: ZipFile;
  try {
    zip = await openPromise(path, { lazyEntries: true, autoClose: false, strictFileNames: false, decodeStrings: true });
  } catch (cause) {
    throw badZip(path, 'not a readable ZIP file', cause);
  }
  try {
    const entries = zip.eachEntry();
    for (;;) {
      let step: IteratorResult<Entry>;
      try {
        step = await entries.next();
      } catch (cause) {
        throw badZip(path, 'the ZIP file is corrupt', cause);
      }
      if (step.done) return;
      const entry = step.value;
      if (entry.fileName.endsWith('/') || !accept(entry.fileName)) continue;
      const name = entry.fileName;
      yield {
        name,
        async *text() {
          let stream: Readable | undefined;
          try {
            stream = await zip.openReadStreamPromise(entry);
            stream.setEncoding('utf8');
            for await (const chunk of stream as AsyncIterable<string>) yield chunk;
          } catch (cause) {
            throw badZip(path, `the ZIP entry ${name} cannot be read`, cause);
          } finally {
            stream?.destroy();
          }
        },
      };
    }
  } finally {
    zip.close();
  }
}

/** The files under the folder `dir` (recursively, in name order) whose base names `accept` takes, named relative to `dir`. */
export async function folderFiles(dir: string, accept: (name: string) => boolean): Promise<ExportFile[]> {
  const found: string[] = [];
  async function walk(d: string): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fsp.readdir(d, { withFileTypes: true });
    } catch (cause) {
      throw unreadable(d, cause);
    }
    for (const e of entries) {
      const full = join(d, e.name);
      if (e.isDirectory()) await walk(full);
      else if (e.isFile() && accept(e.name)) found.push(full);
    }
  }
  await walk(dir);
  found.sort();
  return found.map((full) => ({ ...plainFile(full), name: relative(dir, full).split(sep).join('/') }));
}

/** Names a file of an export in errors: the export's path, followed by the file's name inside it when it is not the export itself. */
export function pathInExport(exportPath: string, file: ExportFile): string {
  return file.name === basename(exportPath) ? exportPath : `${exportPath}/${file.name}`;
}
