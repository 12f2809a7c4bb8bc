/**
 * The collaborative model's figures (packages/ml-core/src/collab/):
 *
 *   node --conditions=source --import tsx scripts/bench-collab.ts --scale     # 100k tracks × 10k users × 10M listens:
 *       # training time, peak RSS (in a child process), fold-in latency per user; --items/--users/--listens N to resize
 *   node --conditions=source --import tsx scripts/bench-collab.ts --quality   # NDCG@20 / Recall@20, every model tuned on
 *       # its validation split: the Spotify splits as interactions only (seeds 42 1 2; --seeds), and synthetic
 *       # listening with play counts (generator seeds 1 2 3; --synth-seeds, --synth-size items,users,listens),
 *       # mean ± sample std; --no-spotify / --no-synth / --weightings raw,binary,log to do less
 *   … --json                                                                  # one JSON object per line instead of tables
 *
 * Data: ../shared/data/spotify (or $AUDIIO_ML_SPOTIFY_DIR); the Spotify part is skipped politely when absent.
 * `runScale` and `runQuality` are exported for other scripts (e.g. a history benchmark).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { evaluate, findModel, formatModel, loadEvalDataset, tuneModel, type EvalDataset, type ParamValue } from '@audiio-ml/ml-core';
import { aggregateListens, listeningDataset, syntheticListens, temporalSplit } from '@audiio-ml/synth';
import { CollaborativeModel } from '../packages/ml-core/src/collab/model.js';
import { weightMatrix, type Weighting } from '../packages/ml-core/src/collab/weighting.js';
import { seededRandom } from '../packages/ml-core/src/random.js';
import { topK } from '../packages/ml-core/src/ranking/metrics.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SPOTIFY = process.env.AUDIIO_ML_SPOTIFY_DIR ?? resolve(ROOT, '../shared/data/spotify');
const MB = 1024 * 1024;

/** Sizes of the scale run. */
export interface ScaleOptions {
  items: number;
  users: number;
  listens: number;
  seed?: number;
  /** Users whose fold-in is timed (default 500). */
  sample?: number;
}

/** What the scale run measured (seconds, MB, ms). */
export interface ScaleResult extends Required<ScaleOptions> {
  pairs: number;
  generateSeconds: number;
  aggregateSeconds: number;
  trainSeconds: number;
  method: string;
  note: string | null;
  graphEntries: number;
  rssAfterDataMB: number;
  peakRssMB: number;
  scoreMsMean: number;
  scoreMsP50: number;
  scoreMsP99: number;
  /** One new listen appended to a history → fresh top 20 (scoreHistory + topK), mean ms. */
  foldInMs: number;
  saveSeconds: number;
  loadSeconds: number;
  fileMB: number;
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/** The scale run in this process (what the child of {@link runScale} does). */
export function measureScale(o: ScaleOptions): ScaleResult {
  const seed = o.seed ?? 1;
  const sample = o.sample ?? 500;
  let t = performance.now();
  const listens = syntheticListens({ nItems: o.items, nUsers: o.users, nListens: o.listens, seed });
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const m = aggregateListens(listens);
  const aggregateSeconds = (performance.now() - t) / 1000;
  const rssAfterDataMB = process.memoryUsage().rss / MB;
  t = performance.now();
  const model = CollaborativeModel.train(m);
  const trainSeconds = (performance.now() - t) / 1000;
  const peakRssMB = process.resourceUsage().maxRSS / 1024;
  const rnd = seededRandom(seed + 1);
  const out = new Float32Array(m.nItems);
  const ranked = new Int32Array(20);
  const times: number[] = [];
  const foldIn: number[] = [];
  for (let s = 0; s < sample; s++) {
    const u = Math.floor(rnd() * m.nUsers);
    const items = m.indices.subarray(m.indptr[u], m.indptr[u + 1]);
    const weights = m.weights.subarray(m.indptr[u], m.indptr[u + 1]);
    let t0 = performance.now();
    model.scoreHistory(items, weights, out);
    times.push(performance.now() - t0);
    // The user just played a track new to them: append it and recommend again.
    let fresh = Math.floor(rnd() * m.nItems);
    while (items.includes(fresh)) fresh = (fresh + 1) % m.nItems;
    const grown = Int32Array.from([...items, fresh]);
    t0 = performance.now();
    model.scoreHistory(grown, Float32Array.from([...weights, 1]), out);
    topK(out, 20, [], ranked);
    foldIn.push(performance.now() - t0);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bench-collab-'));
  t = performance.now();
  model.save(dir);
  const saveSeconds = (performance.now() - t) / 1000;
  const fileMB = statSync(join(dir, 'collab.bin')).size / MB;
  t = performance.now();
  CollaborativeModel.load(dir);
  const loadSeconds = (performance.now() - t) / 1000;
  rmSync(dir, { recursive: true });
  return {
    ...o, seed, sample, pairs: m.indices.length, generateSeconds, aggregateSeconds, trainSeconds, method: model.method, note: model.state.note,
    graphEntries: model.state.graph?.indices.length ?? 0, rssAfterDataMB, peakRssMB,
    scoreMsMean: times.reduce((a, b) => a + b, 0) / times.length, scoreMsP50: quantile(times, 0.5), scoreMsP99: quantile(times, 0.99),
    foldInMs: foldIn.reduce((a, b) => a + b, 0) / foldIn.length, saveSeconds, loadSeconds, fileMB,
  };
}

/** The scale run in a child process of its own (so its peak RSS is the model's, not this process's). */
export function runScale(o: ScaleOptions): ScaleResult {
  const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), '--scale-child', JSON.stringify(o)], { encoding: 'utf8', maxBuffer: 16 * MB });
  const line = child.stdout.trim().split('\n').pop() ?? '';
  if (child.status !== 0 || !line.startsWith('{')) throw new Error(`bench-collab --scale child failed: ${child.stderr.trim().split('\n').slice(-5).join(' | ')}`);
  return JSON.parse(line) as ScaleResult;
}

/** Prints a {@link ScaleResult} as text. */
export function printScale(r: ScaleResult): void {
  console.log(`Collaborative model at scale: ${r.items} tracks × ${r.users} users × ${r.listens} listens (synthetic, seed ${r.seed}) → ${r.pairs} (user, track) pairs`);
  console.log(`  data: generate ${r.generateSeconds.toFixed(1)} s, aggregate ${r.aggregateSeconds.toFixed(1)} s, RSS after data ${r.rssAfterDataMB.toFixed(0)} MB`);
  console.log(`  train: ${r.trainSeconds.toFixed(1)} s (goal < 120 s), peak RSS ${r.peakRssMB.toFixed(0)} MB (goal < 2048 MB); ${r.method}, ${r.graphEntries} graph entries${r.note ? `; ${r.note}` : ''}`);
  console.log(`  score a user from their history: mean ${r.scoreMsMean.toFixed(2)} ms, p50 ${r.scoreMsP50.toFixed(2)}, p99 ${r.scoreMsP99.toFixed(2)} (${r.sample} users)`);
  console.log(`  fold-in of one new listen → fresh top 20: ${r.foldInMs.toFixed(2)} ms`);
  console.log(`  save ${r.saveSeconds.toFixed(2)} s, load ${r.loadSeconds.toFixed(2)} s, collab.bin ${r.fileMB.toFixed(0)} MB`);
}

/** One evaluated row of the quality tables. */
export interface QualityRow {
  data: string;
  seed: number;
  model: string;
  weighting: string;
  params: Record<string, ParamValue>;
  val: number;
  ndcg20: number;
  recall20: number;
}

/** A split and its validation split. */
interface Splits {
  data: string;
  seed: number;
  test: EvalDataset;
  val: EvalDataset;
}

/** The candidates: the harness's tuned baselines and the collaborative model with its ablations (fixed parameters). */
const CANDIDATES: { label: string; name: string; fixed: Record<string, ParamValue> }[] = [
  { label: 'popularity', name: 'popularity', fixed: {} },
  { label: 'itemknn', name: 'itemknn', fixed: {} },
  { label: 'rp3beta', name: 'rp3beta', fixed: {} },
  { label: 'ease', name: 'ease', fixed: {} },
  { label: 'collab RP3β only (pruned)', name: 'collaborative', fixed: { blend: 1, reg: 50 } },
  { label: 'collab EASE only', name: 'collaborative', fixed: { blend: 0 } },
  { label: 'collaborative', name: 'collaborative', fixed: {} },
];

/** `data` with its training weights transformed (the harness's baselines read them as given). */
function reweighted(data: EvalDataset, w: Weighting): EvalDataset {
  return { ...data, train: weightMatrix(data.train, w) };
}

async function tuned(s: Splits, c: (typeof CANDIDATES)[number], weighting: string, onRow: (r: QualityRow) => void): Promise<void> {
  const factory = findModel(c.name);
  const collab = c.name === 'collaborative';
  // The collaborative model applies its weighting itself; the baselines get the transformed weights.
  const fixed = collab ? { ...c.fixed, weighting } : c.fixed;
  const prep = (d: EvalDataset) => (collab || weighting === 'raw' ? d : reweighted(d, weighting as Weighting));
  const t = await tuneModel(factory, fixed, prep(s.val), { seed: s.seed, ks: [20] });
  const r = await evaluate(factory.create(t.best), prep(s.test), { seed: s.seed, ks: [20] });
  onRow({ data: s.data, seed: s.seed, model: c.label, weighting, params: t.best, val: t.bestValue, ndcg20: r.metrics['ndcg@20'], recall20: r.metrics['recall@20'] });
}

/** Options of {@link runQuality}. */
export interface QualityOptions {
  spotifySeeds: number[];
  synthSeeds: number[];
  /** Synthetic set: items, users, listens. */
  synthSize: [number, number, number];
  /** Weightings for the synthetic set (Spotify has only 1s: one run). */
  weightings: Weighting[];
  onRow?: (r: QualityRow) => void;
}

/** Every candidate tuned on validation and scored on test, for each split; rows in run order. */
export async function runQuality(o: QualityOptions): Promise<QualityRow[]> {
  const rows: QualityRow[] = [];
  const onRow = (r: QualityRow) => {
    rows.push(r);
    o.onRow?.(r);
  };
  const splits: Splits[] = [];
  if (o.spotifySeeds.length && !existsSync(join(SPOTIFY, 'splits'))) console.log(`bench-collab: ${SPOTIFY}/splits not found; skipping the Spotify table (set AUDIIO_ML_SPOTIFY_DIR to run it).`);
  else {
    for (const seed of o.spotifySeeds) {
      const dir = join(SPOTIFY, 'splits', `seed${seed}`);
      const load = (a: string, b: string) => loadEvalDataset({ train: join(dir, a), test: join(dir, b) });
      splits.push({ data: 'spotify', seed, test: load('train.csv', 'test.csv'), val: load('val_train.csv', 'val.csv') });
    }
  }
  for (const s of splits) for (const c of CANDIDATES) await tuned(s, c, 'log', onRow);
  for (const seed of o.synthSeeds) {
    const [nItems, nUsers, nListens] = o.synthSize;
    const listens = syntheticListens({ nItems, nUsers, nListens, seed });
    const outer = temporalSplit(listens);
    const s: Splits = { data: 'synthetic', seed, test: listeningDataset(listens, outer), val: listeningDataset(listens, temporalSplit(listens, { before: outer.cutoff })) };
    for (const w of o.weightings) for (const c of CANDIDATES) if (c.name !== 'popularity' || w === o.weightings[0]) await tuned(s, c, w, onRow);
  }
  return rows;
}

function meanSd(xs: number[]): string {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return `${mean.toFixed(4)} ± ${sd.toFixed(4)}`;
}

/** Prints the quality rows as one table per data set: mean ± sample std over seeds, and the tuned parameters. */
export function printQuality(rows: QualityRow[]): void {
  for (const data of [...new Set(rows.map((r) => r.data))]) {
    const mine = rows.filter((r) => r.data === data);
    const seeds = [...new Set(mine.map((r) => r.seed))];
    console.log(`\n${data}: test NDCG@20 and Recall@20, tuned on validation, mean ± sample std over seeds ${seeds.join(', ')}${data === 'spotify' ? ' (interactions only, weights all 1: weightings coincide)' : ''}`);
    console.log(`${'model'.padEnd(28)}${'weights'.padEnd(8)}${'NDCG@20'.padStart(18)}${'Recall@20'.padStart(18)}${'val NDCG@20'.padStart(18)}  NDCG@20 per seed; chosen parameters`);
    const keys = [...new Set(mine.map((r) => `${r.model}\u0000${r.weighting}`))];
    for (const key of keys) {
      const [model, weighting] = key.split('\u0000');
      const rs = mine.filter((r) => r.model === model && r.weighting === weighting);
      const w = model === 'popularity' ? '–' : data === 'spotify' ? '1' : weighting;
      // The parameters a grid chose (the fixed ones are the defaults, or stated in the model's label).
      const shown = (p: Record<string, ParamValue>) => Object.fromEntries(Object.entries(p).filter(([k]) => !['alpha', 'beta', 'k', 'ease_max', 'max_gram', 'weighting'].includes(k) || model === 'rp3beta'));
      const chosen = rs.map((r) => `${r.ndcg20.toFixed(4)} ${formatModel('', shown(r.params)).slice(1) || '–'}`).join(' | ');
      console.log(`${model.padEnd(28)}${w.padEnd(8)}${meanSd(rs.map((r) => r.ndcg20)).padStart(18)}${meanSd(rs.map((r) => r.recall20)).padStart(18)}${meanSd(rs.map((r) => r.val)).padStart(18)}  ${chosen}`);
    }
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const flag = (name: string) => args.includes(name);
  const value = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const json = flag('--json');
  if (flag('--scale-child')) {
    console.log(JSON.stringify(measureScale(JSON.parse(value('--scale-child', '{}')) as ScaleOptions)));
    return;
  }
  if (!flag('--scale') && !flag('--quality')) {
    console.log('bench-collab: give --scale and/or --quality (see the top of scripts/bench-collab.ts)');
    return;
  }
  if (flag('--scale')) {
    const r = runScale({ items: Number(value('--items', '100000')), users: Number(value('--users', '10000')), listens: Number(value('--listens', '10000000')) });
    if (json) console.log(JSON.stringify({ kind: 'scale', ...r }));
    else printScale(r);
  }
  if (flag('--quality')) {
    const list = (name: string, dflt: string) => (flag(`--no-${name}`) ? [] : value(`--${name}-seeds`, dflt).split(',').map(Number));
    const size = value('--synth-size', '20000,2000,1000000').split(',').map(Number) as [number, number, number];
    const rows = await runQuality({
      spotifySeeds: flag('--no-spotify') ? [] : value('--seeds', '42,1,2').split(',').map(Number),
      synthSeeds: list('synth', '1,2,3'),
      synthSize: size,
      weightings: value('--weightings', 'raw,binary,log').split(',') as Weighting[],
      onRow: (r) => (json ? console.log(JSON.stringify({ kind: 'quality', ...r })) : process.stderr.write(`${r.data} ${r.seed} ${r.model} (${r.weighting}): NDCG@20 ${r.ndcg20.toFixed(4)}\n`)),
    });
    if (!json) printQuality(rows);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
