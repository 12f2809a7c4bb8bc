import { AudiioError } from '../../errors.js';
import { CONTENT_DIM, contentVectors } from '../../features/content-vector.js';
import type { InteractionMatrix, RecommenderFactory } from '../../ranking/types.js';
import { fitted } from './common.js';

interface Fitted {
  train: InteractionMatrix;
  vectors: Float32Array;
  /** Artist index of each item, −1 when unknown. */
  artistOf: Int32Array;
  /** Squared norm of each item's vector (audio part plus artist weight²). */
  norm2: Float64Array;
  /** Per-artist weight of the current user (reused). */
  artistMass: Float64Array;
}

/**
 * `content:artist=`: content-based baseline of EVALUATION.md. Each item is its 11-dim content
 * vector ({@link contentVectors}: ten features z-scored over the catalogue, key as sin/cos,
 * all 11 columns z-scored),
 * optionally followed by a one-hot of its artist scaled by `artist`; a user is the
 * (interaction-weighted) mean of their training items' vectors; score = cosine(user, item).
 * The artist one-hot is never materialised: its dot product is artist² × the user's share of
 * that artist. Items with neither features nor artist score 0. Needs item features (`--items`).
 */
export const contentFactory: RecommenderFactory = {
  name: 'content',
  params: {
    artist: { default: 0, grid: [0, 4, 16, 64, 256], doc: 'weight of the artist one-hot (0 = audio only)' },
  },
  create(params) {
    const w = Number(params.artist);
    if (!(w >= 0)) throw new AudiioError('BAD_ARGUMENT', `content: artist must be ≥ 0, got ${params.artist}`);
    let f: Fitted | null = null;
    return {
      name: 'content',
      params: { artist: w },
      fit({ train, items }) {
        if (!items.features) {
          throw new AudiioError('BAD_ARGUMENT', 'content: the catalogue has no audio features; give an items file with feature columns (--items)');
        }
        const vectors = contentVectors(items.features);
        const names = new Map<string, number>();
        const artistOf = Int32Array.from(items.artist, (a) => {
          if (a === null) return -1;
          let k = names.get(a);
          if (k === undefined) names.set(a, (k = names.size));
          return k;
        });
        const norm2 = new Float64Array(items.ids.length);
        for (let i = 0; i < norm2.length; i++) {
          let s = artistOf[i] >= 0 ? w * w : 0;
          for (let d = 0; d < CONTENT_DIM; d++) s += vectors[i * CONTENT_DIM + d] ** 2;
          norm2[i] = s;
        }
        f = { train, vectors, artistOf, norm2, artistMass: new Float64Array(names.size) };
      },
      scoreUser(u, out) {
        const { train, vectors, artistOf, norm2, artistMass } = fitted(f, 'content');
        const mean = new Float64Array(CONTENT_DIM);
        let total = 0;
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) total += train.weights[p];
        if (total === 0) {
          out.fill(0);
          return;
        }
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const i = train.indices[p];
          const x = train.weights[p] / total;
          for (let d = 0; d < CONTENT_DIM; d++) mean[d] += x * vectors[i * CONTENT_DIM + d];
          if (artistOf[i] >= 0) artistMass[artistOf[i]] += x;
        }
        let u2 = 0;
        for (let d = 0; d < CONTENT_DIM; d++) u2 += mean[d] * mean[d];
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const a = artistOf[train.indices[p]];
          if (a >= 0 && artistMass[a] !== 0) {
            u2 += w * w * artistMass[a] * artistMass[a];
            artistMass[a] = -artistMass[a]; // counted once; sign flipped back below
          }
        }
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const a = artistOf[train.indices[p]];
          if (a >= 0 && artistMass[a] < 0) artistMass[a] = -artistMass[a];
        }
        const un = Math.sqrt(u2);
        for (let j = 0; j < out.length; j++) {
          if (norm2[j] === 0 || un === 0) {
            out[j] = 0;
            continue;
          }
          let dot = 0;
          for (let d = 0; d < CONTENT_DIM; d++) dot += mean[d] * vectors[j * CONTENT_DIM + d];
          const a = artistOf[j];
          if (a >= 0) dot += w * w * artistMass[a];
          out[j] = dot / (un * Math.sqrt(norm2[j]));
        }
        for (let p = train.indptr[u]; p < train.indptr[u + 1]; p++) {
          const a = artistOf[train.indices[p]];
          if (a >= 0) artistMass[a] = 0;
        }
      },
    };
  },
};
