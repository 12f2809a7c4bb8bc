import hnswlib from 'hnswlib-node';
import type { HierarchicalNSW, SearchResult } from 'hnswlib-node';
import { mkdirSync, renameSync } from 'node:fs';
import { dirname } from 'node:path';
import { AudiioError } from '../errors.js';
import { DATA_EXTENSION, tempPath, writeSidecar, type IndexSidecar } from './sidecar.js';
import type { FindSimilarOptions, Neighbor, TrackIndex, TrackIndexMeta } from './types.js';
import { normalized, toSet } from './vector-math.js';

/** Graph parameters of an HNSW index (Malkov & Yashunin 2018, "Efficient and robust approximate nearest neighbor search using HNSW graphs"). */
export interface HnswParams {
  /** Links per node on the upper layers (2·M on the base layer). More: better recall, more memory, slower build. */
  m: number;
  /** Candidate list size while inserting. More: better graph, slower build. */
  efConstruction: number;
  /** Candidate list size while searching (raised to k when smaller). More: better recall, slower queries. */
  ef: number;
}

/**
 * Defaults chosen with `npm run bench:index` (128-d clustered unit vectors,
 * see README "Track index"): at 1M tracks ef 32 / 64 / 96 gave recall@10
 * 0.981 / 0.988 / 1.000, so 96 leaves a margin; on the harder isotropic
 * vectors (`--intrinsic 128`, 100k) ef 64 / 128 gave 0.945 / 0.986. M 16 and
 * efConstruction 200 are hnswlib's recommended middle ground for 128 dims.
 */
export const DEFAULT_HNSW_PARAMS: HnswParams = { m: 16, efConstruction: 200, ef: 96 };

/** Options of {@link HnswTrackIndex}. */
export interface HnswIndexOptions extends Partial<HnswParams> {
  /** Elements allocated up front (default 1024); capacity doubles when full. */
  initialCapacity?: number;
  /** Seed of the level generator, for reproducible graphs (default 100). */
  seed?: number;
}

/** Exclusion sets up to this size are handled by searching k + |exclude| and filtering afterwards; larger ones by a label filter inside the search. */
const POST_FILTER_MAX = 64;

/**
 * Approximate cosine search on an HNSW graph (hnswlib via `hnswlib-node`).
 * String track ids map to integer labels; removal marks the label deleted and
 * its slot is reused by the next new track; the graph doubles its capacity
 * (`resizeIndex`) when full, so it grows without a cap.
 */
export class HnswTrackIndex implements TrackIndex {
  readonly kind = 'hnsw' as const;
  readonly params: HnswParams;
  private readonly graph: HierarchicalNSW;
  /** Track id of each label; null once removed. */
  private labelIds: (string | null)[] = [];
  private labelOf = new Map<string, number>();
  /** Slots marked deleted and not reused yet. */
  private deletedSlots = 0;

  constructor(
    readonly dim: number,
    options: HnswIndexOptions = {},
    loadFrom?: string,
  ) {
    if (!Number.isInteger(dim) || dim <= 0) throw new AudiioError('BAD_ARGUMENT', `index dimension must be a positive integer, got ${dim}`);
    this.params = {
      m: options.m ?? DEFAULT_HNSW_PARAMS.m,
      efConstruction: options.efConstruction ?? DEFAULT_HNSW_PARAMS.efConstruction,
      ef: options.ef ?? DEFAULT_HNSW_PARAMS.ef,
    };
    this.graph = new hnswlib.HierarchicalNSW('cosine', dim);
    if (loadFrom) this.graph.readIndexSync(loadFrom, true);
    else {
      this.graph.initIndex({
        maxElements: Math.max(16, options.initialCapacity ?? 1024),
        m: this.params.m,
        efConstruction: this.params.efConstruction,
        randomSeed: options.seed ?? 100,
        allowReplaceDeleted: true,
      });
    }
    this.graph.setEf(this.params.ef);
  }

  /** Elements the graph holds before it must grow (live + deleted slots). */
  capacity(): number {
    return this.graph.getMaxElements();
  }

  /** Sets the search width `ef` (recall/speed trade-off) for later queries. */
  setEf(ef: number): void {
    this.params.ef = ef;
    this.graph.setEf(ef);
  }

  size(): number {
    return this.labelOf.size;
  }

  has(id: string): boolean {
    return this.labelOf.has(id);
  }

  vector(id: string): Float32Array | undefined {
    const label = this.labelOf.get(id);
    return label === undefined ? undefined : Float32Array.from(this.graph.getPoint(label));
  }

  ids(): string[] {
    return [...this.labelOf.keys()];
  }

  add(id: string, vector: ArrayLike<number>): void {
    const point = Array.from(normalized(vector, this.dim));
    const label = this.labelOf.get(id);
    if (label !== undefined) {
      this.graph.addPoint(point, label); // updates the vector and its links
      return;
    }
    if (this.deletedSlots === 0 && this.graph.getCurrentCount() >= this.graph.getMaxElements()) {
      this.graph.resizeIndex(this.graph.getMaxElements() * 2);
    }
    const newLabel = this.labelIds.length;
    this.graph.addPoint(point, newLabel, true); // takes a deleted slot when there is one
    if (this.deletedSlots > 0) this.deletedSlots--;
    this.labelIds.push(id);
    this.labelOf.set(id, newLabel);
  }

  update(id: string, vector: ArrayLike<number>): void {
    if (!this.labelOf.has(id)) throw new AudiioError('NOT_FOUND', `track ${id} is not in the index`);
    this.add(id, vector);
  }

  remove(id: string): boolean {
    const label = this.labelOf.get(id);
    if (label === undefined) return false;
    this.graph.markDelete(label);
    this.labelOf.delete(id);
    this.labelIds[label] = null;
    this.deletedSlots++;
    return true;
  }

  findSimilar(vector: ArrayLike<number>, k: number, options: FindSimilarOptions = {}): Neighbor[] {
    const q = Array.from(normalized(vector, this.dim));
    const exclude = toSet(options.exclude);
    const excluded = new Set<number>();
    for (const id of exclude) {
      const label = this.labelOf.get(id);
      if (label !== undefined) excluded.add(label);
    }
    const want = Math.max(0, Math.min(Math.floor(k), this.size() - excluded.size));
    if (want === 0) return [];
    const maxK = this.graph.getMaxElements();
    let result: SearchResult;
    if (excluded.size === 0) result = this.graph.searchKnn(q, want);
    else if (excluded.size <= POST_FILTER_MAX) result = this.graph.searchKnn(q, Math.min(want + excluded.size, maxK));
    else {
      result = this.graph.searchKnn(q, want, (label) => !excluded.has(label));
      // A filtered search can come back short on a badly connected graph: widen without the filter.
      for (let wider = want; this.count(result, excluded) < want && wider + excluded.size < maxK; ) {
        wider *= 4;
        result = this.graph.searchKnn(q, Math.min(wider + excluded.size, maxK));
      }
    }
    const out: Neighbor[] = [];
    for (let i = 0; i < result.neighbors.length && out.length < want; i++) {
      const label = result.neighbors[i];
      if (excluded.has(label)) continue;
      const id = this.labelIds[label];
      if (id == null) continue;
      out.push({ id, similarity: Math.min(1, Math.max(-1, 1 - result.distances[i])) });
    }
    return out;
  }

  private count(result: SearchResult, excluded: Set<number>): number {
    let n = 0;
    for (const label of result.neighbors) if (!excluded.has(label)) n++;
    return n;
  }

  save(basePath: string, meta: TrackIndexMeta): void {
    const path = basePath + DATA_EXTENSION.hnsw;
    mkdirSync(dirname(path), { recursive: true });
    this.graph.writeIndexSync(tempPath(path));
    renameSync(tempPath(path), path);
    writeSidecar(basePath, { kind: 'hnsw', dim: this.dim, count: this.size(), ids: this.labelIds, params: { ...this.params } }, meta);
  }

  /** Rebuilds an index from a checked sidecar and its `.hnsw` file (see `loadTrackIndex`). */
  static fromSaved(basePath: string, s: IndexSidecar): HnswTrackIndex {
    const path = basePath + DATA_EXTENSION.hnsw;
    let index: HnswTrackIndex;
    try {
      index = new HnswTrackIndex(s.dim, s.params ?? {}, path);
    } catch (cause) {
      throw new AudiioError('BAD_MODEL', `cannot read the HNSW index (${(cause as Error).message})`, { path, cause });
    }
    const g = index.graph;
    if (g.getNumDimensions() !== s.dim || g.getCurrentCount() < s.count || g.getCurrentCount() > s.ids.length) {
      throw new AudiioError('BAD_MODEL', `HNSW index holds ${g.getCurrentCount()} elements of ${g.getNumDimensions()} dims, its sidecar says ${s.count} of ${s.dim}`, { path });
    }
    index.labelIds = s.ids.slice();
    s.ids.forEach((id, label) => {
      if (id !== null) index.labelOf.set(id, label);
    });
    index.deletedSlots = g.getCurrentCount() - s.count;
    return index;
  }
}
