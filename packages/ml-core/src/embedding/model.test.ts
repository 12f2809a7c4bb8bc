import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAudiioError } from '../errors.js';
import { EmbeddingModel } from './model.js';
import { trainEmbeddingModel } from './train.js';
import { syntheticTasteData } from '@audiio-ml/synth';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'audiio-emb-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const data = syntheticTasteData({ itemsPerGroup: 60, usersPerGroup: 6, likesPerUser: 10, artistsPerGroup: 4, audioSignal: true, seed: 1 });
data.input.items.album = data.input.items.artist.map((a, i) => `${a}-album${i % 3}`);
let model: EmbeddingModel;
let saved: string;

beforeAll(async () => {
  model = await trainEmbeddingModel(data.input, { artists: true, albums: true, dim: 8, hidden: [8, 8], epochs: 1, batchSize: 32, maxPairsPerUser: 20 });
  saved = tempDir();
  await model.save(saved);
});

const track = (i: number) => {
  const f = data.input.items.features!.subarray(i * 10, i * 10 + 10);
  return {
    features: { tempo: f[0], key: f[1], mode: f[2], energy: f[3], danceability: f[4], valence: f[5], acousticness: f[6], instrumentalness: f[7], speechiness: f[8], loudness: f[9] },
    artist: data.input.items.artist[i],
    album: data.input.items.album[i],
  };
};

async function expectBadModel(dir: string, message: RegExp): Promise<void> {
  const err = await EmbeddingModel.load(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isAudiioError(err, 'BAD_MODEL'), String(err)).toBe(true);
  expect(String((err as Error).message)).toMatch(message);
}

function copyModel(edit: (files: Record<string, Buffer>) => void): string {
  const files: Record<string, Buffer> = {};
  for (const f of ['model.json', 'weights.bin', 'vocab.json']) files[f] = readFileSync(join(saved, f));
  edit(files);
  const d = tempDir();
  for (const [f, b] of Object.entries(files)) writeFileSync(join(d, f), b);
  return d;
}

describe('EmbeddingModel', () => {
  it('embeds a batch into unit vectors of the model dimension', () => {
    const vs = model.embedBatch([0, 1, 2, 3, 4].map(track), 2);
    expect(vs).toHaveLength(5);
    for (const v of vs) {
      expect(v).toHaveLength(8);
      expect(Math.hypot(...v)).toBeCloseTo(1, 5);
    }
    // batching does not change results
    expect(model.embedBatch([track(3)], 32)[0]).toEqual(vs[3]);
    expect(model.embed(track(4))).toEqual(vs[4]);
  });

  it('computes what its tfjs layers model (Embedding, Add, L2 layers) predicts', async () => {
    const tf = await import('@tensorflow/tfjs');
    const n = 12;
    const f = data.input.items.features!.subarray(0, n * 10);
    const a = Int32Array.from({ length: n }, (_, i) => model.artistRow(data.input.items.artist[i]));
    const b = Int32Array.from({ length: n }, (_, i) => model.albumRow(data.input.items.album[i]));
    const { normalizeFeatures } = await import('./normalize.js');
    const x = tf.tensor2d(normalizeFeatures(model.meta.normalization, f), [n, 11]);
    const y = model.layersModel.predict([x, tf.tensor2d(a, [n, 1], 'int32'), tf.tensor2d(b, [n, 1], 'int32')]) as import('@tensorflow/tfjs').Tensor;
    const expected = y.dataSync();
    const got = model.embedArrays(f, a, b);
    expect(Math.max(...got.map((v, i) => Math.abs(v - expected[i])))).toBeLessThan(1e-5);
    tf.dispose([x, y]);
  });

  it('falls back to audio alone for unknown artists and albums', () => {
    expect(model.artistRow('nobody')).toBe(0);
    expect(model.artistRow(' A0 ')).toBe(model.artistRow('a0'));
    expect(model.artistRow('a0')).toBeGreaterThan(0);
    const v = model.embed({ ...track(0), artist: 'nobody', album: null });
    expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  });

  it('saves and loads to identical vectors, with version, normalisation and fingerprint', async () => {
    const loaded = await EmbeddingModel.load(saved);
    const tracks = Array.from({ length: 20 }, (_, i) => track(i));
    expect(loaded.embedBatch(tracks)).toEqual(model.embedBatch(tracks));
    expect(loaded.version).toBe(model.version);
    expect(loaded.meta.normalization).toEqual(model.meta.normalization);
    expect(loaded.meta.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    expect(loaded.meta.fingerprint).toBe(model.meta.fingerprint);
    const manifest = (JSON.parse(readFileSync(join(saved, 'model.json'), 'utf8')) as { weightsManifest: { paths: string[] }[] }).weightsManifest;
    expect(manifest[0].paths).toEqual(['weights.bin']);
    loaded.dispose();
  });

  it('round-trips the rank-Gauss input transform and the set-to-item / EMA training options', async () => {
    const q = await trainEmbeddingModel(data.input, { inputTransform: 'quantile', setSize: 4, maskLiked: true, ema: 0.9, dim: 8, hidden: [8, 8], epochs: 1, batchSize: 32, maxPairsPerUser: 20 });
    expect(q.meta.normalization.quantiles).toHaveLength(9);
    expect(q.meta.training).toMatchObject({ inputTransform: 'quantile', setSize: 4, maskLiked: true, ema: 0.9 });
    const dir = tempDir();
    await q.save(dir);
    const loaded = await EmbeddingModel.load(dir);
    const tracks = Array.from({ length: 20 }, (_, i) => track(i));
    expect(loaded.embedBatch(tracks)).toEqual(q.embedBatch(tracks));
    expect(loaded.meta.normalization).toEqual(q.meta.normalization);
    expect(loaded.version).not.toBe(model.version);
    loaded.dispose();
    q.dispose();
  });

  it('says NOT_FOUND for a directory without a model', async () => {
    await expect(EmbeddingModel.load(tempDir())).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('rejects corrupt or incompatible files with BAD_MODEL', async () => {
    await expectBadModel(copyModel((f) => (f['model.json'] = Buffer.from('{"modelTopology": '))), /not valid JSON/);
    await expectBadModel(copyModel((f) => (f['weights.bin'] = f['weights.bin'].subarray(0, 100))), /bytes/);
    await expectBadModel(copyModel((f) => (f['vocab.json'] = Buffer.from('[1,2]'))), /vocabulary/);
    await expectBadModel(copyModel((f) => (f['vocab.json'] = Buffer.from(JSON.stringify({ artists: ['x'], albums: [] })))), /vocabulary/);
    /** The parts of model.json the cases below damage. */
    interface ModelJson {
      userDefinedMetadata?: { audiio: { format: number; normalization: { std: number[] } } };
      modelTopology: { config: { layers: { class_name: string }[] } };
    }
    const edit = (change: (j: ModelJson) => void) =>
      copyModel((f) => {
        const j = JSON.parse(f['model.json'].toString()) as ModelJson;
        change(j);
        f['model.json'] = Buffer.from(JSON.stringify(j));
      });
    await expectBadModel(edit((j) => (j.userDefinedMetadata!.audiio.format = 99)), /format 99/);
    await expectBadModel(edit((j) => delete j.userDefinedMetadata), /metadata/);
    await expectBadModel(edit((j) => (j.userDefinedMetadata!.audiio.normalization.std = [])), /normalisation/);
    await expectBadModel(edit((j) => (j.modelTopology.config.layers[1].class_name = 'NoSuchLayer')), /rebuild/);
  });
});
