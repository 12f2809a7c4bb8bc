/**
 * `npm run bench:eval`: every baseline on the Spotify splits (seeds 42, 1, 2) with the harness,
 * mean ± spread per metric, EVALUATION.md's reference rows (seed 42) beside them, and the time
 * to fit and score all baselines together.
 *
 *   npm run bench:eval                    # reference parameters, seeds 42 1 2
 *   npm run bench:eval -- --tune          # tune each model on each seed's val_train/val first
 *   npm run bench:eval -- --json          # one JSON object per model and seed
 *   npm run bench:eval -- --scale         # synthetic 10× run: peak memory, time, 1M × 100k estimate
 *
 * Data: ../shared/data/spotify (or $AUDIIO_ML_SPOTIFY_DIR); skipped politely when absent.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluate, formatModel, loadEvalDataset, parseModelSpec, tuneModel, type EvalResult } from '@audiio-ml/ml-core';
import { paramGrid } from '../packages/ml-core/src/eval/registry.js';
import { runScale } from './bench-eval-scale.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPOTIFY = process.env.AUDIIO_ML_SPOTIFY_DIR ?? resolve(ROOT, '../shared/data/spotify');
const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const value = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);

/** The baselines with EVALUATION.md's reference parameters, and its seed-42 test figures. */
const MODELS: { spec: string; ref?: number[] }[] = [
  { spec: 'random' },
  { spec: 'popularity', ref: [0.0011, 0.0018, 0.0035, 0.0009, 0.0013, 0.0022, 0.0011] },
  { spec: 'itemknn:k=200,shrink=10', ref: [0.0217, 0.0244, 0.0459, 0.0238, 0.0241, 0.0343, 0.1609] },
  { spec: 'ease:lambda=100', ref: [0.021, 0.0255, 0.0476, 0.0233, 0.025, 0.0355, 0.1602] },
  { spec: 'rp3beta:alpha=0.5,beta=0.25', ref: [0.021, 0.0257, 0.0473, 0.0226, 0.0245, 0.0347, 0.1739] },
  { spec: 'content:artist=0', ref: [0.0091, 0.0124, 0.0275, 0.0088, 0.0104, 0.0176, 0.1874] },
  { spec: 'content:artist=64', ref: [0.1495, 0.1644, 0.2365, 0.1525, 0.1554, 0.1899, 0.2286] },
];
const COLS = ['recall@10', 'recall@20', 'recall@50', 'ndcg@10', 'ndcg@20', 'ndcg@50', 'coverage@20'];
const HEAD = ['R@10', 'R@20', 'R@50', 'N@10', 'N@20', 'N@50', 'cov@20'];

function meanSpread(xs: number[]): [number, number] {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return [mean, sd];
}

async function main(): Promise<void> {
  if (flag('--scale') || flag('--scale-one')) return runScale(args);
  const seeds = value('--seeds', '42,1,2').split(',').map(Number);
  if (!existsSync(join(SPOTIFY, 'spotify_songs.csv'))) {
    console.log(`bench:eval: ${SPOTIFY}/spotify_songs.csv not found; skipping (set AUDIIO_ML_SPOTIFY_DIR to run it).`);
    return;
  }
  const json = flag('--json');
  const tune = flag('--tune');
  const results = new Map<string, { seed: number; r: EvalResult }[]>();
  const totals: { seed: number; load: number; models: number }[] = [];
  for (const seed of seeds) {
    const dir = join(SPOTIFY, 'splits', `seed${seed}`);
    const t0 = performance.now();
    const data = loadEvalDataset({ train: join(dir, 'train.csv'), test: join(dir, 'test.csv'), items: join(SPOTIFY, 'spotify_songs.csv') });
    const val = tune ? loadEvalDataset({ train: join(dir, 'val_train.csv'), test: join(dir, 'val.csv'), items: join(SPOTIFY, 'spotify_songs.csv') }) : null;
    const load = (performance.now() - t0) / 1000;
    let models = 0;
    for (const m of MODELS) {
      const spec = parseModelSpec(m.spec);
      let params = spec.params;
      // --tune: search the declared grid on val_train/val; the audio-only content row keeps artist = 0.
      const fixed: Record<string, number> = spec.factory.name === 'content' && spec.params.artist === 0 ? { artist: 0 } : {};
      if (val && paramGrid(spec.factory, fixed).length > 1) params = (await tuneModel(spec.factory, fixed, val, { seed })).best;
      const r = await evaluate(spec.factory.create(params), data, { seed });
      models += r.seconds;
      const tuned = val !== null && paramGrid(spec.factory, fixed).length > 1;
      const key = tuned ? `${spec.factory.name}${spec.factory.name === 'content' ? (spec.params.artist === 0 ? ' audio' : ' +artist') : ''} (tuned)` : m.spec;
      results.set(key, [...(results.get(key) ?? []), { seed, r }]);
      if (json) console.log(JSON.stringify({ seed, model: r.model, params: r.params, ...r.metrics, seconds: r.seconds }));
      else process.stderr.write(`seed ${seed}: ${formatModel(r.model, r.params)} ${r.seconds.toFixed(2)} s\n`);
    }
    totals.push({ seed, load, models });
  }
  if (json) return;
  console.log(`\nSpotify splits, seeds ${seeds.join(', ')}: mean ± sample std over seeds; "ref" = EVALUATION.md, seed 42; "s42" = this harness, seed 42.\n`);
  const width = Math.max(...[...results.keys()].map((k) => k.length)) + 6;
  console.log(`${'model'.padEnd(width)}${HEAD.map((h) => h.padStart(16)).join('')}`);
  MODELS.forEach((m, mi) => {
    const key = [...results.keys()][mi];
    const rows = results.get(key) ?? [];
    console.log(`${key.padEnd(width)}${COLS.map((c) => {
      const [mean, sd] = meanSpread(rows.map((x) => x.r.metrics[c]));
      return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`.padStart(16);
    }).join('')}`);
    const s42 = rows.find((x) => x.seed === 42);
    if (s42) console.log(`${'  s42'.padEnd(width)}${COLS.map((c) => s42.r.metrics[c].toFixed(4).padStart(16)).join('')}`);
    if (m.ref && !tune) {
      console.log(`${'  ref'.padEnd(width)}${m.ref.map((v) => v.toFixed(4).padStart(16)).join('')}`);
      if (s42) {
        const worst = Math.max(...COLS.map((c, j) => Math.abs(s42.r.metrics[c] - (m.ref as number[])[j])));
        console.log(`${'  max |s42 − ref|'.padEnd(width)}${worst.toFixed(4).padStart(16)}`);
      }
    }
  });
  console.log('');
  for (const t of totals) console.log(`seed ${t.seed}: load ${t.load.toFixed(2)} s, fit + score of all ${MODELS.length} baselines ${t.models.toFixed(2)} s`);
}

await main();
