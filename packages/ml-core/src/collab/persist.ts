/**
 * The on-disk form of a trained collaborative model, after the track index's sidecar
 * (`track-index/sidecar.ts`): `collab.bin` holds the model's typed arrays back to back (8-byte
 * aligned, little-endian), `collab.json` the metadata validated with zod: format and version, the
 * method and parameters, sizes, the item ids, where each array lies in the payload and the
 * payload's SHA-256. Both are written to a temporary sibling and renamed, the payload first, so
 * a crash never leaves a metadata file that points at a half-written payload.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AudiioError } from '../errors.js';

/** Version of the layout of `collab.json` / `collab.bin`; bump when either changes shape. */
export const COLLAB_FORMAT_VERSION = 1;
/** Metadata file name inside a model directory. */
export const COLLAB_META_FILE = 'collab.json';
/** Payload file name inside a model directory. */
export const COLLAB_DATA_FILE = 'collab.bin';

/** The typed arrays a model stores. */
export type StoredArray = Float32Array | Float64Array | Int32Array;

const DTYPES = { f32: Float32Array, f64: Float64Array, i32: Int32Array } as const;
type DType = keyof typeof DTYPES;
const dtypeOf = (a: StoredArray): DType => (a instanceof Float32Array ? 'f32' : a instanceof Float64Array ? 'f64' : 'i32');

const param = z.union([z.number(), z.string(), z.boolean()]);
const metaSchema = z.object({
  format: z.literal('audiio-ml-collab'),
  formatVersion: z.number().int(),
  method: z.string().min(1),
  params: z.record(z.string(), param),
  nUsers: z.number().int().nonnegative(),
  nItems: z.number().int().nonnegative(),
  pairs: z.number().int().nonnegative(),
  /** Scalars a method needs besides its arrays (e.g. λ of the EASE user form). */
  scalars: z.record(z.string(), z.number()),
  /** Id of each item index, when the model was trained with ids. */
  itemIds: z.array(z.string()).nullable(),
  arrays: z.array(
    z.object({ name: z.string().min(1), dtype: z.enum(['f32', 'f64', 'i32']), offset: z.number().int().nonnegative(), length: z.number().int().nonnegative() }),
  ),
  bytes: z.number().int().nonnegative(),
  /** `sha256:<hex>` of collab.bin. */
  checksum: z.string().regex(/^sha256:[0-9a-f]{64}$/),
  savedAt: z.string(),
});

/** The validated `collab.json`. */
export type CollabMeta = z.infer<typeof metaSchema>;
/** What a model gives {@link writeCollabFiles} besides its arrays. */
export type CollabHeader = Pick<CollabMeta, 'method' | 'params' | 'nUsers' | 'nItems' | 'pairs' | 'scalars' | 'itemIds'>;

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function sha256(buf: Uint8Array): string {
  return `sha256:${createHash('sha256').update(buf).digest('hex')}`;
}

function writeAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** Writes `collab.bin` (the arrays, in the given order) and then `collab.json` into `dir` (created if needed). */
export function writeCollabFiles(dir: string, header: CollabHeader, arrays: Record<string, StoredArray>): void {
  if (!LITTLE_ENDIAN) throw new AudiioError('INTERNAL', 'collaborative models are stored little-endian; this machine is big-endian');
  const entries: CollabMeta['arrays'] = [];
  let bytes = 0;
  for (const [name, a] of Object.entries(arrays)) {
    entries.push({ name, dtype: dtypeOf(a), offset: bytes, length: a.length });
    bytes += Math.ceil(a.byteLength / 8) * 8;
  }
  const payload = new Uint8Array(bytes);
  for (const e of entries) {
    const a = arrays[e.name];
    payload.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), e.offset);
  }
  const meta: CollabMeta = {
    format: 'audiio-ml-collab',
    formatVersion: COLLAB_FORMAT_VERSION,
    ...header,
    arrays: entries,
    bytes,
    checksum: sha256(payload),
    savedAt: new Date().toISOString(),
  };
  mkdirSync(dir, { recursive: true });
  writeAtomic(join(dir, COLLAB_DATA_FILE), payload);
  writeAtomic(join(dir, COLLAB_META_FILE), JSON.stringify(meta));
}

/**
 * Reads and checks a saved model: the metadata against its schema and format version, the payload
 * against its size and checksum, each array against the payload's bounds.
 *
 * @throws AudiioError `NOT_FOUND` when `dir` holds no collab.json; `BAD_MODEL` (with the reason and
 * what to do) when a file is unreadable, corrupt or of another format version.
 */
export function readCollabFiles(dir: string): { meta: CollabMeta; arrays: Map<string, StoredArray> } {
  const path = join(dir, COLLAB_META_FILE);
  const retrain = 'train the collaborative model again';
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') throw new AudiioError('NOT_FOUND', 'no saved collaborative model', { path });
    throw new AudiioError('BAD_MODEL', `cannot read the collaborative model's metadata (${(cause as Error).message})`, { path, cause });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', `collaborative model metadata is corrupt (not JSON); ${retrain}`, { path, cause });
  }
  const version = (parsed as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== COLLAB_FORMAT_VERSION) {
    throw new AudiioError('BAD_MODEL', `collaborative model format ${version} is not the supported ${COLLAB_FORMAT_VERSION}; ${retrain}`, { path });
  }
  const r = metaSchema.safeParse(parsed);
  if (!r.success) {
    const issue = r.error.issues[0];
    throw new AudiioError('BAD_MODEL', `collaborative model metadata is corrupt (${issue ? `${issue.path.join('.')}: ${issue.message}` : 'invalid'}); ${retrain}`, { path });
  }
  const meta = r.data;
  if (!LITTLE_ENDIAN) throw new AudiioError('BAD_MODEL', 'collaborative models are stored little-endian; this machine is big-endian', { path });
  const dataPath = join(dir, COLLAB_DATA_FILE);
  let payload: Buffer;
  try {
    payload = readFileSync(dataPath);
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', `collaborative model payload is missing or unreadable (${(cause as Error).message}); ${retrain}`, { path: dataPath, cause });
  }
  if (payload.length !== meta.bytes) {
    throw new AudiioError('BAD_MODEL', `collaborative model payload is ${payload.length} bytes, its metadata says ${meta.bytes} (truncated or replaced); ${retrain}`, { path: dataPath });
  }
  if (sha256(payload) !== meta.checksum) throw new AudiioError('BAD_MODEL', `collaborative model payload is corrupt (checksum mismatch); ${retrain}`, { path: dataPath });
  const arrays = new Map<string, StoredArray>();
  for (const e of meta.arrays) {
    const Ctor = DTYPES[e.dtype];
    const end = e.offset + e.length * Ctor.BYTES_PER_ELEMENT;
    if (e.offset % 8 !== 0 || end > payload.length) throw new AudiioError('BAD_MODEL', `collaborative model array ${e.name} lies outside the payload; ${retrain}`, { path });
    // Copy into an aligned buffer of its own (the Buffer's offset in its pool may not be aligned).
    const a = new Ctor(e.length);
    new Uint8Array(a.buffer).set(payload.subarray(e.offset, end));
    arrays.set(e.name, a);
  }
  return { meta, arrays };
}
