/**
 * Scale check of the evaluation harness (`npm run bench:eval -- --scale`): a synthetic split at
 * about 10× the Spotify one (280k items, 5k users, ~68 items per user as in Spotify, Zipf-like
 * item popularity), each model fitted and scored in its own child process so that its peak
 * memory (getrusage maxRSS) is its own. Prints time and memory per model, then an upper-bound
 * estimate for 1M items × 100k users from per-element byte counts checked against the run.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { FEATURE_NAMES, evaluate, parseModelSpec, type EvalDataset, type ItemCatalogue } from '@audiio-ml/ml-core';
import { seededRandom } from '../packages/ml-core/src/random.js';
import { toCsr } from '../packages/ml-core/src/ranking/interactions.js';
import { searchCumulative } from '@audiio-ml/synth';

const MB = 1024 * 1024;


/** A synthetic split: Zipf(0.9)-popular items, log-normal user lengths (median 50, mean ≈ 68), 1/5 of each user held out. */
export function syntheticSplit(nItems: number, nUsers: number, seed = 7): EvalDataset {
  const rnd = seededRandom(seed);
  const cdf = new Float64Array(nItems);
  let acc = 0;
  for (let i = 0; i < nItems; i++) cdf[i] = acc += 1 / (i + 10) ** 0.9;
  // Popular items are spread over the id space so that popularity and id order are unrelated.
  const perm = Int32Array.from({ length: nItems }, (_, i) => i);
  for (let i = nItems - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [perm[i], perm[j]] = [perm[j], perm[i]];
  }
  const draw = () => perm[searchCumulative(cdf, rnd() * acc)];
  const tr: number[][] = [[], []];
  const te: number[][] = [[], []];
  for (let u = 0; u < nUsers; u++) {
    const gauss = Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());
    const len = Math.min(500, Math.max(5, Math.round(Math.exp(Math.log(50) + 0.8 * gauss))));
    const set = new Set<number>();
    while (set.size < len) set.add(draw());
    const items = [...set];
    const nTest = Math.max(1, Math.floor(len / 5));
    items.forEach((i, k) => (k < nTest ? te : tr).forEach((col, c) => col.push(c === 0 ? u : i)));
  }
  const pad = String(nItems).length;
  const ids = Array.from({ length: nItems }, (_, i) => `t${String(i).padStart(pad, '0')}`);
  const features = new Float32Array(nItems * FEATURE_NAMES.length);
  for (let i = 0; i < features.length; i++) features[i] = FEATURE_NAMES[i % 10] === 'tempo' ? 60 + 140 * rnd() : FEATURE_NAMES[i % 10] === 'key' ? Math.floor(12 * rnd()) : rnd();
  const items: ItemCatalogue = {
    ids,
    artist: ids.map((_, i) => `artist${Math.floor(i / 8)}`),
    album: new Array<string | null>(nItems).fill(null),
    genre: new Array<string | null>(nItems).fill(null),
    releaseDate: new Array<string | null>(nItems).fill(null),
    popularity: new Float32Array(nItems).fill(NaN),
    features,
  };
  const csr = (rows: number[][]) => toCsr(nUsers, nItems, Int32Array.from(rows[0]), Int32Array.from(rows[1]), new Float32Array(rows[0].length).fill(1));
  const users = Array.from({ length: nUsers }, (_, u) => `u${String(u).padStart(6, '0')}`);
  return { users, items, train: csr(tr), test: csr(te), issues: [] };
}

/** The JSON line a `--scale-one` child prints: one model's sizes, timings and memory. */
interface ScaleOneResult {
  spec: string;
  items: number;
  users: number;
  trainPairs: number;
  testPairs: number;
  generateSeconds: number;
  fitSeconds: number;
  scoreSeconds: number;
  baseMB: number;
  afterDataMB: number;
  peakMB: number;
  heapMB: number;
  recall20: number;
}

/** Peak resident memory so far (getrusage maxRSS), MB. */
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;
/** Current resident memory, MB. */
const rssMB = () => process.memoryUsage().rss / MB;

/**
 * Memory of a model's own arrays, in MB, from the per-element byte counts of its source:
 * itemknn keeps ≤ k neighbours per item twice during fit (8 B each) plus a transpose of the
 * pairs; rp3beta a transpose and degree/accumulator vectors; content 11 float32 dims + norms.
 * EASE refuses when both users and items exceed max_gram, as at 1M × 100k.
 */
function modelMB(spec: string, n: number, m: number, nnz: number): number {
  const k = Number(/k=(\d+)/.exec(spec)?.[1] ?? 200);
  const bytes: Record<string, number> = {
    random: 0,
    popularity: 12 * n,
    itemknn: 8 * nnz + 2 * 8 * n * k + 100 * n,
    rp3beta: 8 * nnz + 16 * n + 16 * m,
    content: 60 * n,
    ease: 0,
  };
  return bytes[spec.split(':')[0]] / MB;
}

export async function runScale(args: string[]): Promise<void> {
  const value = (name: string, dflt: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : dflt);
  const nItems = Number(value('--items', '280000'));
  const nUsers = Number(value('--users', '5000'));
  if (args.includes('--scale-one')) {
    const spec = value('--scale-one', 'popularity');
    const base = rssMB();
    const t0 = performance.now();
    const data = syntheticSplit(nItems, nUsers);
    const gen = (performance.now() - t0) / 1000;
    const afterData = rssMB();
    const { factory, params } = parseModelSpec(spec);
    const r = await evaluate(factory.create(params), data);
    const result: ScaleOneResult = {
      spec, items: nItems, users: nUsers, trainPairs: data.train.indices.length, testPairs: data.test.indices.length,
      generateSeconds: gen, fitSeconds: r.fitSeconds, scoreSeconds: r.scoreSeconds,
      baseMB: base, afterDataMB: afterData, peakMB: peakRssMB(), heapMB: process.memoryUsage().heapUsed / MB, recall20: r.metrics['recall@20'],
    };
    console.log(JSON.stringify(result));
    return;
  }
  // random is left out by default: its cost is one PRNG call per item and user, not the harness.
  const specs = value('--models', 'popularity;itemknn:k=200,shrink=10;rp3beta:alpha=0.5,beta=0.25;content:artist=64').split(';');
  if (args.includes('--with-ease')) specs.push('ease:lambda=100,max_gram=10000');
  const target = { n: 1_000_000, m: 100_000 };
  console.log(`Synthetic split: ${nItems} items × ${nUsers} users (each model in its own process; memory = peak RSS)\n`);
  const heads = ['fit s', 'score s', 'ms/user', 'peak MB', 'data MB', 'model MB', 'formula MB', '1M×100k MB', '1M×100k h'];
  console.log(`${'model'.padEnd(30)}${heads.map((h) => h.padStart(11)).join('')}`);
  let note = '';
  for (const spec of specs) {
    const child = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(new URL('./bench-eval.ts', import.meta.url)), '--scale-one', spec, '--items', String(nItems), '--users', String(nUsers)], {
      encoding: 'utf8',
      maxBuffer: 16 * MB,
    });
    const line = child.stdout.trim().split('\n').pop() ?? '';
    if (child.status !== 0 || !line.startsWith('{')) {
      console.log(`${spec.padEnd(30)} failed: ${child.stderr.trim().split('\n').slice(-3).join(' | ')}`);
      continue;
    }
    const r = JSON.parse(line) as ScaleOneResult;
    const nnz = r.trainPairs + r.testPairs;
    const nnzTarget = (nnz / nUsers) * target.m;
    const data = r.afterDataMB - r.baseMB;
    // Upper bound at the target: the measured data grown by the larger of the item and pair ratios,
    // the harness (one float32 score and one byte per item), the model's arrays by formula.
    const grow = Math.max(target.n / nItems, nnzTarget / nnz);
    const bound = r.baseMB + data * grow + (5 * target.n) / MB + modelMB(spec, target.n, target.m, nnzTarget);
    const hours = ((r.scoreSeconds / nUsers) * (target.n / nItems) * target.m) / 3600;
    const cells = [r.fitSeconds.toFixed(2), r.scoreSeconds.toFixed(2), ((1000 * r.scoreSeconds) / nUsers).toFixed(2), r.peakMB.toFixed(0), data.toFixed(0),
      (r.peakMB - r.afterDataMB).toFixed(0), modelMB(spec, nItems, nUsers, nnz).toFixed(0), bound.toFixed(0), hours.toFixed(1)];
    console.log(`${spec.padEnd(30)}${cells.map((x) => x.padStart(11)).join('')}`);
    note ||= `process at start ${r.baseMB.toFixed(0)} MB; ${r.trainPairs} train + ${r.testPairs} test pairs; data grown ×${grow.toFixed(1)} for the bound`;
  }
  console.log(
    `\n${note}.\n"model MB" = peak − after generating the split (measured); "formula MB" = the model's arrays by byte count at this size ` +
      `(itemknn assumes all k neighbours filled, an upper bound); "1M×100k MB" = start + data × growth + harness + formula at 1M items × 100k users ` +
      `with the same items per user; "1M×100k h" = scoring time extrapolated as items × users from ms/user (single thread). ` +
      `EASE needs a dense min(users, items)² inverse and refuses above max_gram = 10,000 (so at 1M × 100k); --with-ease runs it here.`,
  );
}
