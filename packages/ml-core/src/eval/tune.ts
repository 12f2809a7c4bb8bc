import { AudiioError } from '../errors.js';
import type { EvalDataset } from './dataset.js';
import { evaluate, type EvalResult, type EvaluateOptions } from './harness.js';
import { paramGrid, type ModelSpec } from './registry.js';
import type { ParamValue, RecommenderFactory } from '../ranking/types.js';

/** Options of {@link tuneModel}. */
export interface TuneOptions {
  /** Metric to maximise on the validation split (default `ndcg@20`). */
  metric?: string;
  ks?: readonly number[];
  seed?: number;
  /** Called after each tried combination. */
  onTrial?: (params: Record<string, ParamValue>, value: number, index: number, total: number) => void;
}

/** The outcome of a grid search. */
export interface TuneResult {
  metric: string;
  /** The chosen parameters (the first best in grid order). */
  best: Record<string, ParamValue>;
  bestValue: number;
  trials: { params: Record<string, ParamValue>; value: number; result: EvalResult }[];
}

/**
 * Grid search on a validation split (e.g. `val_train` / `val`, never the test file): fits
 * and scores every combination of the factory's declared grids ({@link paramGrid}; parameters
 * in `fixed` stay fixed) and keeps the one with the highest `metric`.
 *
 * @throws AudiioError `BAD_ARGUMENT` when `metric` is not one the harness reports.
 */
export async function tuneModel(
  factory: RecommenderFactory,
  fixed: Record<string, ParamValue>,
  val: EvalDataset,
  options: TuneOptions = {},
): Promise<TuneResult> {
  const metric = options.metric ?? 'ndcg@20';
  const grid = paramGrid(factory, fixed);
  const metricK = /@(\d+)$/.exec(metric);
  const ks = [...new Set([...(options.ks ?? [10, 20, 50]), ...(metricK ? [Number(metricK[1])] : [])])];
  const trials: TuneResult['trials'] = [];
  let best = -Infinity;
  let bestParams = grid[0];
  for (const [index, params] of grid.entries()) {
    const result = await evaluate(factory.create(params), val, { ks, seed: options.seed });
    const value = result.metrics[metric];
    if (value === undefined) {
      throw new AudiioError('BAD_ARGUMENT', `unknown tuning metric "${metric}"; one of ${Object.keys(result.metrics).join(', ')}`);
    }
    trials.push({ params, value, result });
    options.onTrial?.(params, value, index + 1, grid.length);
    if (value > best) {
      best = value;
      bestParams = params;
    }
  }
  return { metric, best: bestParams, bestValue: best, trials };
}

/** Options of {@link tuneAndEvaluate}. */
export interface TuneAndEvaluateOptions extends EvaluateOptions {
  /**
   * Validation split to tune on (`val_train` / `val`, never the test file). Without it the model
   * is evaluated with the parameters of its spec.
   */
  val?: EvalDataset;
  /** Metric to maximise when tuning (default `ndcg@20`). */
  metric?: string;
  /** Called after each tried combination. */
  onTrial?: TuneOptions['onTrial'];
}

/** What {@link tuneAndEvaluate} measured. */
export interface TunedEvaluation {
  /** The parameters evaluated on the test split (the chosen ones, when tuned). */
  params: Record<string, ParamValue>;
  result: EvalResult;
  /** The grid search, when there was one. */
  tuned?: { metric: string; value: number; trials: number };
}

/**
 * The protocol of `audiio-ml eval --tune` for one model: the grid search on `options.val`
 * ({@link tuneModel}), then one evaluation of the chosen parameters on `test` ({@link evaluate}).
 */
export async function tuneAndEvaluate(spec: ModelSpec, test: EvalDataset, options: TuneAndEvaluateOptions = {}): Promise<TunedEvaluation> {
  let params = spec.params;
  let tuned: TunedEvaluation['tuned'];
  if (options.val) {
    const t = await tuneModel(spec.factory, spec.given, options.val, {
      metric: options.metric,
      ks: options.ks,
      seed: options.seed,
      onTrial: options.onTrial,
    });
    params = t.best;
    tuned = { metric: t.metric, value: t.bestValue, trials: t.trials.length };
  }
  const result = await evaluate(spec.factory.create(params), test, { ks: options.ks, seed: options.seed, onProgress: options.onProgress });
  return { params, result, ...(tuned ? { tuned } : {}) };
}
