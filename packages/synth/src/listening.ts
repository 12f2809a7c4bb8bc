/**
 * A seeded synthetic listening history for tests and benchmarks of the collaborative model: users
 * with a few latent tastes (clusters of tracks), Zipf track popularity, log-normal activity, repeat
 * plays from a rotation, timestamps over a period, completions and skips, likes and dislikes. Every
 * listen is a row of parallel typed arrays (no object per listen): 10M listens take a few seconds
 * and ~230 MB. Also the helpers that turn listens into an {@link InteractionMatrix} of weights per
 * (user, track) and into a temporal train/test split for the evaluation harness.
 *
 * The behaviour follows the usual picture of music consumption (Celma 2010, "Music Recommendation
 * and Discovery", ch. 3: long-tailed popularity; Hu, Koren & Volinsky 2008: repeat consumption as
 * implicit confidence): each play either replays a track of the user's recent rotation (a Pólya urn
 * over their last completed plays, so play counts are heavy-tailed) or discovers a track, from one
 * of the user's tastes (by popularity within it) or, with a small exploration rate, from the whole
 * catalogue. A play outside the user's tastes is usually skipped, and a skipped play never enters
 * the rotation: play counts and completions carry the taste, single and skipped plays the noise.
 */
import type { EvalDataset, InteractionMatrix, ItemCatalogue } from '@audiio-ml/ml-core';
import { seededRandom } from '@audiio-ml/ml-core/internal';
import { gaussian, searchCumulative } from './vectors.js';

/** Options of {@link syntheticListens}; everything but the three sizes has a default. */
export interface ListeningOptions {
  nItems: number;
  nUsers: number;
  /** Total plays, exactly (≥ nUsers × minListens). */
  nListens: number;
  /** Taste clusters of tracks (default ⌈√nItems / 2⌉, at least 2); sizes uneven (weights ∝ 1/√rank). */
  nTastes?: number;
  /** Mean tastes per user, 1 … 4 (default 2). */
  tastesPerUser?: number;
  /** Zipf exponent of track popularity, weight ∝ 1/(rank + 10)^s over a random ranking (default 1). */
  zipf?: number;
  /** σ of the log-normal plays per user (default 1). */
  activitySigma?: number;
  /** Fewest plays of a user (default 10). */
  minListens?: number;
  /** Median probability that a play discovers a track instead of replaying one (default 0.3; per user × e^{0.5·N(0,1)}). */
  novelty?: number;
  /** Probability that a discovery ignores the user's tastes (catalogue-wide popularity, default 0.15). */
  exploration?: number;
  /** Skip probability of a play inside / outside the user's tastes (defaults 0.1 / 0.6). */
  skipInTaste?: number;
  skipOutOfTaste?: number;
  /** Completed plays the rotation remembers per user (default 500). */
  memory?: number;
  /** Probability that a completed play of an unrated in-taste track likes it (default 0.03). */
  likeRate?: number;
  /** Probability that a skipped play of an unrated out-of-taste track dislikes it (default 0.1). */
  dislikeRate?: number;
  /** Period the listens span (default 365 days from `start`). */
  periodDays?: number;
  /** Epoch ms of the period's start (default 2024-01-01T00:00Z). */
  start?: number;
  seed?: number;
}

/**
 * Listens as parallel arrays, grouped by user and in time order within a user: the listens of
 * user u are rows `userStart[u]` … `userStart[u + 1] − 1`.
 */
export interface SyntheticListens {
  nUsers: number;
  nItems: number;
  userStart: Int32Array;
  user: Int32Array;
  item: Int32Array;
  /** Epoch ms. */
  timestamp: Float64Array;
  /** Seconds played: the track's length when completed, 3–29 s when skipped (under the store's 30 s skip rule). */
  playedSec: Float32Array;
  completed: Uint8Array;
  skipped: Uint8Array;
  /** Ratings, one per (user, track) at most, in time order within a user: +1 like, −1 dislike. */
  ratings: { user: Int32Array; item: Int32Array; rating: Int8Array; timestamp: Float64Array };
  /** What generated them: each track's taste and length, each user's tastes (`userTastes` rows of `userTasteStart`). */
  truth: { itemTaste: Int32Array; trackSec: Float32Array; popularity: Float64Array; userTasteStart: Int32Array; userTastes: Int32Array };
}

/** Plays per user: minListens + a log-normal share of the rest, summing to nListens exactly. */
function playsPerUser(o: Required<ListeningOptions>, gauss: () => number): Int32Array {
  const extra = o.nListens - o.nUsers * o.minListens;
  if (!(extra >= 0) || !Number.isInteger(o.nListens)) throw new Error(`syntheticListens: nListens must be an integer ≥ nUsers × minListens (${o.nUsers * o.minListens})`);
  const raw = Float64Array.from({ length: o.nUsers }, () => Math.exp(o.activitySigma * gauss()));
  const sum = raw.reduce((a, b) => a + b, 0);
  const n = Int32Array.from(raw, (r) => o.minListens + Math.floor((extra * r) / sum));
  let left = o.nListens - n.reduce((a, b) => a + b, 0);
  for (let u = 0; left > 0; u = (u + 1) % o.nUsers, left--) n[u]++;
  return n;
}

/** Cumulative weights in `order`, for draws by {@link searchCumulative}. */
function cumulative(order: Int32Array, weight: Float64Array): Float64Array {
  const cum = new Float64Array(order.length);
  let acc = 0;
  for (let k = 0; k < order.length; k++) cum[k] = acc += weight[order[k]];
  return cum;
}

/** Generates a listening history (see the module doc); deterministic for a seed. */
export function syntheticListens(options: ListeningOptions): SyntheticListens {
  const o: Required<ListeningOptions> = {
    nTastes: Math.max(2, Math.ceil(Math.sqrt(options.nItems) / 2)),
    tastesPerUser: 2, zipf: 1, activitySigma: 1, minListens: 10, novelty: 0.3, exploration: 0.15,
    skipInTaste: 0.1, skipOutOfTaste: 0.6, memory: 500, likeRate: 0.03, dislikeRate: 0.1,
    periodDays: 365, start: Date.UTC(2024, 0, 1), seed: 1,
    ...options,
  };
  const { nItems, nUsers, nTastes } = o;
  const rnd = seededRandom(o.seed);
  const gauss = gaussian(rnd);
  // Tracks: a random popularity ranking, a taste each (uneven sizes), a length.
  const rank = Int32Array.from({ length: nItems }, (_, i) => i);
  for (let i = nItems - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [rank[i], rank[j]] = [rank[j], rank[i]];
  }
  const popularity = Float64Array.from(rank, (r) => 1 / (r + 10) ** o.zipf);
  const tasteCum = cumulative(Int32Array.from({ length: nTastes }, (_, c) => c), Float64Array.from({ length: nTastes }, (_, c) => 1 / Math.sqrt(c + 1)));
  const itemTaste = Int32Array.from({ length: nItems }, () => searchCumulative(tasteCum, rnd() * tasteCum[nTastes - 1]));
  const trackSec = Float32Array.from({ length: nItems }, () => Math.round(120 + 240 * rnd()));
  // Tracks grouped by taste, with cumulative popularity per group and over the catalogue.
  const tasteStart = new Int32Array(nTastes + 1);
  for (const t of itemTaste) tasteStart[t + 1]++;
  for (let t = 0; t < nTastes; t++) tasteStart[t + 1] += tasteStart[t];
  const byTaste = new Int32Array(nItems);
  const fill = tasteStart.slice(0, nTastes);
  for (let i = 0; i < nItems; i++) byTaste[fill[itemTaste[i]]++] = i;
  const tasteItemCum = new Float64Array(nItems);
  for (let t = 0; t < nTastes; t++) tasteItemCum.set(cumulative(byTaste.subarray(tasteStart[t], tasteStart[t + 1]), popularity), tasteStart[t]);
  const allItems = Int32Array.from({ length: nItems }, (_, i) => i);
  const globalCum = cumulative(allItems, popularity);

  const plays = playsPerUser(o, gauss);
  const n = o.nListens;
  const L = {
    userStart: new Int32Array(nUsers + 1), user: new Int32Array(n), item: new Int32Array(n), timestamp: new Float64Array(n),
    playedSec: new Float32Array(n), completed: new Uint8Array(n), skipped: new Uint8Array(n),
  };
  const ratingRows: number[][] = [[], [], [], []];
  const userTasteStart = new Int32Array(nUsers + 1);
  const userTastes: number[] = [];
  // Per-user scratch: taste membership, rating state of each track (0 none, 1 liked, 2 disliked), the rotation ring.
  const inTaste = new Uint8Array(nTastes);
  const rated = new Uint8Array(nItems);
  const ratedList: number[] = [];
  const ring = new Int32Array(o.memory);
  const periodMs = o.periodDays * 86_400_000;
  let row = 0;
  for (let u = 0; u < nUsers; u++) {
    L.userStart[u] = row;
    // Tastes: 1 + Poisson(tastesPerUser − 1) distinct clusters (by cluster size), Dirichlet(1) weights.
    let k = 1;
    for (let p = Math.exp(-(o.tastesPerUser - 1)), c = rnd(); c > p && k < 4; c *= rnd()) k++;
    const mine: number[] = [];
    while (mine.length < Math.min(k, nTastes)) {
      const t = searchCumulative(tasteCum, rnd() * tasteCum[nTastes - 1]);
      if (!mine.includes(t)) mine.push(t);
    }
    const wCum = cumulative(Int32Array.from(mine.keys()), Float64Array.from(mine, () => -Math.log(1 - rnd())));
    for (const t of mine) inTaste[t] = 1;
    userTastes.push(...mine);
    userTasteStart[u + 1] = userTastes.length;
    const novelty = Math.min(0.9, Math.max(0.02, o.novelty * Math.exp(0.5 * gauss())));
    // Times: uniform order statistics on [t0, end] from normalised exponential spacings.
    const t0 = o.start + 0.8 * periodMs * rnd();
    const nu = plays[u];
    let s = 0;
    for (let q = 0; q <= nu; q++) L.timestamp[row + q] = s -= Math.log(1 - rnd()); // row + nu is the next user's first row: overwritten
    const scale = (o.start + periodMs - t0) / s;
    let ringSize = 0;
    for (let q = 0; q < nu; q++, row++) {
      L.timestamp[row] = t0 + L.timestamp[row] * scale;
      let item = -1;
      if (ringSize > 0 && rnd() >= novelty) {
        item = ring[Math.floor(rnd() * Math.min(ringSize, o.memory))];
        if (rated[item] === 2) item = -1; // a disliked track is not replayed
      }
      if (item < 0) {
        if (rnd() < o.exploration) item = searchCumulative(globalCum, rnd() * globalCum[nItems - 1]);
        else {
          const t = mine[searchCumulative(wCum, rnd() * wCum[mine.length - 1])];
          const a = tasteStart[t];
          const seg = tasteItemCum.subarray(a, tasteStart[t + 1]);
          item = byTaste[a + searchCumulative(seg, rnd() * seg[seg.length - 1])];
        }
      }
      const fits = inTaste[itemTaste[item]] === 1;
      const skip = rnd() < (fits ? o.skipInTaste : o.skipOutOfTaste);
      L.user[row] = u;
      L.item[row] = item;
      L.skipped[row] = skip ? 1 : 0;
      L.completed[row] = skip ? 0 : 1;
      L.playedSec[row] = skip ? Math.floor(3 + 27 * rnd()) : trackSec[item];
      if (!skip) ring[ringSize++ % o.memory] = item;
      const rating = rated[item] !== 0 ? 0 : !skip && fits && rnd() < o.likeRate ? 1 : skip && !fits && rnd() < o.dislikeRate ? -1 : 0;
      if (rating !== 0) {
        rated[item] = rating > 0 ? 1 : 2;
        ratedList.push(item);
        [u, item, rating, L.timestamp[row]].forEach((v, c) => ratingRows[c].push(v));
      }
    }
    for (const t of mine) inTaste[t] = 0;
    for (const i of ratedList) rated[i] = 0;
    ratedList.length = 0;
  }
  L.userStart[nUsers] = row;
  return {
    nUsers, nItems, ...L,
    ratings: { user: Int32Array.from(ratingRows[0]), item: Int32Array.from(ratingRows[1]), rating: Int8Array.from(ratingRows[2]), timestamp: Float64Array.from(ratingRows[3]) },
    truth: { itemTaste, trackSec, popularity, userTasteStart, userTastes: Int32Array.from(userTastes) },
  };
}

/** How {@link aggregateListens} weighs the evidence of one (user, track). */
export interface AggregateOptions {
  /** Weight of each completed play (default 1). */
  play?: number;
  /** Weight of each skipped play (default 0: a skip is no positive evidence). */
  skip?: number;
  /** Added once when the user liked the track (default 2). */
  like?: number;
  /** Every positive pair weighs 1 (0/1 membership) instead. */
  binary?: boolean;
  /** Per user, only listens and ratings strictly before this time (epoch ms) count; default all. */
  before?: Float64Array;
}

/** Rows of the ratings of each user (ratings are grouped by user). */
function ratingStarts(l: SyntheticListens): Int32Array {
  const start = new Int32Array(l.nUsers + 1);
  for (const u of l.ratings.user) start[u + 1]++;
  for (let u = 0; u < l.nUsers; u++) start[u + 1] += start[u];
  return start;
}

/**
 * Per (user, track) weight `play × completed plays + skip × skipped plays + like × liked`, over
 * the listens before `options.before`; pairs of weight 0 (only skipped) and disliked pairs are
 * left out, so every stored weight is > 0 (positive evidence). Rows sorted by track. `onUser`,
 * when given, sees each user's row as it is built, with `firstHeard[track]` = the track's first
 * listen (epoch ms; valid during the call only).
 */
export function aggregateListens(
  l: SyntheticListens,
  options: AggregateOptions = {},
  onUser?: (u: number, items: Int32Array, weights: Float32Array, firstHeard: Float64Array) => void,
): InteractionMatrix {
  const play = options.play ?? 1;
  const skip = options.skip ?? 0;
  const like = options.like ?? 2;
  const rStart = ratingStarts(l);
  const acc = new Float64Array(l.nItems);
  const first = new Float64Array(l.nItems).fill(Infinity);
  const disliked = new Uint8Array(l.nItems);
  const touched = new Int32Array(l.nItems);
  const indptr = new Int32Array(l.nUsers + 1);
  const chunks: { items: Int32Array; weights: Float32Array }[] = [];
  for (let u = 0; u < l.nUsers; u++) {
    const before = options.before ? options.before[u] : Infinity;
    let nt = 0;
    for (let r = l.userStart[u]; r < l.userStart[u + 1] && l.timestamp[r] < before; r++) {
      const i = l.item[r];
      if (first[i] === Infinity) touched[nt++] = i;
      first[i] = Math.min(first[i], l.timestamp[r]);
      acc[i] += l.completed[r] ? play : skip;
    }
    for (let r = rStart[u]; r < rStart[u + 1] && l.ratings.timestamp[r] < before; r++) {
      const i = l.ratings.item[r];
      if (l.ratings.rating[r] < 0) disliked[i] = 1;
      else acc[i] += like;
    }
    const kept = touched.subarray(0, nt).filter((i) => acc[i] > 0 && disliked[i] === 0).sort();
    const weights = Float32Array.from(kept, (i) => (options.binary ? 1 : acc[i]));
    onUser?.(u, kept, weights, first);
    for (let q = 0; q < nt; q++) {
      const i = touched[q];
      acc[i] = 0;
      first[i] = Infinity;
      disliked[i] = 0;
    }
    chunks.push({ items: kept, weights });
    indptr[u + 1] = indptr[u] + kept.length;
  }
  const indices = new Int32Array(indptr[l.nUsers]);
  const weights = new Float32Array(indptr[l.nUsers]);
  chunks.forEach((c, u) => {
    indices.set(c.items, indptr[u]);
    weights.set(c.weights, indptr[u]);
  });
  return { nUsers: l.nUsers, nItems: l.nItems, indptr, indices, weights };
}

/** A temporal hold-out: `train` and `test` have a row per user; `cutoff[u]` separates them. */
export interface TemporalSplit {
  train: InteractionMatrix;
  /** Held-out tracks with their weight (their evidence over the whole period considered). */
  test: InteractionMatrix;
  /** Per user, epoch ms: train is every listen and rating before it (+∞ for users not held out). */
  cutoff: Float64Array;
}

/**
 * Holds out, for every user with at least `minItems` positive tracks, the last `testFraction`
 * of them by first listen (at least one): the tracks they discovered last. Training data is the
 * aggregate of everything before the first held-out track's first listen, so no held-out track
 * is in training and nothing later leaks into it. Restricted to listens before `before` when
 * given: `temporalSplit(l, { before: split.cutoff })` splits the training period again, for
 * validation (tune there, report on the outer split).
 */
export function temporalSplit(l: SyntheticListens, options: AggregateOptions & { testFraction?: number; minItems?: number } = {}): TemporalSplit {
  const fraction = options.testFraction ?? 0.2;
  const minItems = options.minItems ?? 5;
  const cutoff = new Float64Array(l.nUsers).fill(Infinity);
  const testRows: { items: Int32Array; weights: Float32Array }[] = [];
  aggregateListens(l, options, (u, items, weights, first) => {
    const nTest = items.length >= minItems ? Math.max(1, Math.floor(items.length * fraction)) : 0;
    const order = Array.from(items.keys()).sort((a, b) => first[items[a]] - first[items[b]] || items[a] - items[b]);
    const held = order.slice(order.length - nTest).sort((a, b) => items[a] - items[b]);
    if (nTest > 0) cutoff[u] = first[items[order[order.length - nTest]]];
    testRows.push({ items: Int32Array.from(held, (k) => items[k]), weights: Float32Array.from(held, (k) => weights[k]) });
  });
  if (options.before) for (let u = 0; u < l.nUsers; u++) cutoff[u] = Math.min(cutoff[u], options.before[u]);
  const train = aggregateListens(l, { ...options, before: cutoff });
  const indptr = new Int32Array(l.nUsers + 1);
  testRows.forEach((r, u) => (indptr[u + 1] = indptr[u] + r.items.length));
  const indices = new Int32Array(indptr[l.nUsers]);
  const weights = new Float32Array(indptr[l.nUsers]);
  testRows.forEach((r, u) => {
    indices.set(r.items, indptr[u]);
    weights.set(r.weights, indptr[u]);
  });
  return { train, test: { nUsers: l.nUsers, nItems: l.nItems, indptr, indices, weights }, cutoff };
}

/**
 * The split as an {@link EvalDataset} for the harness: users `u000000…`, tracks `t000000…` (index
 * order = id order, the protocol's tie-break), artists of ~10 tracks within a taste, no features.
 */
export function listeningDataset(l: SyntheticListens, split: Pick<TemporalSplit, 'train' | 'test'>): EvalDataset {
  const pad = (p: string, n: number, width: number) => `${p}${String(n).padStart(width, '0')}`;
  const iw = Math.max(6, String(l.nItems).length);
  const uw = Math.max(6, String(l.nUsers).length);
  const seen = new Int32Array(l.truth.itemTaste.reduce((a, b) => Math.max(a, b), 0) + 1);
  const artist = Array.from(l.truth.itemTaste, (t) => `a${t}-${Math.floor(seen[t]++ / 10)}`);
  const items: ItemCatalogue = {
    ids: Array.from({ length: l.nItems }, (_, i) => pad('t', i, iw)),
    artist,
    album: new Array<string | null>(l.nItems).fill(null),
    genre: new Array<string | null>(l.nItems).fill(null),
    releaseDate: new Array<string | null>(l.nItems).fill(null),
    popularity: new Float32Array(l.nItems).fill(NaN),
    features: null,
  };
  return { users: Array.from({ length: l.nUsers }, (_, u) => pad('u', u, uw)), items, train: split.train, test: split.test, issues: [] };
}
