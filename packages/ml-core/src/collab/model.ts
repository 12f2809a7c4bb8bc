/**
 * The engine's collaborative model ("based on user behaviour"): trained from every user's
 * interactions with their weights, it scores any listener from their current history vector at
 * query time (fold-in), so a listen counts the moment it is recorded, without retraining.
 *
 * It blends two item–item models, chosen by measurement on the Spotify splits and on synthetic
 * listening data (scripts/bench-collab.ts):
 * - EASE (Steck 2019), when the smaller Gram matrix has at most `easeMax` rows (a dense inverse
 *   of that size; minutes and GBs beyond a few thousand), in item or user (Woodbury) form;
 * - RP3β (Paudel et al. 2017), a row-pruned sparse item graph (k successors per item), which scales
 *   to any catalogue and is used alone when EASE does not fit.
 * Both train and score on transformed weights ({@link Weighting}; default log2(1 + w)). The blend
 * is (1 − blend)·ease/max|ease| + blend·rp3/max|rp3|, each scaled by its largest magnitude over the
 * user's candidate items, so that the weight means the same for every user.
 *
 * What fold-in cannot do: a track that had no training interaction (new in the library, or first
 * played after training) has no neighbours and scores −∞ until the next training; a new track in
 * a history does not add evidence either. A new user is scored at once from their history, but with
 * an empty history every warm track scores 0 (use another source, e.g. popularity, for them). The
 * item–item weights themselves (who co-listens with whom) only change when the model is retrained.
 */
import type { InteractionMatrix } from '../ranking/types.js';
import { itemCounts } from '../ranking/interactions.js';
import { topK } from '../ranking/metrics.js';
import { fitEase, scoreEaseHistory, type EaseFit } from './ease.js';
import { readCollabState, writeCollabState } from './io.js';
import { rp3betaGraph, scoreGraph } from './item-graph.js';
import { check, resolveCollabOptions, type CollaborativeOptions, type CollabMethod, type CollabState } from './state.js';
import { weightMatrix, weightValue } from './weighting.js';

/** One neighbour of {@link CollaborativeModel.similarItems}. */
export interface SimilarItem {
  item: number;
  score: number;
}

/** Scales `s` by 1/max|s_j| over the items `candidate` marks (no-op when all are 0). */
function maxScale(s: Float32Array | Float64Array, candidate: (j: number) => boolean): number {
  let m = 0;
  for (let j = 0; j < s.length; j++) if (candidate(j) && Math.abs(s[j]) > m) m = Math.abs(s[j]);
  return m > 0 ? 1 / m : 0;
}

/** A trained collaborative model (see the module doc). */
export class CollaborativeModel {
  private readonly easeOut: Float32Array;
  private readonly graphAcc: Float64Array;
  private readonly mark: Uint8Array;

  /** Wraps a trained state; use {@link CollaborativeModel.train} or {@link CollaborativeModel.load}. */
  constructor(readonly state: CollabState) {
    const n = state.counts.length;
    this.easeOut = new Float32Array(n);
    this.graphAcc = new Float64Array(n);
    this.mark = new Uint8Array(n);
  }

  /**
   * Trains on `train` (users × items, weights > 0: plays, likes; as given, the weighting is applied
   * here). EASE is fitted when `blend` < 1 and min(users, items with interactions) ≤ `easeMax`, the
   * RP3β graph when `blend` > 0 or EASE does not fit.
   *
   * @throws AudiioError `BAD_ARGUMENT` for invalid options or a non-positive weight.
   */
  static train(train: InteractionMatrix, options: Partial<CollaborativeOptions> = {}): CollaborativeModel {
    const o = resolveCollabOptions(options);
    check(o.itemIds === null || o.itemIds.length === train.nItems, `itemIds has ${o.itemIds?.length} ids for ${train.nItems} items`);
    for (let e = 0; e < train.weights.length; e++) {
      const w = train.weights[e];
      if (!(w > 0 && w < Infinity)) check(false, `interaction weights must be finite and > 0 (pair ${e} has ${w})`);
    }
    const x = weightMatrix(train, o.weighting);
    const counts = itemCounts(x);
    let warm = 0;
    for (const c of counts) if (c > 0) warm++;
    let norm2 = 0;
    for (const v of x.weights) norm2 += v * v;
    const side = Math.min(warm, train.nUsers);
    let note: string | null = null;
    let ease: EaseFit | null = null;
    if (o.blend < 1) {
      if (side <= o.easeMax) ease = fitEase(x, o.reg * (warm > 0 ? norm2 / warm : 1), o.easeMax);
      else note = `EASE left out: ${train.nUsers} users and ${warm} items with interactions both exceed ease_max=${o.easeMax}; RP3β alone`;
    }
    const graph = o.blend > 0 || ease === null ? rp3betaGraph(x, { alpha: o.alpha, beta: o.beta, k: o.k }) : null;
    return new CollaborativeModel({ options: o, nUsers: train.nUsers, pairs: train.indices.length, counts, ease, graph, note });
  }

  /**
   * Saves the model into `dir` (created if needed): `collab.bin` (its arrays) and `collab.json`
   * (versioned metadata with the payload's SHA-256), each written atomically.
   */
  save(dir: string): void {
    writeCollabState(this.state, dir);
  }

  /**
   * Loads a model saved with {@link CollaborativeModel.save}.
   *
   * @throws AudiioError `NOT_FOUND` when `dir` holds no model; `BAD_MODEL` when its files are
   * corrupt (checksum, schema, sizes) or of another format version.
   */
  static load(dir: string): CollaborativeModel {
    return new CollaborativeModel(readCollabState(dir));
  }

  /** Items the model scores (the catalogue size it was trained on). */
  get nItems(): number {
    return this.state.counts.length;
  }

  /** The components it holds. */
  get method(): CollabMethod {
    const { ease, graph } = this.state;
    return ease && graph ? 'ease+rp3beta' : ease ? 'ease' : 'rp3beta';
  }

  /** The effective RP3β share: the option, or 0 / 1 when only one component is held. */
  get blend(): number {
    const { ease, graph, options } = this.state;
    return ease && graph ? options.blend : ease ? 0 : 1;
  }

  /**
   * Scores every item for a listener with history `items` (distinct item indices) and `weights`
   * (their evidence, > 0, as in training: plays, likes) into `out` (length nItems): higher is
   * better; −∞ for the history's own items and for items without training interactions. Cost:
   * O(history · k + items) for RP3β, plus O(history · warm items) (item form) or
   * O(history · their users + users² + pairs) (user form) for EASE.
   *
   * @throws AudiioError `BAD_ARGUMENT` for mismatched lengths, an unknown or repeated item, or a weight ≤ 0.
   */
  scoreHistory(items: ArrayLike<number>, weights: ArrayLike<number>, out: Float32Array): void {
    const n = this.nItems;
    const { counts, ease, graph } = this.state;
    check(items.length === weights.length, `history has ${items.length} items but ${weights.length} weights`);
    check(out.length === n, `out has length ${out.length}, the model scores ${n} items`);
    const mark = this.mark;
    const x = new Float32Array(items.length);
    try {
      for (let q = 0; q < items.length; q++) {
        const i = items[q];
        const w = weights[q];
        if (!(Number.isInteger(i) && i >= 0 && i < n)) check(false, `history item ${i} is not an item index below ${n}`);
        if (mark[i] !== 0) check(false, `history item ${i} appears twice (give one entry per item with its total weight)`);
        if (!(w > 0 && w < Infinity)) check(false, `history weight of item ${i} must be finite and > 0, got ${w}`);
        mark[i] = 1;
        x[q] = weightValue(w, this.state.options.weighting);
      }
      const candidate = (j: number) => counts[j] > 0 && mark[j] === 0;
      const w = this.blend;
      let ka = 0;
      let kb = 0;
      if (ease) {
        scoreEaseHistory(ease, items, x, this.easeOut);
        ka = graph ? (1 - w) * maxScale(this.easeOut, candidate) : 1;
      }
      if (graph) {
        this.graphAcc.fill(0);
        scoreGraph(graph, items, x, this.graphAcc);
        kb = ease ? w * maxScale(this.graphAcc, candidate) : 1;
      }
      for (let j = 0; j < n; j++) {
        out[j] = candidate(j) ? (ease ? ka * this.easeOut[j] : 0) + (graph ? kb * this.graphAcc[j] : 0) : -Infinity;
      }
    } finally {
      for (let q = 0; q < items.length; q++) if (items[q] >= 0 && items[q] < n) mark[items[q]] = 0;
    }
  }

  /**
   * The `k` items most recommended to a listener of `item` alone (its fold-in neighbours), best
   * first; ties to the lower index. Empty for an item without training interactions.
   */
  similarItems(item: number, k: number): SimilarItem[] {
    const out = new Float32Array(this.nItems);
    this.scoreHistory([item], [1], out);
    if (this.state.counts[item] === 0) return [];
    const ranked = new Int32Array(k);
    const got = topK(out, k, [], ranked);
    const res: SimilarItem[] = [];
    for (let r = 0; r < got && out[ranked[r]] > -Infinity; r++) res.push({ item: ranked[r], score: out[ranked[r]] });
    return res;
  }
}
