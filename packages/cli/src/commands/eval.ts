import type { Command } from 'commander';
import { writeFileSync } from 'node:fs';
import cliProgress from 'cli-progress';
import {
  AudiioError,
  errorMessage,
  formatModel,
  isAudiioError,
  loadEvalDataset,
  parseModelSpec,
  renderMetricsSvg,
  summariseIssues,
  tuneAndEvaluate,
  type EvalDataset,
  type EvalResult,
  type ModelSpec,
  type ParamValue,
  type RecommenderFactory,
} from '@audiio-ml/ml-core';
import { EXIT } from '../exit.js';
import { showProgress } from '../options.js';

interface EvalOptions {
  train: string;
  test: string;
  items?: string;
  model: string[];
  k: string;
  json?: boolean;
  tune?: boolean;
  valTrain?: string;
  val?: string;
  tuneMetric: string;
  plot?: string;
  seed: string;
}

/** The model's parameters worth showing: those with a grid or not at their default. */
function shownParams(factory: RecommenderFactory, params: Record<string, ParamValue>): Record<string, ParamValue> {
  const out: Record<string, ParamValue> = {};
  for (const [k, v] of Object.entries(params)) {
    const d = factory.params[k];
    if (!d || d.grid || v !== d.default) out[k] = v;
  }
  return out;
}

function parseKs(raw: string): number[] {
  const ks = raw.split(',').map((s) => Number(s.trim()));
  if (ks.length === 0 || ks.some((k) => !Number.isInteger(k) || k < 1)) {
    throw new AudiioError('BAD_ARGUMENT', `--k takes positive integers separated by commas, got "${raw}"`);
  }
  return [...new Set(ks)].sort((a, b) => a - b);
}

/** Prints the skipped rows of every file to stderr; returns how many there were. */
function reportIssues(data: EvalDataset, what: string): number {
  let total = 0;
  for (const f of data.issues) {
    if (!f.issues.length) continue;
    total += f.issues.length;
    process.stderr.write(`${what}: ${f.path}: skipped ${f.issues.length} row(s):\n`);
    for (const line of summariseIssues(f.issues)) process.stderr.write(`  ${line}\n`);
  }
  return total;
}

function progressFor(label: string): { update: (done: number, total: number) => void; stop: () => void } {
  if (!showProgress()) return { update: () => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { format: `${label.padEnd(28).slice(0, 28)} [{bar}] {value}/{total} users | {eta}s`, stream: process.stderr, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, 0);
        started = true;
      }
      if (done % 16 === 0 || done === total) bar.update(done);
    },
    stop: () => started && bar.stop(),
  };
}

function table(rows: { label: string; r: EvalResult }[], ks: number[]): string {
  const cols = [...ks.map((k) => `recall@${k}`), ...ks.map((k) => `ndcg@${k}`), 'coverage@20', 'distinctArtists@20'];
  const heads = [...ks.map((k) => `R@${k}`), ...ks.map((k) => `N@${k}`), 'cov@20', 'artists@20', 'seconds'];
  const width = Math.max(5, ...rows.map((x) => x.label.length));
  const lines = [`${'model'.padEnd(width)}  ${heads.map((h) => h.padStart(11)).join('')}`];
  for (const { label, r } of rows) {
    const cells = cols.map((c) => (c === 'distinctArtists@20' ? r.metrics[c].toFixed(2) : r.metrics[c].toFixed(4)).padStart(11));
    lines.push(`${label.padEnd(width)}  ${cells.join('')}${r.seconds.toFixed(2).padStart(11)}`);
  }
  return lines.join('\n') + '\n';
}

/** `audiio-ml eval`: fit and score recommenders on a train/test split with the harness of EVALUATION.md. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description('evaluate recommenders offline: Recall@K, NDCG@K, coverage@20, distinct artists, seconds')
    .requiredOption('--train <file>', 'training interactions (user,item[,weight][,timestamp])')
    .requiredOption('--test <file>', 'held-out interactions, same format')
    .option('--items <file>', 'item attributes: generic items.csv or a spotify_songs.csv-shaped file (by header)')
    .option('--model <spec>', 'NAME[:key=value,...], repeatable, e.g. itemknn:k=200,shrink=10', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--k <list>', 'cut-offs for Recall and NDCG', '10,20,50')
    .option('--json', 'one JSON object per model per line')
    .option('--tune', "tune each model's declared grid on --val-train/--val, report test figures for the chosen values")
    .option('--val-train <file>', 'validation training split (for --tune)')
    .option('--val <file>', 'validation held-out split (for --tune)')
    .option('--tune-metric <metric>', 'metric --tune maximises', 'ndcg@20')
    .option('--plot <file.svg>', 'draw Recall@K and NDCG@K per model as an SVG chart')
    .option('--seed <n>', 'seed for models with randomness', '42')
    .action(async (opts: EvalOptions) => {
      if (opts.model.length === 0) throw new AudiioError('BAD_ARGUMENT', 'give at least one --model, e.g. --model popularity --model ease:lambda=100');
      if (opts.tune && (!opts.valTrain || !opts.val)) throw new AudiioError('BAD_ARGUMENT', '--tune needs --val-train and --val (never tune on the test file)');
      const ks = parseKs(opts.k);
      const seed = Number(opts.seed);
      if (!Number.isInteger(seed)) throw new AudiioError('BAD_ARGUMENT', `--seed must be an integer, got "${opts.seed}"`);
      const specs: ModelSpec[] = opts.model.map((m) => parseModelSpec(m));
      const data = loadEvalDataset({ train: opts.train, test: opts.test, items: opts.items });
      let skipped = reportIssues(data, 'eval');
      const val = opts.tune ? loadEvalDataset({ train: opts.valTrain as string, test: opts.val as string, items: opts.items }) : null;
      if (val) skipped += reportIssues(val, 'tune');
      let failed = 0;
      const done: { label: string; r: EvalResult }[] = [];
      for (const spec of specs) {
        const label0 = formatModel(spec.factory.name, shownParams(spec.factory, spec.params));
        const bar = progressFor(label0);
        try {
          const { params, result: r, tuned } = await tuneAndEvaluate(spec, data, {
            val: val ?? undefined,
            metric: opts.tuneMetric,
            ks,
            seed,
            onTrial: (p, v, i, n) => {
              if (!opts.json) {
                process.stderr.write(`tune ${spec.factory.name} ${i}/${n}: ${formatModel(spec.factory.name, shownParams(spec.factory, p))} ${opts.tuneMetric}=${v.toFixed(4)}\n`);
              }
            },
            onProgress: bar.update,
          });
          bar.stop();
          const label = formatModel(spec.factory.name, shownParams(spec.factory, params));
          done.push({ label, r });
          if (opts.json) {
            process.stdout.write(
              JSON.stringify({ model: r.model, params: r.params, ...r.metrics, seconds: r.seconds, fitSeconds: r.fitSeconds, users: r.users, ...(tuned ? { tuned } : {}) }) + '\n',
            );
          }
        } catch (err) {
          bar.stop();
          failed++;
          process.stderr.write(`eval: model ${label0} failed: ${isAudiioError(err) ? `[${err.code}] ` : ''}${errorMessage(err)}\n`);
        }
      }
      if (!opts.json && done.length) process.stdout.write(table(done, ks));
      if (opts.plot && done.length) {
        writeFileSync(opts.plot, renderMetricsSvg(done.map((d) => ({ label: d.label, metrics: d.r.metrics })), ks));
        if (!opts.json) process.stdout.write(`chart written to ${opts.plot}\n`);
      }
      if (skipped > 0 && !opts.json) process.stderr.write(`eval: ${skipped} input row(s) were skipped (listed above)\n`);
      process.exitCode = done.length === 0 ? EXIT.USAGE : failed > 0 || skipped > 0 ? EXIT.PARTIAL : EXIT.OK;
    });
}
