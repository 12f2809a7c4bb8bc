import * as tf from '@tensorflow/tfjs';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AudiioError } from '../errors.js';
import { FEATURE_NAMES, type AudioFeatures } from '../features/types.js';
import { useBackend } from './backend.js';
import { fileModelHandler, MODEL_JSON } from './io.js';
import { LAYER } from './layers.js';
import { checkNormalization, INPUT_DIM, normalizeFeatures, type FeatureNormalization } from './normalize.js';

/** Version of the model file layout this code reads and writes. */
export const MODEL_FORMAT = 1;
/** File holding the artist and album vocabularies beside model.json. */
export const VOCAB_JSON = 'vocab.json';

/** What is stored with a model besides its weights (in model.json's `userDefinedMetadata.audiio`). */
export interface EmbeddingModelMeta {
  format: number;
  /** Model version: identifies the vectors it produces (stored with each vector). */
  version: string;
  /** Output dimension. */
  dim: number;
  normalization: FeatureNormalization;
  /** SHA-256 (hex) of the training data: items, their attributes and the interactions. */
  fingerprint: string;
  artists: boolean;
  albums: boolean;
  /**
   * Training options and summary: epochs run, the best epoch and what chose it (`valNdcg20`, the
   * validation NDCG@20, or `bestTrainLoss` when nothing was held out), seconds, backend.
   */
  training: Record<string, number | string | boolean>;
}

/** One track to embed: raw audio features plus the attributes the tower may use. */
export interface EmbedInput {
  features: AudioFeatures;
  artist?: string | null;
  /** Album identity: an album id, or "artist / album title" when there is no id. */
  album?: string | null;
}

/** Canonical vocabulary key of an artist or album name (trimmed, lower case); null when empty. */
export function vocabKey(s: string | null | undefined): string | null {
  const k = s?.trim().toLowerCase();
  return k ? k : null;
}

/** Index of each vocabulary entry: entry i has row i + 1 (row 0 is "unknown"). */
function indexVocab(vocab: string[]): Map<string, number> {
  return new Map(vocab.map((v, i) => [v, i + 1]));
}

/**
 * The trained item tower: maps a track's audio features (and artist / album,
 * when the model learned them) to an L2-normalised vector, so that tracks the
 * same people like are close in cosine similarity. Unknown artists and albums
 * use the reserved row 0, trained with dropout so that audio alone still ranks.
 */
export class EmbeddingModel {
  readonly meta: EmbeddingModelMeta;
  readonly artistVocab: string[];
  readonly albumVocab: string[];
  private readonly model: tf.LayersModel;
  /** The audio MLP part of {@link model} (features → audio_out). */
  private readonly audioModel: tf.LayersModel;
  /** Copies of the artist / album tables, gathered in JS (tfjs's WASM gather is slow). */
  private readonly artistTable: Float32Array;
  private readonly albumTable: Float32Array;
  private readonly artistIndex: Map<string, number>;
  private readonly albumIndex: Map<string, number>;

  constructor(model: tf.LayersModel, meta: EmbeddingModelMeta, vocab: { artists: string[]; albums: string[] }) {
    this.model = model;
    this.meta = meta;
    this.artistVocab = vocab.artists;
    this.albumVocab = vocab.albums;
    this.artistIndex = indexVocab(vocab.artists);
    this.albumIndex = indexVocab(vocab.albums);
    this.audioModel = tf.model({ inputs: model.inputs[0], outputs: model.getLayer(LAYER.out).output });
    const table = (name: 'artist' | 'album', enabled: boolean) =>
      enabled ? (model.getLayer(LAYER[name]).getWeights()[0].dataSync() as Float32Array).slice() : new Float32Array(0);
    this.artistTable = table('artist', meta.artists);
    this.albumTable = table('album', meta.albums);
  }

  /** The model version (e.g. `emb1-3f2a…`). */
  get version(): string {
    return this.meta.version;
  }

  /** Output dimension. */
  get dim(): number {
    return this.meta.dim;
  }

  /** The underlying tfjs layers model (owned by this object). */
  get layersModel(): tf.LayersModel {
    return this.model;
  }

  /** Row of an artist in the artist table (0 = unknown). */
  artistRow(artist: string | null | undefined): number {
    const k = vocabKey(artist);
    return (k && this.artistIndex.get(k)) || 0;
  }

  /** Row of an album in the album table (0 = unknown). */
  albumRow(album: string | null | undefined): number {
    const k = vocabKey(album);
    return (k && this.albumIndex.get(k)) || 0;
  }

  /**
   * Embeds item-major raw features (`features[i * 10 + j]` = FEATURE_NAMES[j])
   * with table rows per item, `batchSize` items per forward pass.
   *
   * @returns item-major vectors, `dim` floats per item, each of unit length
   */
  embedArrays(features: Float32Array, artistRows?: Int32Array, albumRows?: Int32Array, batchSize = 1024): Float32Array {
    const n = features.length / FEATURE_NAMES.length;
    const out = new Float32Array(n * this.dim);
    const inputs = normalizeFeatures(this.meta.normalization, features);
    const dim = this.dim;
    for (let start = 0; start < n; start += batchSize) {
      const end = Math.min(n, start + batchSize);
      // MLP(features) in tfjs, then + table rows and L2 normalisation in JS: the same math as the
      // layers model's Embedding/Add/L2Normalize layers, without tfjs's slow WASM gather.
      const audio = tf.tidy(() =>
        this.audioModel.predict(tf.tensor2d(inputs.subarray(start * INPUT_DIM, end * INPUT_DIM), [end - start, INPUT_DIM]), {
          batchSize: end - start,
        }),
      ) as tf.Tensor;
      out.set(audio.dataSync(), start * dim);
      audio.dispose();
      for (let i = start; i < end; i++) {
        const o = i * dim;
        const a = this.meta.artists && artistRows ? artistRows[i] * dim : -1;
        const b = this.meta.albums && albumRows ? albumRows[i] * dim : -1;
        let norm = 0;
        for (let d = 0; d < dim; d++) {
          let v = out[o + d];
          if (this.meta.artists) v += this.artistTable[(a < 0 ? 0 : a) + d];
          if (this.meta.albums) v += this.albumTable[(b < 0 ? 0 : b) + d];
          out[o + d] = v;
          norm += v * v;
        }
        const scale = 1 / Math.sqrt(norm + 1e-12);
        for (let d = 0; d < dim; d++) out[o + d] *= scale;
      }
    }
    return out;
  }

  /** Embeds tracks in batches of `batchSize` (default 1024); one unit-length vector per track. */
  embedBatch(tracks: EmbedInput[], batchSize = 1024): Float32Array[] {
    const nF = FEATURE_NAMES.length;
    const features = new Float32Array(tracks.length * nF);
    const artists = new Int32Array(tracks.length);
    const albums = new Int32Array(tracks.length);
    tracks.forEach((t, i) => {
      FEATURE_NAMES.forEach((name, j) => (features[i * nF + j] = t.features[name]));
      artists[i] = this.artistRow(t.artist);
      albums[i] = this.albumRow(t.album);
    });
    const flat = this.embedArrays(features, artists, albums, batchSize);
    return tracks.map((_, i) => flat.slice(i * this.dim, (i + 1) * this.dim));
  }

  /** Embeds one track. */
  embed(track: EmbedInput): Float32Array {
    return this.embedBatch([track])[0];
  }

  /** Saves the model to `dir` (model.json, weights.bin, vocab.json), creating it when needed. */
  async save(dir: string): Promise<void> {
    this.model.setUserDefinedMetadata({ audiio: this.meta });
    await this.model.save(fileModelHandler(dir));
    writeFileSync(join(dir, VOCAB_JSON), JSON.stringify({ artists: this.artistVocab, albums: this.albumVocab }));
  }

  /**
   * Loads a model saved by {@link EmbeddingModel.save} (selects the WASM backend,
   * or CPU when WASM cannot start).
   *
   * @throws AudiioError `NOT_FOUND` when `dir` holds no model.json; `BAD_MODEL`
   *   when a file is corrupt, or the model is from an incompatible format version
   */
  static async load(dir: string): Promise<EmbeddingModel> {
    await useBackend();
    const path = join(dir, MODEL_JSON);
    let model: tf.LayersModel;
    try {
      model = await tf.loadLayersModel(fileModelHandler(dir));
    } catch (cause) {
      if (cause instanceof AudiioError) throw cause;
      throw new AudiioError('BAD_MODEL', `cannot rebuild the model (${(cause as Error).message}); retrain it`, { path, cause });
    }
    try {
      const meta = (model.getUserDefinedMetadata() as { audiio?: EmbeddingModelMeta } | undefined)?.audiio;
      if (!meta || typeof meta !== 'object') throw new AudiioError('BAD_MODEL', 'not an audiio-ml embedding model (no metadata)', { path });
      if (meta.format !== MODEL_FORMAT) {
        throw new AudiioError('BAD_MODEL', `model format ${String(meta.format)} is not the supported format ${MODEL_FORMAT}; retrain the model`, { path });
      }
      checkNormalization(meta.normalization, path);
      const outShape = model.outputs[0].shape;
      const inputNames = model.inputs.map((i) => i.name);
      const expected = ['features', ...(meta.artists ? ['artist'] : []), ...(meta.albums ? ['album'] : [])];
      if (
        typeof meta.version !== 'string' ||
        outShape[outShape.length - 1] !== meta.dim ||
        model.inputs[0].shape[1] !== INPUT_DIM ||
        inputNames.length !== expected.length ||
        !expected.every((n, i) => inputNames[i].startsWith(n))
      ) {
        throw new AudiioError('BAD_MODEL', 'the model topology does not match its metadata; retrain the model', { path });
      }
      const vocab = readVocab(dir, meta, model);
      return new EmbeddingModel(model, meta, vocab);
    } catch (err) {
      model.dispose();
      throw err;
    }
  }

  /** Frees the model's tensors. */
  dispose(): void {
    // audioModel shares the layers (and weights) of model: disposing model frees them all.
    this.model.dispose();
  }
}

function readVocab(dir: string, meta: EmbeddingModelMeta, model: tf.LayersModel): { artists: string[]; albums: string[] } {
  const path = join(dir, VOCAB_JSON);
  if (!meta.artists && !meta.albums && !existsSync(path)) return { artists: [], albums: [] };
  let vocab: { artists?: unknown; albums?: unknown };
  try {
    vocab = JSON.parse(readFileSync(path, 'utf8')) as typeof vocab;
  } catch (cause) {
    throw new AudiioError('BAD_MODEL', `the model's vocabulary file is missing or corrupt (${(cause as Error).message}); retrain the model`, {
      path,
      cause,
    });
  }
  const list = (v: unknown, name: 'artist' | 'album', enabled: boolean): string[] => {
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string')) {
      throw new AudiioError('BAD_MODEL', `the ${name} vocabulary is not a list of strings; retrain the model`, { path });
    }
    const rows = enabled ? (model.getLayer(LAYER[name]).getWeights()[0].shape[0] ?? 0) : v.length + 1;
    if (rows !== v.length + 1) {
      throw new AudiioError('BAD_MODEL', `the ${name} vocabulary has ${v.length} entries but the table ${rows - 1} rows; retrain the model`, { path });
    }
    return v;
  };
  return { artists: list(vocab.artists, 'artist', meta.artists), albums: list(vocab.albums, 'album', meta.albums) };
}
