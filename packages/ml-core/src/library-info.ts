/**
 * What `audiio-ml info` shows: where the library is, what it holds, which model is current, and
 * which compute backends run (the FFT and tfjs fall back, visibly, when WebAssembly cannot start).
 */
import { fftBackend } from './audio/fft.js';
import { embeddingBackend } from './embedding/backend.js';
import { modelDirOf } from './embedding/library.js';
import { libraryCounts, type LibraryCounts } from './store/catalogue.js';
import { SCHEMA_VERSION, type LibraryDb } from './store/db.js';
import { getCurrentModelVersion } from './store/embeddings.js';

/** The state of a library, for `audiio-ml info`. */
export interface LibraryInfo extends LibraryCounts {
  db: string;
  schemaVersion: number;
  /** Version of the current embedding model; null before any model is trained. */
  modelVersion: string | null;
  /** Its directory; null before any model is trained. */
  modelDir: string | null;
  /** `pffft` (WebAssembly SIMD) or `fft.js` (fallback, with the reason). */
  fft: { backend: 'pffft' | 'fft.js'; reason?: string };
  /** `wasm` or `cpu` (fallback, with the reason). */
  tfjs: { backend: 'wasm' | 'cpu'; reason?: string };
}

/** Counts, current model and compute backends of the library at `dbPath`, open as `db`. */
export async function libraryInfo(db: LibraryDb, dbPath: string): Promise<LibraryInfo> {
  return {
    db: dbPath,
    schemaVersion: SCHEMA_VERSION,
    ...libraryCounts(db),
    modelVersion: getCurrentModelVersion(db) ?? null,
    modelDir: modelDirOf(db, dbPath) ?? null,
    fft: fftBackend(),
    tfjs: await embeddingBackend(),
  };
}
