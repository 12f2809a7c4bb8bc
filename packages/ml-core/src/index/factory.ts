import { ExactTrackIndex } from './exact.js';
import { HnswTrackIndex, type HnswParams } from './hnsw.js';
import type { TrackIndex, TrackIndexKind } from './types.js';

/**
 * Below this many tracks exact search answers a query faster than HNSW at
 * recall@10 ≥ 0.98, so {@link createTrackIndex} picks exact search (which is
 * also exact and builds instantly). Measured with `npm run bench:index --
 * --crossover` on 128-d vectors: the smallest size where HNSW (default params)
 * had the lower mean query latency (see README, "Track index").
 */
export const EXACT_CROSSOVER_SIZE = 10_000;

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
