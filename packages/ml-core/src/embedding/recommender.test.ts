import { describe, expect, it } from 'vitest';
import { embeddingFactory } from './recommender.js';
import { syntheticTasteData } from '@audiio-ml/synth';

describe('embedding recommender', () => {
  it('scores a user\'s own taste group above the other, for items nobody liked', async () => {
    const data = syntheticTasteData({ itemsPerGroup: 100, usersPerGroup: 8, likesPerUser: 15, artistsPerGroup: 6, audioSignal: false, seed: 2 });
    const rec = embeddingFactory.create({ artists: 1, dim: 16, epochs: 3, batch: 64, maxPairs: 50 });
    await rec.fit(data.input);
    const out = new Float32Array(data.input.items.ids.length);
    let good = 0;
    let total = 0;
    for (let u = 0; u < data.input.users.length; u++) {
      rec.scoreUser(u, out);
      const own: number[] = [];
      const other: number[] = [];
      data.group.forEach((g, i) => {
        if (data.cold[i]) (g === u % 2 ? own : other).push(out[i]);
      });
      for (const a of own) for (const b of other) {
        good += a > b ? 1 : 0;
        total++;
      }
      expect(Math.max(...out)).toBeLessThanOrEqual(1 + 1e-5);
    }
    expect(good / total).toBeGreaterThan(0.9);
  });

  it('rejects an unknown loss', () => {
    expect(() => embeddingFactory.create({ loss: 'hinge' })).toThrow(/infonce or margin/);
  });
});
