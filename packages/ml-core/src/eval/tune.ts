import { AudiioError } from '../errors.js';
import type { EvalDataset } from './dataset.js';
import { evaluate, type EvalResult } from './harness.js';
import { paramGrid } from './registry.js';
import type { ParamValue, RecommenderFactory } from './types.js';

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
