/**
 * The collaborative model as a harness {@link Recommender}: `--model collaborative[:key=value,…]`.
 * Each training user is scored by fold-in from their training row, exactly as a live listener is.
 */
import type { InteractionMatrix, ParamValue, Recommender, RecommenderFactory } from '../ranking/types.js';
import { CollaborativeModel } from './model.js';
import { COLLAB_DEFAULTS as D, check, resolveCollabOptions, type CollaborativeOptions } from './state.js';
import { parseWeighting } from './weighting.js';

/** `--model collaborative` options from registry parameters (coerced by the registry to the declared types). */
export function collabOptionsOf(params: Record<string, ParamValue>): CollaborativeOptions {
  const num = (key: string, dflt: number) => {
    const v = params[key] === undefined ? dflt : Number(params[key]);
    check(Number.isFinite(v), `${key} must be a number, got ${String(params[key])}`);
    return v;
  };
  return resolveCollabOptions({
    weighting: parseWeighting(params.weighting ?? D.weighting),
    reg: num('reg', D.reg),
    alpha: num('alpha', D.alpha),
    beta: num('beta', D.beta),
    k: num('k', D.k),
    blend: num('blend', D.blend),
    easeMax: num('ease_max', D.easeMax),
  });
}

/**
 * `collaborative:weighting=,reg=,blend=,alpha=,beta=,k=,ease_max=` ({@link CollaborativeModel}):
 * EASE blended with a pruned RP3β item graph on log-scaled weights, RP3β alone when EASE's Gram
 * exceeds `ease_max`. The `--tune` grid is reg × blend (20 fits; blend 0 and 1 are EASE and RP3β alone, so
 * tuning can also choose either), about a minute on a Spotify split.
 */
export const collaborativeFactory: RecommenderFactory = {
  name: 'collaborative',
  params: {
    weighting: { default: D.weighting, doc: 'interaction weight → model value: log (log2(1 + w)), binary (1) or raw (w)' },
    reg: { default: D.reg, grid: [10, 30, 100, 300], doc: 'EASE L2 regularisation relative to the data: λ = reg × mean diagonal of XᵀX (> 0)' },
    blend: { default: D.blend, grid: [0, 0.25, 0.5, 0.75, 1], doc: 'share of RP3β in the score blend: 0 = EASE only … 1 = RP3β only' },
    alpha: { default: D.alpha, doc: 'RP3β transition exponent α (> 0)' },
    beta: { default: D.beta, doc: 'RP3β popularity penalty exponent β (≥ 0)' },
    k: { default: D.k, doc: 'RP3β successors kept per item (≥ 1)' },
    ease_max: { default: D.easeMax, doc: 'fit EASE only when min(users, items with interactions) ≤ this (dense inverse of that size)' },
  },
  create(params): Recommender {
    const options = collabOptionsOf(params);
    let model: CollaborativeModel | null = null;
    let train: InteractionMatrix | null = null;
    return {
      name: 'collaborative',
      params: {
        weighting: options.weighting, reg: options.reg, blend: options.blend, alpha: options.alpha, beta: options.beta, k: options.k, ease_max: options.easeMax,
      },
      fit(input) {
        train = input.train;
        model = CollaborativeModel.train(input.train, options);
      },
      scoreUser(u, out) {
        if (!model || !train) throw new Error('collaborative: scoreUser called before fit');
        const a = train.indptr[u];
        const b = train.indptr[u + 1];
        model.scoreHistory(train.indices.subarray(a, b), train.weights.subarray(a, b), out);
      },
    };
  },
};
