import { describe, expect, it } from 'vitest';
import { listeningDataset, syntheticListens, temporalSplit } from '@audiio-ml/synth';
import { isAudiioError } from '../errors.js';
import { evaluate } from '../eval/harness.js';
import { findModel, formatModel, paramGrid, parseModelSpec } from '../eval/registry.js';
import { popularityFactory } from '../eval/baselines/popularity.js';
import { collaborativeFactory } from './recommender.js';

describe('collaborative in the model registry', () => {
  it('parses collaborative[:key=value,…] with its declared defaults and grid', () => {
    expect(findModel('collaborative')).toBe(collaborativeFactory);
    const spec = parseModelSpec('collaborative:reg=20,blend=0.75,weighting=binary');
    expect(spec.given).toEqual({ reg: 20, blend: 0.75, weighting: 'binary' });
    expect(spec.params).toEqual({ weighting: 'binary', reg: 20, blend: 0.75, alpha: 0.5, beta: 0.25, k: 500, ease_max: 3000 });
    const model = spec.factory.create(spec.params);
    expect(formatModel(model.name, model.params)).toBe('collaborative:weighting=binary,reg=20,blend=0.75,alpha=0.5,beta=0.25,k=500,ease_max=3000');
    expect(paramGrid(collaborativeFactory)).toHaveLength(20); // reg × blend
    expect(paramGrid(collaborativeFactory, { blend: 1 })).toHaveLength(4);
  });

  it('rejects bad values with BAD_ARGUMENT', () => {
    const bad = (spec: string, pattern: RegExp) => {
      try {
        const { factory, params } = parseModelSpec(spec);
        factory.create(params);
        expect.unreachable();
      } catch (err) {
        expect(isAudiioError(err, 'BAD_ARGUMENT')).toBe(true);
        expect(String(err)).toMatch(pattern);
      }
    };
    bad('collaborative:weighting=sqrt', /weighting must be one of log, binary, raw/);
    bad('collaborative:blend=1.5', /blend must be in 0…1/);
    bad('collaborative:k=0', /k must be an integer ≥ 1/);
    bad('collaborative:reg=x', /reg must be a number/);
    bad('collaborative:lambda=1', /no parameter "lambda"/);
  });
});

describe('collaborative on planted synthetic listening data', () => {
  it('beats popularity on a held-out temporal split, EASE + RP3β and RP3β alone', async () => {
    const listens = syntheticListens({ nItems: 600, nUsers: 150, nListens: 30_000, nTastes: 6, seed: 5 });
    const data = listeningDataset(listens, temporalSplit(listens));
    const pop = await evaluate(popularityFactory.create({}), data, { ks: [20] });
    for (const spec of ['collaborative', 'collaborative:blend=1']) {
      const { factory, params } = parseModelSpec(spec);
      const r = await evaluate(factory.create(params), data, { ks: [20] });
      expect(r.metrics['ndcg@20']).toBeGreaterThan(1.5 * pop.metrics['ndcg@20']);
      expect(r.metrics['recall@20']).toBeGreaterThan(pop.metrics['recall@20']);
    }
  });
});
