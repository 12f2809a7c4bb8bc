import { AudiioError } from '../errors.js';
import type { FitInput, ParamValue, Recommender, RecommenderFactory } from '../ranking/types.js';
import type { EmbeddingModel } from './model.js';
import { AUDIO_ONLY_TRAIN_DEFAULTS, DEFAULT_TRAIN_OPTIONS, trainEmbeddingModel, type TrainOptions } from './train.js';
import { tasteVectors } from './validate.js';

const D = DEFAULT_TRAIN_OPTIONS;
const A = AUDIO_ONLY_TRAIN_DEFAULTS;

/**
 * Trains an {@link EmbeddingModel} on the training interactions and scores each
 * item by the cosine between the user's taste vector (the seed's weighted
 * average of liked-track vectors, normalised) and the item's vector.
 */
export const embeddingFactory: RecommenderFactory = {
  name: 'embedding',
  params: {
    artists: { default: 0, doc: 'learn artist embeddings (1) or audio only (0)' },
    albums: { default: 0, doc: 'learn album embeddings (1)' },
    loss: { default: D.loss, grid: ['infonce', 'margin'], doc: 'contrastive loss: infonce (in-batch negatives) or margin (random negatives)' },
    setSize: { default: 'auto', doc: `anchor size: 1 = pairs; K > 1 = set-to-item (mean of 1…K other liked tracks); auto = ${A.setSize ?? D.setSize} audio-only, ${D.setSize} with tables` },
    maskLiked: { default: 'auto', doc: `drop in-batch negatives the anchor user likes (1) or keep them (0); auto = ${Number(A.maskLiked ?? D.maskLiked)} audio-only, ${Number(D.maskLiked)} with tables` },
    input: {
      default: 'auto',
      grid: ['zscore', 'quantile'],
      doc: `input transform of the non-key features: zscore, or quantile (rank-Gauss) then z-score; auto = ${A.inputTransform ?? D.inputTransform} audio-only, ${D.inputTransform} with tables`,
    },
    ema: { default: 'auto', doc: `decay of the moving average of the MLP weights validated and kept (0 = off); auto = ${A.ema ?? D.ema} audio-only, ${D.ema} with tables` },
    epochs: { default: D.epochs, doc: 'maximum epochs (early stopping on validation NDCG@20)' },
    patience: { default: D.patience, doc: 'epochs without improvement before stopping' },
    dim: { default: D.dim, doc: 'output dimension' },
    batch: { default: D.batchSize, doc: 'pairs per training step' },
    lr: { default: D.learningRate, doc: 'Adam learning rate of the audio MLP' },
    tableLr: { default: D.tableLearningRate, doc: 'lazy-Adam learning rate of the artist/album tables' },
    temperature: { default: D.temperature, grid: [0.05, 0.1, 0.2], doc: 'InfoNCE temperature' },
    margin: { default: D.margin, doc: 'hinge margin (margin loss)' },
    dropout: { default: D.artistDropout, doc: 'artist and album dropout to the unknown row' },
    maxPairs: { default: D.maxPairsPerUser, doc: 'cap on positive pairs per user per epoch' },
    val: { default: D.validationFraction, doc: 'fraction of each user held out for early stopping' },
  },
  create(params: Record<string, ParamValue>): Recommender {
    const p = { ...Object.fromEntries(Object.entries(this.params).map(([k, v]) => [k, v.default])), ...params };
    const num = (k: string) => {
      const v = Number(p[k]);
      if (!Number.isFinite(v)) throw new AudiioError('BAD_ARGUMENT', `embedding: ${k} must be a number, got ${String(p[k])}`);
      return v;
    };
    const flag = (k: string) => p[k] === true || p[k] === 1 || p[k] === '1' || p[k] === 'true';
    if (p.input !== 'auto' && p.input !== 'zscore' && p.input !== 'quantile') throw new AudiioError('BAD_ARGUMENT', `embedding: input must be auto, zscore or quantile, got ${String(p.input)}`);
    if (p.loss !== 'infonce' && p.loss !== 'margin') throw new AudiioError('BAD_ARGUMENT', `embedding: loss must be infonce or margin, got ${String(p.loss)}`);
    const options: Partial<TrainOptions> = {
      artists: flag('artists'),
      albums: flag('albums'),
      loss: p.loss,
      setSize: p.setSize === 'auto' ? undefined : num('setSize'),
      maskLiked: p.maskLiked === 'auto' ? undefined : flag('maskLiked'),
      inputTransform: p.input === 'auto' ? undefined : p.input,
      ema: p.ema === 'auto' ? undefined : num('ema'),
      epochs: num('epochs'),
      patience: num('patience'),
      dim: num('dim'),
      batchSize: num('batch'),
      learningRate: num('lr'),
      tableLearningRate: num('tableLr'),
      temperature: num('temperature'),
      margin: num('margin'),
      artistDropout: num('dropout'),
      albumDropout: num('dropout'),
      maxPairsPerUser: num('maxPairs'),
      validationFraction: num('val'),
    };
    let items: Float32Array | null = null;
    let taste: Float32Array | null = null;
    let dim = 0;
    const rec: Recommender & { training?: EmbeddingModel['meta']['training'] } = {
      name: 'embedding',
      params: p,
      async fit(input: FitInput) {
        const model: EmbeddingModel = await trainEmbeddingModel(input, options);
        rec.training = model.meta.training;
        try {
          dim = model.dim;
          const rows = (values: (string | null)[], row: (v: string | null) => number) => Int32Array.from(values, row);
          items = model.embedArrays(
            input.items.features ?? new Float32Array(input.items.ids.length * 10).fill(Number.NaN),
            rows(input.items.artist, (v) => model.artistRow(v)),
            rows(input.items.album, (v) => model.albumRow(v)),
            4096,
          );
          taste = tasteVectors(input.train, items, dim);
        } finally {
          model.dispose();
        }
      },
      scoreUser(u: number, out: Float32Array) {
        if (!items || !taste) throw new AudiioError('INTERNAL', 'embedding: scoreUser before fit');
        const q = taste.subarray(u * dim, (u + 1) * dim);
        for (let i = 0; i < out.length; i++) {
          let s = 0;
          const o = i * dim;
          for (let d = 0; d < dim; d++) s += q[d] * items[o + d];
          out[i] = s;
        }
      },
    };
    return rec;
  },
};
