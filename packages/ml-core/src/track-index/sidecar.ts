import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { AudiioError } from '../errors.js';
import type { TrackIndexKind, TrackIndexMeta } from './types.js';

/** Version of the on-disk index layout; bump when the sidecar or data files change shape. */
export const INDEX_FORMAT_VERSION = 1;

/** File extension of the data file of each index kind. */
export const DATA_EXTENSION: Record<TrackIndexKind, string> = { hnsw: '.hnsw', exact: '.vec' };

const sidecarSchema = z.object({
  format: z.literal('audiio-ml-track-index'),
  formatVersion: z.number().int(),
  kind: z.enum(['exact', 'hnsw']),
  modelVersion: z.string(),
  dim: z.number().int().positive(),
  count: z.number().int().nonnegative(),
  embeddingsCount: z.number().int().nonnegative().optional(),
  embeddingsUpdatedAt: z.number().optional(),
  params: z.object({ m: z.number().int(), efConstruction: z.number().int(), ef: z.number().int() }).optional(),
  /** `sha256:<hex>` of the data file. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  /** Track id of each label (HNSW) or row (exact); null for a removed label. */
  ids: z.array(z.string().nullable()),
  savedAt: z.string(),
});

/** The JSON sidecar saved beside an index data file. */
export type IndexSidecar = z.infer<typeof sidecarSchema>;

/** SHA-256 of a file, streamed in 4 MiB chunks, as `sha256:<hex>`. */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(4 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(n === buf.length ? buf : buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return `sha256:${hash.digest('hex')}`;
}

/** Path of a temporary sibling, renamed over the target once complete. */
export function tempPath(path: string): string {
  return `${path}.tmp-${process.pid}`;
}

/**
 * Writes the sidecar of a data file that is already in place (its checksum is
 * computed here), atomically.
 */
export function writeSidecar(
  basePath: string,
  s: { kind: TrackIndexKind; dim: number; count: number; ids: (string | null)[]; params?: IndexSidecar['params'] },
  meta: TrackIndexMeta,
): void {
  const sidecar: IndexSidecar = {
    format: 'audiio-ml-track-index',
    formatVersion: INDEX_FORMAT_VERSION,
    kind: s.kind,
    modelVersion: meta.modelVersion,
    dim: s.dim,
    count: s.count,
    embeddingsCount: meta.embeddingsCount,
    embeddingsUpdatedAt: meta.embeddingsUpdatedAt,
    params: s.params,
    checksum: sha256File(basePath + DATA_EXTENSION[s.kind]),
    ids: s.ids,
    savedAt: new Date().toISOString(),
  };
  const path = `${basePath}.json`;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(tempPath(path), JSON.stringify(sidecar));
  renameSync(tempPath(path), path);
}

/**
 * Reads and validates the sidecar of `basePath` and checks the data file
 * against its checksum.
 *
 * @throws AudiioError `NOT_FOUND` when there is no sidecar, `BAD_MODEL` when the
 * sidecar is unreadable, of another format version, or the data file is missing
 * or does not match its checksum.
 */
export function readSidecar(basePath: string): IndexSidecar {
  const path = `${basePath}.json`;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new AudiioError('NOT_FOUND', 'no saved track index', { path });
    throw new AudiioError('BAD_MODEL', `cannot read the track index sidecar (${(cause as Error).message})`, { path, cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', 'track index sidecar is corrupt (not JSON)', { path, cause });
  }
  const r = sidecarSchema.safeParse(parsed);
  if (!r.success) {
    const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
    if (typeof version === 'number' && version !== INDEX_FORMAT_VERSION) {
      throw new AudiioError('BAD_MODEL', `track index format ${version} is not the supported ${INDEX_FORMAT_VERSION}`, { path });
    }
    throw new AudiioError('BAD_MODEL', `track index sidecar is corrupt (${r.error.issues[0]?.message ?? 'invalid'})`, { path });
  }
  const s = r.data;
  if (s.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new AudiioError('BAD_MODEL', `track index format ${s.formatVersion} is not the supported ${INDEX_FORMAT_VERSION}`, { path });
  }
  if (s.ids.filter((id) => id !== null).length !== s.count) {
    throw new AudiioError('BAD_MODEL', `track index sidecar is corrupt (id map holds a different number of tracks than ${s.count})`, { path });
  }
  const dataPath = basePath + DATA_EXTENSION[s.kind];
  let sum: string;
  try {
    sum = sha256File(dataPath);
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', `track index data file is missing or unreadable (${(cause as Error).message})`, { path: dataPath, cause });
  }
  if (sum !== s.checksum) {
    throw new AudiioError('BAD_MODEL', 'track index data file is corrupt (checksum mismatch)', { path: dataPath });
  }
  return s;
}
