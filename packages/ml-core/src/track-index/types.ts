/** A track found by {@link TrackIndex.findSimilar}. */
export interface Neighbor {
  /** The track id. */
  id: string;
  /** Cosine similarity to the query, in [-1, 1] (1 = same direction). */
  similarity: number;
}

/** Options of {@link TrackIndex.findSimilar}. */
export interface FindSimilarOptions {
  /**
   * Track ids never to return (already played, disliked, the seed track itself).
   * The search widens so that k results still come back whenever the index holds
   * k tracks outside this set.
   */
  exclude?: ReadonlySet<string> | readonly string[];
}

/** Which implementation backs a {@link TrackIndex}. */
export type TrackIndexKind = 'exact' | 'hnsw';

/**
 * A nearest-neighbour index over track vectors under cosine similarity. Vectors
 * are L2-normalised on the way in, so any non-zero vector of the index's `dim`
 * is accepted. The index grows without a cap.
 */
export interface TrackIndex {
  /** `exact` (brute-force scan) or `hnsw` (approximate graph search). */
  readonly kind: TrackIndexKind;
  /** Vector dimension. */
  readonly dim: number;
  /** Number of live (not removed) tracks. */
  size(): number;
  /** True when the track is in the index. */
  has(id: string): boolean;
  /** Adds a track, or replaces its vector when it is already there. */
  add(id: string, vector: ArrayLike<number>): void;
  /** Replaces the vector of a track that is in the index. @throws AudiioError `NOT_FOUND` otherwise. */
  update(id: string, vector: ArrayLike<number>): void;
  /** Removes a track; returns false when it was not there. */
  remove(id: string): boolean;
  /**
   * The `k` tracks most similar to `vector`, best first, skipping `options.exclude`.
   * Returns fewer than k only when fewer than k tracks are outside the exclusion.
   */
  findSimilar(vector: ArrayLike<number>, k: number, options?: FindSimilarOptions): Neighbor[];
  /** The stored (unit-norm) vector of a track, or undefined when it is not in the index. */
  vector(id: string): Float32Array | undefined;
  /** Every live track id (no particular order). */
  ids(): string[];
  /**
   * Writes the index as `<basePath>.<kind data extension>` plus the sidecar
   * `<basePath>.json` (format version, model version, dim, count, id map,
   * SHA-256 checksum), each atomically (temp file + rename). Read it back with
   * `loadTrackIndex`.
   */
  save(basePath: string, meta: TrackIndexMeta): void;
}

/** What a saved index was built from, checked on load to detect a stale file. */
export interface TrackIndexMeta {
  /** Version of the embedding model whose vectors the index holds. */
  modelVersion: string;
  /** Number of stored embeddings of that version when the index was built. */
  embeddingsCount?: number;
  /** Newest `created_at` (ms) of those embeddings when the index was built. */
  embeddingsUpdatedAt?: number;
}
