/**
 * `npm run bench:embed`: speed of the embedding model.
 *
 *   npm run bench:embed                      # training time per epoch (Spotify, artist + album model) and
 *                                            # embedding throughput, batch 32 / 256 / 1024, WASM vs CPU
 *   npm run bench:embed -- --tracks 200000   # synthetic tracks embedded per backend (CPU gets a tenth)
 *   npm run bench:embed -- --no-train        # throughput only
 *   npm run bench:embed -- --quality         # Recall/NDCG@20 of audio / +artist / +artist+album models on the
 *                                            # Spotify test splits (seeds 42 1 2), mean ± spread, training time
 *   npm run bench:embed -- --quality --seeds 42 --variants audio --set temperature=0.05
 *                                            # one seed, some variants, parameters set on every variant
 *   npm run bench:embed -- --quality --val --seeds 42 --train-seeds 1,2,3 --variants audio
 *                                            # tuning: validation split (val_train → val) of split seed 42,
 *                                            # mean ± std over training seeds 1, 2, 3 (default: the split seed)
 *   npm run bench:embed -- --json            # one JSON object
 *
 * Data: ../shared/data/spotify (or $AUDIIO_ML_SPOTIFY_DIR); the Spotify parts are skipped politely when absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { EmbeddingModel, evaluate, loadEvalDataset, trainEmbeddingModel } from '@audiio-ml/ml-core';
import { embeddingFactory } from '../packages/ml-core/src/embedding/recommender.js';
import { fitNormalization } from '../packages/ml-core/src/embedding/normalize.js';
import { syntheticTasteData } from '@audiio-ml/synth';
import { useBackend, type EmbeddingBackend } from '../packages/ml-core/src/embedding/backend.js';
import { buildTower } from '../packages/ml-core/src/embedding/layers.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPOTIFY = process.env.AUDIIO_ML_SPOTIFY_DIR ?? resolve(ROOT, '../shared/data/spotify');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
const json = flag('--json');
const log = (s: string) => !json && process.stdout.write(s + '\n');
const report: Record<string, unknown> = {};

function split(seed: number, val = false) {
  const dir = join(SPOTIFY, 'splits', `seed${seed}`);
  return loadEvalDataset({
    train: join(dir, val ? 'val_train.csv' : 'train.csv'),
    test: join(dir, val ? 'val.csv' : 'test.csv'),
    items: join(SPOTIFY, 'spotify_songs.csv'),
  });
}

/** One epoch of the artist + album model on seed 42's training split (WASM), with its validation pass. */
async function benchTraining(): Promise<void> {
  const data = split(42);
  let steps = 0;
  const t = performance.now();
  const model = await trainEmbeddingModel(
    { users: data.users, items: data.items, train: data.train, seed: 42 },
    { artists: true, albums: true, epochs: 1, onProgress: (p) => (steps = p.stepsPerEpoch) },
  );
  const seconds = (performance.now() - t) / 1000;
  model.dispose();
  report.training = { backend: tf.getBackend(), model: 'artists+albums', pairsPerStep: 512, stepsPerEpoch: steps, secondsPerEpoch: Number(seconds.toFixed(1)), msPerStep: Number(((seconds * 1000) / steps).toFixed(1)) };
  log(`training: 1 epoch of the artist+album model on Spotify seed 42 (${tf.getBackend()}): ${steps} steps of 512 pairs in ${seconds.toFixed(1)} s (${((seconds * 1000) / steps).toFixed(0)} ms/step, incl. validation)`);
}

/** Tracks/s of embedArrays on synthetic tracks for each batch size, on one backend. */
async function benchThroughput(backend: EmbeddingBackend, nTracks: number): Promise<void> {
  const used = await useBackend(backend);
  const { input } = syntheticTasteData({ itemsPerGroup: nTracks / 2, usersPerGroup: 1, likesPerUser: 2, artistsPerGroup: 5000, audioSignal: true, seed: 1 });
  const features = input.items.features!;
  const artistRows = 10_000;
  const albumRows = 20_000;
  const tower = buildTower({ hidden: [64, 128], dim: 128, artistRows, albumRows }, 1);
  const model = new EmbeddingModel(
    tower,
    { format: 1, version: 'bench', dim: 128, normalization: fitNormalization(features), fingerprint: '', artists: true, albums: true, training: {} },
    { artists: Array.from({ length: artistRows - 1 }, (_, i) => `a${i}`), albums: Array.from({ length: albumRows - 1 }, (_, i) => `b${i}`) },
  );
  const rowsA = Int32Array.from({ length: nTracks }, (_, i) => i % artistRows);
  const rowsB = Int32Array.from({ length: nTracks }, (_, i) => i % albumRows);
  const results: Record<string, number> = {};
  for (const batch of [32, 256, 1024, 4096]) {
    model.embedArrays(features.subarray(0, 10 * Math.min(nTracks, 4 * batch)), rowsA, rowsB, batch); // warm-up
    const t = performance.now();
    model.embedArrays(features, rowsA, rowsB, batch);
    const perSecond = nTracks / ((performance.now() - t) / 1000);
    results[`batch${batch}`] = Math.round(perSecond);
    log(`embed ${used.padEnd(4)} batch ${String(batch).padStart(4)}: ${Math.round(perSecond).toLocaleString('en')} tracks/s over ${nTracks.toLocaleString('en')} tracks → 1M tracks in ${(1e6 / perSecond).toFixed(1)} s`);
  }
  model.dispose();
  const embedding = (report.embedding ??= {}) as Record<string, unknown>;
  embedding[used] = { tracks: nTracks, tracksPerSecond: results };
}

/** Recall/NDCG@20 and training time of the three model variants on the test splits. */
async function benchQuality(): Promise<void> {
  const extra = Object.fromEntries(
    value('--set', '')
      .split(',')
      .filter(Boolean)
      .map((kv) => kv.split('='))
      .map(([k, v]) => [k, Number.isNaN(Number(v)) ? v : Number(v)]),
  );
  const only = value('--variants', 'audio,artist,album').split(',');
  const variants = [
    { key: 'audio', name: 'audio only', params: { ...extra, artists: 0, albums: 0 } },
    { key: 'artist', name: '+ artist', params: { ...extra, artists: 1, albums: 0 } },
    { key: 'album', name: '+ artist + album', params: { ...extra, artists: 1, albums: 1 } },
  ].filter((v) => only.includes(v.key));
  const seeds = (value('--seeds', '42,1,2')).split(',').map(Number);
  const val = flag('--val');
  const trainSeeds = value('--train-seeds', '').split(',').filter(Boolean).map(Number);
  const runs = seeds.flatMap((seed) => (trainSeeds.length ? trainSeeds : [seed]).map((trainSeed) => ({ seed, trainSeed })));
  log(`${val ? 'validation (val_train → val)' : 'test (train → test)'} splits ${seeds.join(', ')}; training seeds ${trainSeeds.length ? trainSeeds.join(', ') : '= split seed'}${Object.keys(extra).length ? `; set ${JSON.stringify(extra)}` : ''}`);
  const rows: Record<string, unknown>[] = [];
  const ms = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1)) : 0;
    return `${m.toFixed(4)} ± ${sd.toFixed(4)}`;
  };
  for (const v of variants) {
    const r20: number[] = [];
    const n20: number[] = [];
    const fit: number[] = [];
    for (const { seed, trainSeed } of runs) {
      const rec = embeddingFactory.create(v.params) as ReturnType<typeof embeddingFactory.create> & { training?: Record<string, number | string | boolean> };
      const res = await evaluate(rec, split(seed, val), { seed: trainSeed });
      const t = rec.training ?? {};
      r20.push(res.metrics['recall@20']);
      n20.push(res.metrics['ndcg@20']);
      fit.push(res.fitSeconds);
      rows.push({ variant: v.name, split: val ? 'val' : 'test', seed, trainSeed, recall20: res.metrics['recall@20'], ndcg20: res.metrics['ndcg@20'], recall50: res.metrics['recall@50'], fitSeconds: res.fitSeconds, bestEpoch: t.bestEpoch, epochsRun: t.epochsRun });
      log(`  ${v.name} split ${seed}${trainSeeds.length ? ` train seed ${trainSeed}` : ''}: R@20 ${res.metrics['recall@20'].toFixed(4)}  N@20 ${res.metrics['ndcg@20'].toFixed(4)}  fit ${res.fitSeconds.toFixed(0)} s (best epoch ${String(t.bestEpoch)} of ${String(t.epochsRun)}, ${t.valNdcg20 !== undefined ? `hold-out N@20 ${String(t.valNdcg20)}` : `train loss ${String(t.bestTrainLoss)}`})`);
    }
    log(`${v.name.padEnd(18)} R@20 ${ms(r20)}  N@20 ${ms(n20)}  training ${ms(fit).replace(/(\d+\.\d{1})\d+/g, '$1')} s`);
  }
  report.quality = rows;
}

if (flag('--quality')) {
  if (!existsSync(SPOTIFY)) log(`no Spotify data at ${SPOTIFY}; skipping`);
  else await benchQuality();
} else {
  if (!flag('--no-train')) {
    if (existsSync(SPOTIFY)) await benchTraining();
    else log(`no Spotify data at ${SPOTIFY}; skipping the training benchmark`);
  }
  const n = Number(value('--tracks', '200000'));
  await benchThroughput('wasm', n);
  await benchThroughput('cpu', Math.max(2048, Math.round(n / 10)));
}
if (json) process.stdout.write(JSON.stringify(report) + '\n');
