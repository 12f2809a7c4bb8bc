import type { LibraryDb } from './db.js';
import { getMeta, setMeta } from './meta.js';

/** Meta key holding the version of the embedding model whose vectors are current. */
const CURRENT_MODEL_KEY = 'embedding.currentModel';

/** Stores track vectors (float32) for a model version, replacing older rows of that version, in one transaction. */
export function saveEmbeddings(db: LibraryDb, modelVersion: string, rows: { trackId: string; vector: Float32Array }[]): void {
  const stmt = db.prepare(
    `INSERT OR REPLACE INTO embeddings (track_id, model_version, dim, vector, created_at) VALUES (?, ?, ?, ?, ?)`,
  );
  const now = Date.now();
  db.transaction(() => {
    for (const r of rows) {
      stmt.run(r.trackId, modelVersion, r.vector.length, Buffer.from(r.vector.buffer, r.vector.byteOffset, r.vector.byteLength), now);
    }
  })();
}

/** Every stored vector of a model version, ordered by track id. */
export function loadEmbeddings(db: LibraryDb, modelVersion: string): { trackId: string; vector: Float32Array }[] {
  const rows = db
    .prepare(`SELECT track_id AS trackId, vector FROM embeddings WHERE model_version = ? ORDER BY track_id`)
    .all(modelVersion) as { trackId: string; vector: Buffer }[];
  return rows.map((r) => ({
    trackId: r.trackId,
    vector: new Float32Array(r.vector.buffer.slice(r.vector.byteOffset, r.vector.byteOffset + r.vector.byteLength)),
  }));
}

/** Ids of tracks that have features but no vector for this model version (what still needs embedding). */
export function tracksMissingEmbeddings(db: LibraryDb, modelVersion: string): string[] {
  return (
    db
      .prepare(
        `SELECT f.track_id AS id FROM features f
         LEFT JOIN embeddings e ON e.track_id = f.track_id AND e.model_version = ?
         WHERE e.track_id IS NULL ORDER BY f.track_id`,
      )
      .all(modelVersion) as { id: string }[]
  ).map((r) => r.id);
}

/** The model version whose vectors the engine uses, or undefined before any model was trained. */
export function getCurrentModelVersion(db: LibraryDb): string | undefined {
  return getMeta(db, CURRENT_MODEL_KEY);
}

/** Marks a model version as the current one. */
export function setCurrentModelVersion(db: LibraryDb, modelVersion: string): void {
  setMeta(db, CURRENT_MODEL_KEY, modelVersion);
}

/** Count and newest `created_at` (ms) of the stored embeddings of a model version, and their dim (null when none). */
export function embeddingsStamp(db: LibraryDb, modelVersion: string): { count: number; updatedAt: number; dim: number | null } {
  const r = db
    .prepare(`SELECT COUNT(*) AS count, MAX(created_at) AS updatedAt, MAX(dim) AS dim FROM embeddings WHERE model_version = ?`)
    .get(modelVersion) as { count: number; updatedAt: number | null; dim: number | null };
  return { count: r.count, updatedAt: r.updatedAt ?? 0, dim: r.dim };
}
