/**
 * Track index benchmark: HNSW vs exact search on 128-d clustered unit
 * vectors (a Gaussian mixture on the sphere, see packages/ml-core/src/index/synthetic.ts).
 *
 *   npm run bench:index                          # 100k and 1M, human-readable table
 *   npm run bench:index -- --size 100000 --json  # one JSON object per line and setting
 *   npm run bench:index -- --crossover           # the size where HNSW starts beating exact
 *
 * Per size: build time, memory (RSS growth while building), single-query latency
 * p50/p99 and queries per second on one core (queries run one after another on
 * the main thread), recall@10 against exact search for several ef, and the exact
 * search speed measured in the same run on a sample of the queries.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { EmbeddingModel } from '../packages/ml-core/src/embedding/model.js';
import { FEATURE_NAMES } from '../packages/ml-core/src/features/types.js';
import { seededRandom } from '../packages/ml-core/src/random.js';
import { loadTrackIndex } from '../packages/ml-core/src/track-index/persist.js';
import { ExactTrackIndex } from '../packages/ml-core/src/track-index/exact.js';
import { HnswTrackIndex, DEFAULT_HNSW_PARAMS } from '../packages/ml-core/src/track-index/hnsw.js';
import { EXACT_CROSSOVER_SIZE } from '../packages/ml-core/src/track-index/factory.js';
import { clusteredUnitVectors, gaussian } from '@audiio-ml/synth';
import type { TrackIndex } from '../packages/ml-core/src/track-index/types.js';

const { values: opt } = parseArgs({
  options: {
    size: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    dim: { type: 'string', default: '128' },
    queries: { type: 'string', default: '1000' },
    'exact-queries': { type: 'string', default: '100' },
    ef: { type: 'string', default: '16,32,64,96,128,200' },
    m: { type: 'string', default: String(DEFAULT_HNSW_PARAMS.m) },
    'ef-construction': { type: 'string', default: String(DEFAULT_HNSW_PARAMS.efConstruction) },
    spread: { type: 'string', default: '0.5' },
    intrinsic: { type: 'string', default: '16' },
    crossover: { type: 'boolean', default: false },
    persist: { type: 'boolean', default: false },
    model: { type: 'string' },
    spotify: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

if (opt.help) {
  process.stdout.write(`npm run bench:index -- [--size N]... [--json] [--crossover] [--dim 128] [--queries 1000]
  [--exact-queries 100] [--ef 16,32,64,96,128,200] [--m 16] [--ef-construction 200] [--spread 0.5] [--intrinsic 16]
  (--intrinsic 128 = isotropic within-cluster noise, the hard case)\n`);
  process.exit(0);
}

let dim = Number(opt.dim);
const nQueries = Number(opt.queries);
const nExact = Number(opt['exact-queries']);
const efs = opt.ef.split(',').map(Number);
const m = Number(opt.m);
const efConstruction = Number(opt['ef-construction']);
const spread = Number(opt.spread);
const intrinsic = Number(opt.intrinsic);
const log = (s: string) => process.stderr.write(s + '\n');
const rssMB = () => process.memoryUsage().rss / 2 ** 20;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;
const gc = (globalThis as { gc?: () => void }).gc;

interface Row {
  size: number;
  impl: 'hnsw' | 'exact';
  ef: number | null;
  m: number | null;
  efConstruction: number | null;
  recall10: number;
  qps: number;
  exactQps: number;
  p50Ms: number;
  p99Ms: number;
  /** p99 of the CPU time (user + system) per query: the search cost without time spent preempted on a busy machine. */
  p99CpuMs: number;
  buildSec: number;
  memMB: number;
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

/** Runs queries one by one; returns per-query latencies (ms, sorted), qps and the results. */
function timeQueries(index: TrackIndex, queries: Float32Array, n: number, k = 10) {
  const lat: number[] = [];
  const cpu: number[] = [];
  const results: string[][] = [];
  const t0 = nowMs();
  for (let q = 0; q < n; q++) {
    const c = process.cpuUsage();
    const t = nowMs();
    const r = index.findSimilar(queries.subarray(q * dim, (q + 1) * dim), k);
    lat.push(nowMs() - t);
    const dc = process.cpuUsage(c);
    cpu.push((dc.user + dc.system) / 1000);
    results.push(r.map((x) => x.id));
  }
  const total = nowMs() - t0;
  lat.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { lat, cpu, qps: (n * 1000) / total, results, meanMs: total / n };
}

function build(index: TrackIndex, data: Float32Array, size: number): { sec: number; memMB: number } {
  gc?.();
  const before = rssMB();
  const t0 = nowMs();
  for (let i = 0; i < size; i++) {
    index.add(`t${i}`, data.subarray(i * dim, (i + 1) * dim));
    if (size >= 200_000 && i % 100_000 === 99_999) log(`  ${index.kind}: ${i + 1} added, ${((nowMs() - t0) / 1000).toFixed(0)} s`);
  }
  const sec = (nowMs() - t0) / 1000;
  gc?.();
  return { sec, memMB: Math.max(0, rssMB() - before) };
}

function recall(found: string[][], truth: string[][]): number {
  let hits = 0;
  let total = 0;
  for (let q = 0; q < truth.length; q++) {
    const t = new Set(truth[q]);
    hits += found[q].filter((id) => t.has(id)).length;
    total += truth[q].length;
  }
  return hits / total;
}

const SPOTIFY_CSV = fileURLToPath(new URL('../../shared/data/spotify/spotify_songs.csv', import.meta.url));

/**
 * `n` unit vectors to index: clustered synthetic vectors, or with `--model`
 * the embedding model's vectors of synthetic tracks drawn like the Spotify
 * dataset (a random real track's features, each jittered by 10% of that
 * feature's standard deviation, with that track's artist and album).
 */
async function vectorsFor(n: number): Promise<Float32Array> {
  if (!opt.model) {
    log(`generating ${n} clustered vectors of ${dim} dims (spread ${spread}, intrinsic ${intrinsic})`);
    return clusteredUnitVectors(n, dim, { seed: 1, spread, intrinsic });
  }
  const csv = opt.spotify ?? SPOTIFY_CSV;
  const model = await EmbeddingModel.load(opt.model);
  dim = model.dim;
  const rows = parse<Record<string, string>>(readFileSync(csv), { columns: true, skip_empty_lines: true });
  const nF = FEATURE_NAMES.length;
  const real = new Float32Array(rows.length * nF);
  rows.forEach((r, i) => FEATURE_NAMES.forEach((f, j) => (real[i * nF + j] = f === 'loudness' ? Number(r.loudness) : Number(r[f]))));
  const std = FEATURE_NAMES.map((_, j) => {
    let s = 0;
    let sq = 0;
    for (let i = 0; i < rows.length; i++) {
      s += real[i * nF + j];
      sq += real[i * nF + j] ** 2;
    }
    return Math.sqrt(Math.max(0, sq / rows.length - (s / rows.length) ** 2));
  });
  const rand = seededRandom(1);
  const gauss = gaussian(rand);
  const features = new Float32Array(n * nF);
  const artistRows = new Int32Array(n);
  const albumRows = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const r = Math.floor(rand() * rows.length);
    for (let j = 0; j < nF; j++) {
      const f = FEATURE_NAMES[j];
      const v = real[r * nF + j];
      features[i * nF + j] = f === 'key' || f === 'mode' ? v : v + 0.1 * std[j] * gauss();
    }
    artistRows[i] = model.artistRow(rows[r].track_artist);
    albumRows[i] = model.albumRow(rows[r].track_album_id);
  }
  log(`embedding ${n} synthetic tracks drawn like ${csv} with model ${model.version} (${dim} dims)`);
  const t = nowMs();
  const out = model.embedArrays(features, artistRows, albumRows, 4096);
  log(`  embedded in ${((nowMs() - t) / 1000).toFixed(1)} s`);
  model.dispose();
  return out;
}

/** One size: exact (sampled queries, ground truth) then HNSW at every ef. */
async function benchSize(size: number): Promise<Row[]> {
  // Queries come from the same distribution as the tracks but are not inserted.
  const all = await vectorsFor(size + nQueries);
  const data = all.subarray(0, size * dim);
  const queries = all.subarray(size * dim);

  const exact = new ExactTrackIndex(dim, { initialCapacity: size });
  const eb = build(exact, data, size);
  const ex = timeQueries(exact, queries, Math.min(nExact, nQueries));
  const truth = ex.results;
  const exactQps = ex.qps;
  const rows: Row[] = [
    { size, impl: 'exact', ef: null, m: null, efConstruction: null, recall10: 1, qps: exactQps, exactQps,
      p50Ms: pct(ex.lat, 50), p99Ms: pct(ex.lat, 99), p99CpuMs: pct(ex.cpu, 99), buildSec: eb.sec, memMB: eb.memMB },
  ];
  log(`  exact: built in ${eb.sec.toFixed(1)} s, ${exactQps.toFixed(1)} queries/s`);
  emit(rows[0]);

  log(`  hnsw: building (M=${m}, efConstruction=${efConstruction}) on one thread`);
  const hnsw = new HnswTrackIndex(dim, { m, efConstruction, initialCapacity: Math.min(size, 1024) });
  const hb = build(hnsw, data, size);
  log(`  hnsw: built in ${hb.sec.toFixed(1)} s`);
  for (const ef of efs) {
    hnsw.setEf(ef);
    timeQueries(hnsw, queries, Math.min(100, nQueries)); // warm-up
    const r = timeQueries(hnsw, queries, nQueries);
    const row: Row = { size, impl: 'hnsw', ef, m, efConstruction, recall10: recall(r.results.slice(0, truth.length), truth),
      qps: r.qps, exactQps, p50Ms: pct(r.lat, 50), p99Ms: pct(r.lat, 99), p99CpuMs: pct(r.cpu, 99), buildSec: hb.sec, memMB: hb.memMB };
    rows.push(row);
    emit(row);
  }
  excludeCost(exact, hnsw, queries, size);
  if (opt.persist) persistTimes(hnsw, size);
  return rows;
}

/**
 * Queries that exclude 500 tracks (e.g. already played) at the default ef: the
 * label filter inside the HNSW search keeps k results; speed and recall (on 20
 * queries against exact search with the same exclusion) on stderr.
 */
function excludeCost(exact: TrackIndex, hnsw: HnswTrackIndex, queries: Float32Array, size: number): void {
  const exclude = new Set<string>();
  for (let i = 0; exclude.size < Math.min(500, size / 2); i++) exclude.add(`t${(i * 7919) % size}`);
  hnsw.setEf(DEFAULT_HNSW_PARAMS.ef);
  const n = Math.min(nQueries, 500);
  const t0 = nowMs();
  const found: string[][] = [];
  let short = 0;
  for (let q = 0; q < n; q++) {
    const r = hnsw.findSimilar(queries.subarray(q * dim, (q + 1) * dim), 10, { exclude });
    if (r.length < 10 || r.some((x) => exclude.has(x.id))) short++;
    found.push(r.map((x) => x.id));
  }
  const qps = (n * 1000) / (nowMs() - t0);
  const nTruth = Math.min(20, n);
  const truth: string[][] = [];
  for (let q = 0; q < nTruth; q++) truth.push(exact.findSimilar(queries.subarray(q * dim, (q + 1) * dim), 10, { exclude }).map((x) => x.id));
  log(`  hnsw ef=${DEFAULT_HNSW_PARAMS.ef} excluding ${exclude.size} tracks: ${qps.toFixed(0)} queries/s, recall@10 ${recall(found.slice(0, nTruth), truth).toFixed(3)} (${nTruth} queries), ${short} of ${n} results short of 10 or holding an excluded track`);
}

/** Save and load time (with checksum) of the HNSW index, on stderr. */
function persistTimes(index: TrackIndex, size: number): void {
  const dir = mkdtempSync(join(tmpdir(), 'audiio-bench-index-'));
  try {
    const base = join(dir, 'bench');
    let t = nowMs();
    index.save(base, { modelVersion: 'bench', embeddingsCount: size });
    const saveSec = (nowMs() - t) / 1000;
    t = nowMs();
    const back = loadTrackIndex(base, { modelVersion: 'bench', embeddingsCount: size });
    const loadSec = (nowMs() - t) / 1000;
    const fileMB = (statSync(base + '.hnsw').size + statSync(base + '.json').size) / 2 ** 20;
    log(`  hnsw: saved in ${saveSec.toFixed(1)} s, loaded and verified in ${loadSec.toFixed(1)} s (${back.size()} tracks, ${fileMB.toFixed(0)} MB on disk)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function emit(row: Row): void {
  if (opt.json) process.stdout.write(JSON.stringify(row) + '\n');
}

function printTable(rows: Row[]): void {
  const head = ['size', 'impl', 'ef', 'recall@10', 'qps', 'speed-up', 'p50 ms', 'p99 ms', 'p99 CPU ms', 'build s', 'mem MB'];
  const lines = rows.map((r) => [
    String(r.size), r.impl, r.ef === null ? '-' : String(r.ef), r.recall10.toFixed(4), r.qps.toFixed(1),
    `${(r.qps / r.exactQps).toFixed(1)}×`, r.p50Ms.toFixed(3), r.p99Ms.toFixed(3), r.p99CpuMs.toFixed(3), r.buildSec.toFixed(1), r.memMB.toFixed(0),
  ]);
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const l of lines) process.stdout.write(`| ${l.join(' | ')} |\n`);
}

/**
 * Crossover: for growing sizes, the mean query latency (500 queries after 50
 * warm-up ones) of exact search vs HNSW at the smallest ef (of --ef) reaching
 * recall@10 ≥ 0.98; the crossover is the smallest size from which HNSW is
 * faster at every larger size measured.
 */
function crossover(): void {
  const sizes = [250, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000];
  let found: number | undefined;
  if (!opt.json) process.stdout.write('| size | exact ms/query | hnsw ms/query | hnsw ef | recall@10 |\n|---|---|---|---|---|\n');
  for (const size of sizes) {
    const nq = 500;
    const all = clusteredUnitVectors(size + nq, dim, { seed: 2, spread, intrinsic });
    const data = all.subarray(0, size * dim);
    const queries = all.subarray(size * dim);
    const exact = new ExactTrackIndex(dim, { initialCapacity: size });
    build(exact, data, size);
    timeQueries(exact, queries, 50);
    const ex = timeQueries(exact, queries, nq);
    const hnsw = new HnswTrackIndex(dim, { m, efConstruction });
    build(hnsw, data, size);
    let chosen: { ef: number; meanMs: number; recall: number } | undefined;
    for (const ef of efs) {
      hnsw.setEf(ef);
      timeQueries(hnsw, queries, 50);
      const r = timeQueries(hnsw, queries, nq);
      const rc = recall(r.results, ex.results);
      if (rc >= 0.98) {
        chosen = { ef, meanMs: r.meanMs, recall: rc };
        break;
      }
    }
    const row = { size, exactMsPerQuery: ex.meanMs, hnswMsPerQuery: chosen?.meanMs ?? null, ef: chosen?.ef ?? null, recall10: chosen?.recall ?? null };
    if (opt.json) process.stdout.write(JSON.stringify({ crossover: row }) + '\n');
    else process.stdout.write(`| ${size} | ${ex.meanMs.toFixed(3)} | ${chosen ? chosen.meanMs.toFixed(3) : 'n/a'} | ${chosen?.ef ?? '-'} | ${chosen ? chosen.recall.toFixed(3) : '-'} |\n`);
    // The crossover is the smallest size from which HNSW stays faster at every larger size measured.
    if (chosen && chosen.meanMs < ex.meanMs) found ??= size;
    else found = undefined;
  }
  const msg = `crossover: HNSW beats exact search from ${found ?? '> ' + sizes.at(-1)} tracks (factory constant EXACT_CROSSOVER_SIZE = ${EXACT_CROSSOVER_SIZE})`;
  if (opt.json) process.stdout.write(JSON.stringify({ crossoverSize: found ?? null, factoryConstant: EXACT_CROSSOVER_SIZE }) + '\n');
  else process.stdout.write(msg + '\n');
}

if (opt.crossover) crossover();
else {
  const sizes = (opt.size?.length ? opt.size.flatMap((s) => s.split(',')) : ['100000', '1000000']).map(Number);
  const rows: Row[] = [];
  for (const size of sizes) rows.push(...(await benchSize(size)));
  if (!opt.json) printTable(rows);
}
