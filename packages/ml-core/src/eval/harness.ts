import type { EvalDataset } from './dataset.js';
import { distinctArtistsAtK, ndcgAtK, recallAtK, topK } from '../ranking/metrics.js';
import type { ParamValue, Recommender } from '../ranking/types.js';

/** Options of {@link evaluate}. */
export interface EvaluateOptions {
  /** Cut-offs for Recall@K and NDCG@K (default 10, 20, 50). */
  ks?: readonly number[];
  /** Seed passed to `fit` (default 42). */
  seed?: number;
  /** Called after every scored user (done, total), e.g. to draw a progress bar. */
  onProgress?: (done: number, total: number) => void;
}

/** The figures of one model on one split. */
export interface EvalResult {
  model: string;
  params: Record<string, ParamValue>;
  /** `recall@K`, `ndcg@K` for every K, `coverage@20`, `distinctArtists@20` (mean over users). */
  metrics: Record<string, number>;
  /** Users evaluated (users with at least one held-out item). */
  users: number;
  fitSeconds: number;
  scoreSeconds: number;
  /** fit + score, wall clock. */
  seconds: number;
}

/** Cut-off of coverage and distinct artists, as in EVALUATION.md. */
export const COVERAGE_K = 20;

/**
 * Fits `model` on the split's training data and scores every user with held-out items,
 * following `EVALUATION.md`: each user's ranking covers every catalogue item the user has no
 * training interaction with; ties go to the lower item id (code-point order); Recall@K and
 * NDCG@K are averaged over users unweighted; coverage@20 is distinct items in all top-20
 * lists ÷ catalogue size.
 *
 * Users are streamed: one reused score buffer of catalogue length and a top-K heap, never a
 * users × items matrix, so memory is O(items + model) whatever the number of users.
 */
export async function evaluate(model: Recommender, data: EvalDataset, options: EvaluateOptions = {}): Promise<EvalResult> {
  const ks = [...(options.ks ?? [10, 20, 50])].sort((a, b) => a - b);
  const maxK = Math.max(COVERAGE_K, ...ks);
  const { train, test, items } = data;
  const nItems = items.ids.length;
  const t0 = performance.now();
  await model.fit({ users: data.users, items, train, seed: options.seed ?? 42 });
  const t1 = performance.now();
  const scores = new Float32Array(nItems);
  const ranked = new Int32Array(maxK);
  const covered = new Uint8Array(nItems);
  const sums = new Map<string, number>();
  const add = (key: string, v: number) => sums.set(key, (sums.get(key) ?? 0) + v);
  const evaluated: number[] = [];
  for (let u = 0; u < test.nUsers; u++) if (test.indptr[u + 1] > test.indptr[u]) evaluated.push(u);
  let done = 0;
  for (const u of evaluated) {
    scores.fill(0);
    model.scoreUser(u, scores);
    const n = topK(scores, maxK, train.indices.subarray(train.indptr[u], train.indptr[u + 1]), ranked);
    const list = ranked.subarray(0, n);
    const relevant = new Set(test.indices.subarray(test.indptr[u], test.indptr[u + 1]));
    for (const k of ks) {
      add(`recall@${k}`, recallAtK(list, relevant, k));
      add(`ndcg@${k}`, ndcgAtK(list, relevant, k));
    }
    for (let r = 0; r < Math.min(COVERAGE_K, n); r++) covered[list[r]] = 1;
    add(`distinctArtists@${COVERAGE_K}`, distinctArtistsAtK(list, items.artist, COVERAGE_K));
    options.onProgress?.(++done, evaluated.length);
  }
  const t2 = performance.now();
  const metrics: Record<string, number> = {};
  const nUsers = evaluated.length;
  for (const k of ks) {
    metrics[`recall@${k}`] = nUsers ? (sums.get(`recall@${k}`) ?? 0) / nUsers : 0;
    metrics[`ndcg@${k}`] = nUsers ? (sums.get(`ndcg@${k}`) ?? 0) / nUsers : 0;
  }
  let c = 0;
  for (let i = 0; i < nItems; i++) c += covered[i];
  metrics[`coverage@${COVERAGE_K}`] = nItems ? c / nItems : 0;
  metrics[`distinctArtists@${COVERAGE_K}`] = nUsers ? (sums.get(`distinctArtists@${COVERAGE_K}`) ?? 0) / nUsers : 0;
  return {
    model: model.name,
    params: { ...model.params },
    metrics,
    users: nUsers,
    fitSeconds: (t1 - t0) / 1000,
    scoreSeconds: (t2 - t1) / 1000,
    seconds: (t2 - t0) / 1000,
  };
}
