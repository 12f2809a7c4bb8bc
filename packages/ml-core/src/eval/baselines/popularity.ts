import type { RecommenderFactory } from '../../ranking/types.js';
import { itemCounts } from '../../ranking/interactions.js';

/** `popularity`: score = number of training pairs of the item (EVALUATION.md), the same list for everyone. */
export const popularityFactory: RecommenderFactory = {
  name: 'popularity',
  params: {},
  create() {
    let counts: Float32Array | null = null;
    return {
      name: 'popularity',
      params: {},
      fit(input) {
        counts = Float32Array.from(itemCounts(input.train));
      },
      scoreUser(_u, out) {
        if (!counts) throw new Error('popularity: scoreUser called before fit');
        out.set(counts);
      },
    };
  },
};
