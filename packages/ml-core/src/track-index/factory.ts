import { ExactTrackIndex } from './exact.js';
import { HnswTrackIndex, type HnswParams } from './hnsw.js';
import type { TrackIndex, TrackIndexKind } from './types.js';

/**
 * Below this many tracks exact search is chosen by {@link createTrackIndex}:
 * it answers as fast as HNSW there, is exact and builds instantly. Measured
 * with `npm run bench:index -- --crossover` (128-d clustered unit vectors, mean
 * latency of 500 single queries; HNSW at the smallest ef with recall@10 ≥ 0.98):
 * at 250 and 500 tracks both took the same time (≈0.05 and 0.12 ms), from 1,000
 * tracks on HNSW was faster (0.07 vs 0.29 ms; 0.08 vs 4.3 ms at 10k).
 */
export const EXACT_CROSSOVER_SIZE = 1_000;

/** Options of {@link createTrackIndex}. */
export interface CreateTrackIndexOptions {
  /** Vector dimension. */
  dim: number;
  /** Number of tracks expected; decides the implementation (default 0). */
  expectedSize?: number;
  /** Force an implementation instead of choosing by size (default `auto`). */
  kind?: TrackIndexKind | 'auto';
  /** HNSW graph parameters (defaults: `DEFAULT_HNSW_PARAMS`). */
  hnsw?: Partial<HnswParams>;
}

/** The implementation {@link createTrackIndex} picks for `size` tracks. */
export function chooseIndexKind(size: number, crossover = EXACT_CROSSOVER_SIZE): TrackIndexKind {
  return size < crossover ? 'exact' : 'hnsw';
}

/**
 * An empty track index: exact search below {@link EXACT_CROSSOVER_SIZE}
 * expected tracks, HNSW from there on, with room for `expectedSize` tracks
 * (both grow past it).
 */
export function createTrackIndex(options: CreateTrackIndexOptions): TrackIndex {
  const size = Math.max(0, options.expectedSize ?? 0);
  const kind = !options.kind || options.kind === 'auto' ? chooseIndexKind(size) : options.kind;
  const initialCapacity = Math.max(1024, size);
  return kind === 'exact'
    ? new ExactTrackIndex(options.dim, { initialCapacity })
    : new HnswTrackIndex(options.dim, { ...options.hnsw, initialCapacity });
}
