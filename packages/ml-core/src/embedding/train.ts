import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { AudiioError } from '../errors.js';
import type { FitInput } from '../ranking/types.js';
import { useBackend, type EmbeddingBackend } from './backend.js';
import { buildTower, l2Normalize, LAYER, matMulFastGrad } from './layers.js';
import { EmbeddingModel, MODEL_FORMAT, vocabKey, type EmbeddingModelMeta } from './model.js';
import { fitNormalization, INPUT_DIM, normalizeFeatures, type InputTransform } from './normalize.js';
import { drawAnchorSets, likedSets, samplePairs } from './pairs.js';
import { seededRandom } from '../random.js';
import { SparseAdam } from './sparse-adam.js';
import { splitValidation, validationNdcg } from './validate.js';

/** Options of {@link trainEmbeddingModel}; every field has a default. */
export interface TrainOptions {
  /** Learn an artist table (unknown artists use row 0). Default false. */
  artists: boolean;
  /** Learn an album table (unknown albums use row 0). Default false. */
  albums: boolean;
  /** `infonce`: softmax over in-batch negatives (Oord et al. 2018, as in SimCLR/CLIP, symmetric); `margin`: hinge on cosine with random negatives (the seed's contrastive idea). Default `infonce`. */
  loss: 'infonce' | 'margin';
  /**
   * Anchor size: 1 = the seed's pairs (anchor = one other track the user likes); K > 1 =
   * set-to-item (anchor = L2-normalised mean of the vectors of k other tracks of the user,
   * k drawn uniformly in 1…K per step), which trains the quantity the recommender scores:
   * cosine(taste vector = normalised mean of liked-track vectors, track). Default 1.
   */
  setSize: number;
  /** Drop in-batch negatives that the anchor's user likes (false negatives; InfoNCE only). Default false. */
  maskLiked: boolean;
  /** Input transform of the non-key features before z-scoring (see normalize.ts). Default `zscore`. */
  inputTransform: InputTransform;
  /**
   * Decay of an exponential moving average of the MLP weights, updated after every
   * step (Polyak–Ruppert averaging as in Polyak & Juditsky 1992; decay warmed up as
   * min(ema, (1 + t) / (10 + t)) after t steps, as TensorFlow's); when > 0 the
   * averaged weights are validated and kept instead of the last step's. 0 = off. Default 0.
   */
  ema: number;
  /** Maximum epochs (early stopping may end sooner). Default 5. */
  epochs: number;
  /** Epochs without a better validation NDCG@20 before stopping. Default 2. */
  patience: number;
  /** Pairs per step. Default 512. */
  batchSize: number;
  /** Output dimension. Default 128 (seed). */
  dim: number;
  /** Hidden sizes of the audio MLP. Default [64, 128] (seed). */
  hidden: number[];
  /** Adam learning rate of the MLP. Default 0.001. */
  learningRate: number;
  /** Lazy-Adam learning rate of the artist/album tables. Default 0.05. */
  tableLearningRate: number;
  /** InfoNCE temperature. Default 0.1. */
  temperature: number;
  /** Margin of the hinge loss (cosine units). Default 0.5. */
  margin: number;
  /** Random negatives per pair for the margin loss. Default 4. */
  negatives: number;
  /** Probability that a training item's artist is replaced by the unknown row. Default 0.3. */
  artistDropout: number;
  /** Probability that a training item's album is replaced by the unknown row. Default 0.3. */
  albumDropout: number;
  /** Cap on positive pairs per user per epoch (resampled each epoch). Default 500. */
  maxPairsPerUser: number;
  /** Fraction of each user's items (users with ≥ 5) held out for early stopping. Default 0.1. */
  validationFraction: number;
  /** Seed of every random choice (initial weights, pairs, dropout, validation split). Default: the input's seed. */
  seed: number;
  /** tfjs backend; default `wasm` (falls back to `cpu`). */
  backend: EmbeddingBackend;
  /** Called after every step and every validation. */
  onProgress?: (p: TrainProgress) => void;
}

/** Progress of training, for progress bars. */
export interface TrainProgress {
  epoch: number;
  maxEpochs: number;
  step: number;
  stepsPerEpoch: number;
  /** Mean loss over the epoch so far. */
  loss: number;
  /** Validation NDCG@20 of the last finished epoch, when validated. */
  valNdcg?: number;
  bestValNdcg?: number;
}

/** Defaults of {@link TrainOptions} (seed excluded); the audio-only model replaces some with {@link AUDIO_ONLY_TRAIN_DEFAULTS}. */
export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'seed' | 'onProgress'> = {
  artists: false,
  albums: false,
  loss: 'infonce',
  setSize: 1,
  maskLiked: false,
  inputTransform: 'zscore',
  ema: 0,
  epochs: 5,
  patience: 2,
  batchSize: 512,
  dim: 128,
  hidden: [64, 128],
  learningRate: 0.001,
  tableLearningRate: 0.05,
  temperature: 0.1,
  margin: 0.5,
  negatives: 4,
  artistDropout: 0.3,
  albumDropout: 0.3,
  maxPairsPerUser: 500,
  validationFraction: 0.1,
  backend: 'wasm',
};

/**
 * What the audio-only model (no artist or album table) uses instead of
 * {@link DEFAULT_TRAIN_OPTIONS}, chosen on the Spotify validation splits (mean over
 * training seeds): the set-to-item objective (K = 16) with liked in-batch negatives
 * masked, on rank-Gauss inputs. (Rank-Gauss suits the skewed, unimodal Spotify
 * features; it closes the gap between well-separated clusters of a bimodal
 * feature, so data like that may prefer `inputTransform: 'zscore'`.) Options given
 * to {@link trainEmbeddingModel} still override these.
 */
export const AUDIO_ONLY_TRAIN_DEFAULTS: Partial<Omit<TrainOptions, 'seed' | 'onProgress'>> = { setSize: 16, maskLiked: true, inputTransform: 'quantile' };

/** The defaults that apply to a model with or without artist / album tables. */
export function trainDefaults(artists: boolean, albums: boolean): Omit<TrainOptions, 'seed' | 'onProgress'> {
  return artists || albums ? { ...DEFAULT_TRAIN_OPTIONS } : { ...DEFAULT_TRAIN_OPTIONS, ...AUDIO_ONLY_TRAIN_DEFAULTS };
}

/** SHA-256 (hex) of the training data: item ids, attributes, features, users and interactions. */
export function trainingFingerprint(input: FitInput): string {
  const h = createHash('sha256');
  const { items, train } = input;
  h.update(JSON.stringify([items.ids, items.artist, items.album, input.users]));
  if (items.features) h.update(new Uint8Array(items.features.buffer, items.features.byteOffset, items.features.byteLength));
  for (const a of [train.indptr, train.indices, train.weights]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

/** Vocabulary (keys seen in `fitItems`, sorted) and the table row of every catalogue item (0 = unknown). */
function buildVocab(values: (string | null)[], used: Int32Array): { vocab: string[]; rows: Int32Array } {
  const seen = new Set<string>();
  for (const i of used) {
    const k = vocabKey(values[i]);
    if (k) seen.add(k);
  }
  const vocab = [...seen].sort();
  const index = new Map(vocab.map((v, i) => [v, i + 1]));
  const rows = Int32Array.from(values, (v) => index.get(vocabKey(v) ?? '') ?? 0);
  return { vocab, rows };
}

/**
 * Trains the item tower on positive pairs of items liked by the same user
 * (per-user cap), with early stopping on validation NDCG@20 (the best epoch's
 * weights are kept). The MLP trains with tfjs (Adam); the artist/album tables
 * are gathered in JS and updated with {@link SparseAdam}, since the WASM backend
 * cannot differentiate `gather`. Deterministic for a given seed and backend.
 *
 * @throws AudiioError `BAD_ARGUMENT` when there are no item features or no user with two items
 */
export async function trainEmbeddingModel(input: FitInput, options: Partial<TrainOptions> = {}): Promise<EmbeddingModel> {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<TrainOptions>;
  const o: TrainOptions = { ...trainDefaults(Boolean(defined.artists), Boolean(defined.albums)), seed: input.seed, ...defined };
  const started = performance.now();
  await useBackend(o.backend);
  const { items, train } = input;
  if (!items.features) throw new AudiioError('BAD_ARGUMENT', 'no track has audio features; analyse or import some first');
  const nItems = items.ids.length;
  const norm = fitNormalization(items.features, o.inputTransform);
  const x = normalizeFeatures(norm, items.features);
  const split = splitValidation(train, o.validationFraction, o.seed);
  const artists = o.artists ? buildVocab(items.artist, split.fit.indices) : { vocab: [], rows: new Int32Array(nItems) };
  const albums = o.albums ? buildVocab(items.album, split.fit.indices) : { vocab: [], rows: new Int32Array(nItems) };
  const rand = seededRandom(o.seed);
  const model = buildTower(
    { hidden: o.hidden, dim: o.dim, artistRows: o.artists ? artists.vocab.length + 1 : 0, albumRows: o.albums ? albums.vocab.length + 1 : 0 },
    o.seed,
  );
  const dense = [...o.hidden.map((_, i) => LAYER.hidden(i)), LAYER.out].map((n) => model.getLayer(n));
  const denseVars = dense.flatMap((l) => l.trainableWeights.map((w) => w.read() as tf.Variable));
  const optimizer = tf.train.adam(o.learningRate);
  const emaVars = o.ema > 0 ? denseVars.map((v) => tf.tidy(() => tf.variable(v.clone(), false))) : [];
  let emaSteps = 0;
  const artistTable = new Float32Array((artists.vocab.length + 1) * o.dim);
  const albumTable = new Float32Array((albums.vocab.length + 1) * o.dim);
  const artistOpt = new SparseAdam(artistTable, o.dim, o.tableLearningRate);
  const albumOpt = new SparseAdam(albumTable, o.dim, o.tableLearningRate);
  // The dense layers' math (x·W + b, ReLU on hidden layers) on their own variables, with fast gradients.
  const mlp = (t: tf.Tensor) =>
    dense.reduce((h, l, i) => {
      const [kernel, bias] = l.trainableWeights.map((w) => w.read());
      const y = matMulFastGrad(h, kernel).add(bias);
      return i < dense.length - 1 ? tf.relu(y) : y;
    }, t);

  const fingerprint = trainingFingerprint(input);
  const meta = (extra: Record<string, number | string | boolean>): EmbeddingModelMeta => {
    const { onProgress: _p, backend: _b, hidden, ...rest } = o;
    const training = { ...rest, hidden: hidden.join('x'), ...extra };
    const version = `emb${MODEL_FORMAT}-${createHash('sha256').update(fingerprint).update(JSON.stringify(rest)).update(hidden.join()).digest('hex').slice(0, 12)}`;
    return { format: MODEL_FORMAT, version, dim: o.dim, normalization: norm, fingerprint, artists: o.artists, albums: o.albums, training };
  };
  const writeTables = () =>
    tf.tidy(() => {
      if (o.artists) model.getLayer(LAYER.artist).setWeights([tf.tensor2d(artistTable, [artists.vocab.length + 1, o.dim])]);
      if (o.albums) model.getLayer(LAYER.album).setWeights([tf.tensor2d(albumTable, [albums.vocab.length + 1, o.dim])]);
    });
  const current = () => {
    writeTables();
    return new EmbeddingModel(model, meta({}), { artists: artists.vocab, albums: albums.vocab });
  };

  // Gathers inputs of a batch of items: features [n, 11] and summed table rows [n, dim].
  const gatherItems = (idx: Int32Array, dropout: boolean) => {
    const n = idx.length;
    const feats = new Float32Array(n * INPUT_DIM);
    const emb = new Float32Array(n * o.dim);
    const aRows = new Int32Array(n).fill(-1);
    const bRows = new Int32Array(n).fill(-1);
    for (let k = 0; k < n; k++) {
      const i = idx[k];
      feats.set(x.subarray(i * INPUT_DIM, (i + 1) * INPUT_DIM), k * INPUT_DIM);
      if (o.artists) {
        const r = dropout && rand() < o.artistDropout ? 0 : artists.rows[i];
        aRows[k] = r;
        for (let d = 0; d < o.dim; d++) emb[k * o.dim + d] += artistTable[r * o.dim + d];
      }
      if (o.albums) {
        const r = dropout && rand() < o.albumDropout ? 0 : albums.rows[i];
        bRows[k] = r;
        for (let d = 0; d < o.dim; d++) emb[k * o.dim + d] += albumTable[r * o.dim + d];
      }
    }
    return { feats, emb, aRows, bRows };
  };

  const fitItems = split.fit.indices;
  const liked = o.maskLiked ? likedSets(split.fit) : [];
  let best = -Infinity;
  let bestEpoch = 0;
  let bestWeights: { dense: Float32Array[]; artist: Float32Array; album: Float32Array } | undefined;
  let epochsRun = 0;
  let hasVal = false;
  for (let epoch = 1; epoch <= o.epochs; epoch++) {
    const pairs = samplePairs(split.fit, o.maxPairsPerUser, rand);
    if (pairs.a.length === 0) throw new AudiioError('BAD_ARGUMENT', 'no user has two liked tracks: nothing to learn from');
    const steps = Math.ceil(pairs.a.length / o.batchSize);
    let lossSum = 0;
    for (let s = 0; s < steps; s++) {
      const b = pairs.b.subarray(s * o.batchSize, (s + 1) * o.batchSize);
      const users = pairs.user.subarray(s * o.batchSize, (s + 1) * o.batchSize);
      // Anchor items, k per row (row-major): the pair's other item, plus k − 1 more of the user's.
      const k = o.setSize > 1 ? 1 + Math.floor(rand() * o.setSize) : 1;
      const a = k > 1 ? drawAnchorSets(split.fit, pairs, s * o.batchSize, b.length, k, rand) : pairs.a.subarray(s * o.batchSize, (s + 1) * o.batchSize);
      const groups = [a, b];
      if (o.loss === 'margin') groups.push(Int32Array.from({ length: b.length * o.negatives }, () => fitItems[Math.floor(rand() * fitItems.length)]));
      const gathered = groups.map((g) => gatherItems(g, true));
      // tf.variable keeps its own copy: the initial tensor is disposed here (it leaked 2 tensors per step).
      const embVars = gathered.map((g, k) => tf.tidy(() => tf.variable(tf.tensor2d(g.emb, [g.emb.length / o.dim, o.dim]), true, `pair_emb_${k}_${epoch}_${s}`)));
      const featTensors = gathered.map((g) => tf.tensor2d(g.feats, [g.feats.length / INPUT_DIM, INPUT_DIM]));
      const mask = o.maskLiked && o.loss === 'infonce' ? tf.tensor2d(likedMask(liked, users, b), [b.length, b.length]) : undefined;
      const { value, grads } = tf.variableGrads(() => {
        const z = featTensors.map((f, g) => l2Normalize(mlp(f).add(embVars[g])));
        // The anchor: the normalised mean of its k unit vectors (the taste vector of k liked tracks).
        if (k > 1) z[0] = l2Normalize(z[0].reshape([b.length, k, o.dim]).mean(1));
        if (o.loss === 'infonce') {
          const logits = matMulFastGrad(z[0], z[1].transpose()).div(o.temperature);
          // -log softmax of the diagonal, over rows and over columns: logsumexp − positive logit.
          const diag = z[0].mul(z[1]).sum(1).div(o.temperature);
          // Logits of unit vectors lie in ±1/τ, so shifting by 1/τ makes exp safe without
          // logSumExp's max (whose gradient is a slow broadcast Equal on WASM).
          const exp = logits.sub(1 / o.temperature).exp();
          const shifted = mask ? exp.mul(mask) : exp;
          const rows = shifted.sum(1).log().sub(diag).mean();
          const cols = shifted.sum(0).log().sub(diag).mean();
          return rows.add(cols).div(2).add<tf.Scalar>(1 / o.temperature);
        }
        const pos = z[0].mul(z[1]).sum(1).expandDims(1);
        const neg = z[2].reshape([b.length, o.negatives, o.dim]).mul(z[0].expandDims(1)).sum(2);
        return tf.relu(neg.sub(pos).add(o.margin)).mean<tf.Scalar>();
      }, [...denseVars, ...embVars]);
      optimizer.applyGradients(denseVars.map((v) => ({ name: v.name, tensor: grads[v.name] })));
      if (o.artists || o.albums) {
        const g = gathered.map((_, k) => grads[embVars[k].name].dataSync() as Float32Array);
        const cat = (f: (k: number) => Int32Array) => Int32Array.from(gathered.flatMap((_, k) => Array.from(f(k))));
        const allGrad = new Float32Array(g.reduce((n, t) => n + t.length, 0));
        let off = 0;
        for (const t of g) {
          allGrad.set(t, off);
          off += t.length;
        }
        if (o.artists) artistOpt.step(cat((k) => gathered[k].aRows), allGrad);
        if (o.albums) albumOpt.step(cat((k) => gathered[k].bRows), allGrad);
      }
      if (o.ema > 0) {
        // Warm-up as TensorFlow's ExponentialMovingAverage(num_updates): decay min(ema, (1 + t) / (10 + t)).
        const d = Math.min(o.ema, (1 + emaSteps) / (10 + emaSteps++));
        tf.tidy(() => emaVars.forEach((e, i) => e.assign(e.mul(d).add(denseVars[i].mul(1 - d)))));
      }
      lossSum += (await value.data())[0];
      tf.dispose([value, ...Object.values(grads), ...embVars, ...featTensors, ...(mask ? [mask] : [])]);
      o.onProgress?.({ epoch, maxEpochs: o.epochs, step: s + 1, stepsPerEpoch: steps, loss: lossSum / (s + 1), bestValNdcg: best > -Infinity ? best : undefined });
    }
    epochsRun = epoch;
    hasVal = split.heldOut.some((h) => h.length > 0);
    // With averaging, validate (and keep) the averaged weights, then resume from the raw ones.
    const raw = o.ema > 0 ? denseVars.map((v) => v.dataSync().slice() as Float32Array) : [];
    if (o.ema > 0) denseVars.forEach((v, i) => v.assign(emaVars[i]));
    const vectors = current().embedArrays(items.features, artists.rows, albums.rows, 4096);
    // Model selection: validation NDCG@20, or (with no held-out likes) the lowest mean training loss.
    const ndcg = hasVal ? validationNdcg(split, vectors, o.dim) : -lossSum / steps;
    if (ndcg > best) {
      best = ndcg;
      bestEpoch = epoch;
      bestWeights = { dense: denseVars.map((v) => v.dataSync().slice() as Float32Array), artist: artistTable.slice(), album: albumTable.slice() };
    }
    if (o.ema > 0) tf.tidy(() => denseVars.forEach((v, i) => v.assign(tf.tensor(raw[i], v.shape))));
    o.onProgress?.({ epoch, maxEpochs: o.epochs, step: steps, stepsPerEpoch: steps, loss: lossSum / steps, valNdcg: hasVal ? ndcg : undefined, bestValNdcg: hasVal ? best : undefined });
    if (epoch - bestEpoch >= o.patience) break;
  }
  if (bestWeights) {
    tf.tidy(() => denseVars.forEach((v, i) => v.assign(tf.tensor(bestWeights.dense[i], v.shape))));
    artistTable.set(bestWeights.artist);
    albumTable.set(bestWeights.album);
  }
  optimizer.dispose();
  tf.dispose(emaVars);
  writeTables();
  const seconds = (performance.now() - started) / 1000;
  return new EmbeddingModel(
    model,
    meta({
      epochsRun,
      bestEpoch,
      // What chose the best epoch, under its own name: a validation NDCG@20, or a training loss.
      ...(hasVal ? { valNdcg20: Number(best.toFixed(5)) } : { bestTrainLoss: Number((-best).toFixed(5)) }),
      seconds: Number(seconds.toFixed(1)),
      backend: tf.getBackend(),
    }),
    { artists: artists.vocab, albums: albums.vocab },
  );
}

/** 0/1 mask [n, n] of in-batch negatives: 0 where column j's item is liked by row i's user (j ≠ i). */
function likedMask(liked: Set<number>[], users: Int32Array, items: Int32Array): Float32Array {
  const n = items.length;
  const m = new Float32Array(n * n).fill(1);
  for (let i = 0; i < n; i++) {
    const l = liked[users[i]];
    for (let j = 0; j < n; j++) if (j !== i && l.has(items[j])) m[i * n + j] = 0;
  }
  return m;
}
