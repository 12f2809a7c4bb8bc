import type { RecommenderFactory } from '../../ranking/types.js';
import { seededRandom } from '../../random.js';

/** `random`: uniform random scores, reproducible from the fit seed and the user index. */
export const randomFactory: RecommenderFactory = {
  name: 'random',
  params: {},
  create() {
    let seed: number | null = null;
    return {
      name: 'random',
      params: {},
      fit(input) {
        seed = input.seed;
      },
      scoreUser(u, out) {
        const rnd = seededRandom(((seed ?? 0) * 2654435761 + u) >>> 0);
        for (let i = 0; i < out.length; i++) out[i] = rnd();
      },
    };
  },
};
