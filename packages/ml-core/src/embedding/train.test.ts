import { describe, expect, it } from 'vitest';
import { AUDIO_ONLY_TRAIN_DEFAULTS, DEFAULT_TRAIN_OPTIONS, trainDefaults, trainEmbeddingModel, type TrainOptions } from './train.js';
import { tasteVectors } from './validate.js';
import { syntheticTasteData, type SyntheticOptions } from '@audiio-ml/synth';

const TINY: Partial<TrainOptions> = { dim: 16, hidden: [16, 16], batchSize: 64, epochs: 4, patience: 4, maxPairsPerUser: 40 };
const DATA: SyntheticOptions = { itemsPerGroup: 200, usersPerGroup: 12, likesPerUser: 20, artistsPerGroup: 8, audioSignal: true, seed: 3 };

/** Fraction of (own-group cold item, other-group cold item) pairs a user's taste vector orders correctly (AUC). */
function coldAuc(data: ReturnType<typeof syntheticTasteData>, vectors: Float32Array, dim: number): number {
  const taste = tasteVectors(data.input.train, vectors, dim);
  let good = 0;
  let total = 0;
  for (let u = 0; u < data.input.train.nUsers; u++) {
    const score = (i: number) => taste.subarray(u * dim, (u + 1) * dim).reduce((s, q, d) => s + q * vectors[i * dim + d], 0);
    const own: number[] = [];
    const other: number[] = [];
    data.group.forEach((g, i) => {
      if (data.cold[i]) (g === u % 2 ? own : other).push(score(i));
    });
    for (const a of own.slice(0, 40)) {
      for (const b of other.slice(0, 40)) {
        good += a > b ? 1 : 0;
        total++;
      }
    }
  }
  return good / total;
}

describe('trainEmbeddingModel', () => {
  it('separates two planted taste groups from audio alone, on items nobody liked (InfoNCE)', async () => {
    const data = syntheticTasteData(DATA);
    // z-scored inputs: the planted audio groups are bimodal with a gap, which rank-Gauss (the
    // audio-only default, chosen on the skewed Spotify features) closes; checked separately below.
    const model = await trainEmbeddingModel(data.input, { ...TINY, loss: 'infonce', inputTransform: 'zscore' });
    const vectors = model.embedArrays(data.input.items.features!);
    expect(coldAuc(data, vectors, 16)).toBeGreaterThan(0.9);
    expect(model.meta.training.epochsRun).toBeGreaterThan(0);
    expect(model.meta.training.valNdcg20).toBeGreaterThan(0);
    expect(model.meta.training).not.toHaveProperty('bestTrainLoss');
    model.dispose();
  });

  it('names the selection criterion it stores: the best training loss when nothing is held out for validation', async () => {
    const data = syntheticTasteData(DATA);
    const model = await trainEmbeddingModel(data.input, { ...TINY, epochs: 2, validationFraction: 0, inputTransform: 'zscore' });
    expect(model.meta.training).not.toHaveProperty('valNdcg20');
    expect(model.meta.training.bestTrainLoss).toBeGreaterThan(0);
    expect(model.meta.training.bestEpoch).toBeGreaterThan(0);
    model.dispose();
  });

  it('separates them with the set-to-item objective (anchor = mean of 1…4 liked tracks), masked negatives and EMA', async () => {
    const data = syntheticTasteData(DATA);
    const model = await trainEmbeddingModel(data.input, { ...TINY, setSize: 4, maskLiked: true, ema: 0.9, inputTransform: 'zscore' });
    expect(coldAuc(data, model.embedArrays(data.input.items.features!), 16)).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('uses the audio-only defaults only without artist / album tables, and records the options used', async () => {
    expect(trainDefaults(false, false)).toMatchObject(AUDIO_ONLY_TRAIN_DEFAULTS);
    expect(trainDefaults(true, false)).toEqual(DEFAULT_TRAIN_OPTIONS);
    expect(trainDefaults(false, true)).toEqual(DEFAULT_TRAIN_OPTIONS);
    const data = syntheticTasteData(DATA);
    const model = await trainEmbeddingModel(data.input, { ...TINY, setSize: undefined });
    expect(model.meta.training).toMatchObject(AUDIO_ONLY_TRAIN_DEFAULTS);
    expect(model.meta.normalization.quantiles).toHaveLength(9);
    // rank-Gauss still separates the planted groups, though less cleanly than z-scores here
    expect(coldAuc(data, model.embedArrays(data.input.items.features!), 16)).toBeGreaterThan(0.75);
    model.dispose();
  });

  it('separates them with the margin loss too', async () => {
    const data = syntheticTasteData(DATA);
    const model = await trainEmbeddingModel(data.input, { ...TINY, loss: 'margin', inputTransform: 'zscore' });
    expect(coldAuc(data, model.embedArrays(data.input.items.features!), 16)).toBeGreaterThan(0.9);
    model.dispose();
  });

  it('learns artists when audio carries no signal, and is reproducible for a seed', async () => {
    const data = syntheticTasteData({ ...DATA, audioSignal: false });
    const embed = async (artists: boolean) => {
      const model = await trainEmbeddingModel(data.input, { ...TINY, artists, seed: 5 });
      const rows = Int32Array.from(data.input.items.artist, (a) => model.artistRow(a));
      const v = model.embedArrays(data.input.items.features!, rows);
      const version = model.version;
      model.dispose();
      return { v, version };
    };
    const audioOnly = await embed(false);
    const withArtists = await embed(true);
    expect(coldAuc(data, audioOnly.v, 16)).toBeLessThan(0.7);
    expect(coldAuc(data, withArtists.v, 16)).toBeGreaterThan(0.9);
    const again = await embed(true);
    expect(again.version).toBe(withArtists.version);
    expect(Math.max(...again.v.map((x, i) => Math.abs(x - withArtists.v[i])))).toBeLessThan(1e-5);
  });
});
