import { AudiioError } from '../../errors.js';
import type { RecommenderFactory } from '../../ranking/types.js';
import { EASE_MAX_GRAM, fitEase, scoreEase, type EaseFit } from '../../collab/ease.js';
import { fitted } from './common.js';

// The EASE solver lives in collab/ (the collaborative model uses it too); re-exported for the baseline's users.
export { EASE_MAX_GRAM, fitEase, spdInverse } from '../../collab/ease.js';

/** `ease:lambda=`: EASE with L2 weight λ (see {@link fitEase}). */
export const easeFactory: RecommenderFactory = {
  name: 'ease',
  params: {
    lambda: { default: 100, grid: [10, 30, 100, 300, 1000], doc: 'L2 regularisation λ (> 0)' },
    max_gram: { default: EASE_MAX_GRAM, doc: 'refuse when both users and items exceed this (dense inverse size)' },
  },
  create(params) {
    const lambda = Number(params.lambda);
    const maxGram = Number(params.max_gram);
    if (!(lambda > 0)) throw new AudiioError('BAD_ARGUMENT', `ease: lambda must be > 0, got ${params.lambda}`);
    let f: EaseFit | null = null;
    return {
      name: 'ease',
      params: { lambda, max_gram: maxGram },
      fit(input) {
        f = fitEase(input.train, lambda, maxGram);
      },
      scoreUser(u, out) {
        scoreEase(fitted(f, 'ease'), u, out);
      },
    };
  },
};
