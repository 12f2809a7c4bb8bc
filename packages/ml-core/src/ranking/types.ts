import type { FeatureName } from '../features/types.js';

/**
 * The one interface every recommender implements so that the evaluation
 * harness (and the engine) can judge baselines, the embedding model and the
 * full generator with the same code. Users and items are dense indices into
 * {@link FitInput.users} and {@link ItemCatalogue.ids}.
 */

/** Users × items interactions in compressed sparse row form (rows = users). */
export interface InteractionMatrix {
  nUsers: number;
  nItems: number;
  /** Row pointers, length nUsers + 1. */
  indptr: Int32Array;
  /** Item index of each interaction, sorted ascending within a row. */
  indices: Int32Array;
  /** Weight of each interaction (1 for plain likes). */
  weights: Float32Array;
}

/** The catalogue: every item that can be recommended, with its attributes (null / NaN where unknown). */
export interface ItemCatalogue {
  /** Item ids, in code-point order (the tie-break order of the protocol). */
  ids: string[];
  artist: (string | null)[];
  album: (string | null)[];
  /** Genre derived from training data only (never from held-out memberships). */
  genre: (string | null)[];
  /** ISO date or year string. */
  releaseDate: (string | null)[];
  /** 0–100, NaN where unknown. */
  popularity: Float32Array;
  /** Raw audio features, item-major: `features[i * 10 + j]` is FEATURE_NAMES[j] of item i; NaN where unknown. Null when no item has features. */
  features: Float32Array | null;
}

/** What a recommender is fitted on. */
export interface FitInput {
  /** User ids, index = row of `train`. */
  users: string[];
  items: ItemCatalogue;
  /** Training interactions. */
  train: InteractionMatrix;
  /** Seed for any randomness, so runs are reproducible. */
  seed: number;
}

/** A hyper-parameter value. */
export type ParamValue = number | string | boolean;

/** A model that scores every catalogue item for a user. */
export interface Recommender {
  /** Registry name, e.g. `itemknn`. */
  readonly name: string;
  /** The hyper-parameters it was built with. */
  readonly params: Record<string, ParamValue>;
  /** Learns from the training data. */
  fit(input: FitInput): Promise<void> | void;
  /**
   * Writes a score for every item (higher is better) into `out` (length nItems)
   * for user index `u`. The harness masks the user's training items itself, breaks
   * ties by item index (= id code-point order) and treats NaN as −∞; write −Infinity
   * for items the model must rank last (e.g. items without training pairs). One `out`
   * buffer is reused for all users and zeroed before each call. Register a factory in
   * `eval/registry.ts`.
   */
  scoreUser(u: number, out: Float32Array): void;
}

/** Builds a recommender from its parameters (`--model name:key=value,...`). */
export interface RecommenderFactory {
  name: string;
  /** Declared parameters with defaults and the grid `--tune` searches. */
  params: Record<string, { default: ParamValue; grid?: ParamValue[]; doc: string }>;
  create(params: Record<string, ParamValue>): Recommender;
}

/** Column order of `ItemCatalogue.features`. */
export type FeatureColumn = FeatureName;
