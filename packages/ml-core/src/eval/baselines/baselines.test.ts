import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { buildEvalDataset, type EvalDataset } from '../dataset.js';
import type { InteractionRecord, ItemRecord } from '../../import/records.js';
import type { Recommender } from '../../ranking/types.js';
import { popularityFactory } from './popularity.js';
import { itemKnnFactory, itemKnnSimilarity } from './itemknn.js';
import { easeFactory, spdInverse } from './ease.js';
import { rp3betaFactory } from './rp3beta.js';
import { contentFactory } from './content.js';
import { randomFactory } from './random.js';
import { isAudiioError } from '../../errors.js';

const pairs = (s: string): InteractionRecord[] =>
  s.split(' ').map((p, k) => {
    const [user, item] = p.split(':');
    return { user, item, weight: 1, timestamp: null, line: k + 2 };
  });

function item(id: string, artist: string | null, f: number[] = []): ItemRecord {
  const features = new Float32Array(10).fill(NaN);
  f.forEach((v, j) => (features[j] = v));
  return { id, title: null, artist, album: null, albumId: null, genre: null, releaseDate: null, popularity: NaN, durationSec: null, features, line: 0 };
}

/** u1: a b · u2: a c · u3: b c d; item e has no training pair. */
function tiny(): EvalDataset {
  return buildEvalDataset({
    train: pairs('u1:a u1:b u2:a u2:c u3:b u3:c u3:d'),
    test: pairs('u1:c u2:e'),
    items: ['a', 'b', 'c', 'd', 'e'].map((id) => item(id, null)),
  });
}

async function scores(model: Recommender, data: EvalDataset, user: string): Promise<number[]> {
  await model.fit({ users: data.users, items: data.items, train: data.train, seed: 1 });
  const out = new Float32Array(data.items.ids.length);
  model.scoreUser(data.users.indexOf(user), out);
  return Array.from(out);
}

describe('baselines on a hand-checkable dataset', () => {
  it('popularity scores the number of training pairs', async () => {
    expect(await scores(popularityFactory.create({}), tiny(), 'u1')).toEqual([2, 2, 2, 1, 0]);
  });

  it('itemknn: shrunk cosine, each target item keeps its k most similar items', async () => {
    const data = tiny();
    // sim(a,b) = sim(a,c) = sim(b,c) = 1/(√2·√2) = 0.5; sim(b,d) = sim(c,d) = 1/√2; a–d never co-occur.
    const full = await scores(itemKnnFactory.create({ k: 10, shrink: 0 }), data, 'u1');
    expect(full[2]).toBeCloseTo(1, 6); // c: sim(a,c) + sim(b,c)
    expect(full[3]).toBeCloseTo(Math.SQRT1_2, 6); // d: sim(b,d)
    expect(full[4]).toBe(-Infinity); // e: no training pairs
    // shrink 1: sim(a,c) = 1/(2+1), sim(b,c) = 1/3, sim(b,d) = 1/(√2+1)
    const shrunk = await scores(itemKnnFactory.create({ k: 10, shrink: 1 }), data, 'u1');
    expect(shrunk[2]).toBeCloseTo(2 / 3, 6);
    expect(shrunk[3]).toBeCloseTo(1 / (Math.SQRT2 + 1), 6);
    // k = 1: N(c) = {d} (0.707 beats 0.5), N(d) = {b} (tie b/c → lower index): c gets 0, d gets sim(b,d).
    const pruned = await scores(itemKnnFactory.create({ k: 1, shrink: 0 }), data, 'u1');
    expect(pruned[2]).toBe(0);
    expect(pruned[3]).toBeCloseTo(Math.SQRT1_2, 6);
    const nb = itemKnnSimilarity(data.train, 1, 0);
    expect(nb.indices.length).toBe(4); // one neighbour for each of the four warm items
  });

  it('rp3beta: W_ij = Σ_v (1/pop_i)^α (1/n_v)^α X_vi X_vj / pop_j^β', async () => {
    const data = tiny();
    // α = 1, β = 0, user u1 (a, b): c = 1/(2·2) via u2 + 1/(2·3) via u3; d = 1/(2·3) via u3.
    const s = await scores(rp3betaFactory.create({ alpha: 1, beta: 0 }), data, 'u1');
    expect(s[2]).toBeCloseTo(1 / 4 + 1 / 6, 6);
    expect(s[3]).toBeCloseTo(1 / 6, 6);
    const b = await scores(rp3betaFactory.create({ alpha: 1, beta: 1 }), data, 'u1');
    expect(b[2]).toBeCloseTo((1 / 4 + 1 / 6) / 2, 6);
    expect(b[3]).toBeCloseTo(1 / 6, 6);
    const h = await scores(rp3betaFactory.create({ alpha: 0.5, beta: 0 }), data, 'u1');
    expect(h[3]).toBeCloseTo(Math.sqrt(1 / 2) * Math.sqrt(1 / 3), 6);
    expect(h[4]).toBe(-Infinity);
  });

  it('ease: user-Gram (Woodbury) and item-Gram forms both equal the closed form of Steck 2019', async () => {
    const lambda = 2;
    const check = async (data: EvalDataset) => {
      const n = data.items.ids.length;
      const warm = [...Array(n).keys()].filter((i) => data.train.indices.includes(i));
      const x = Matrix.zeros(data.users.length, warm.length);
      for (let u = 0; u < data.users.length; u++) {
        for (let p = data.train.indptr[u]; p < data.train.indptr[u + 1]; p++) x.set(u, warm.indexOf(data.train.indices[p]), 1);
      }
      const p = inverse(x.transpose().mmul(x).add(Matrix.eye(warm.length).mul(lambda)));
      const model = easeFactory.create({ lambda, max_gram: 10_000 });
      for (const user of data.users) {
        const got = await scores(model, data, user);
        const u = data.users.indexOf(user);
        warm.forEach((i, b) => {
          let want = 0;
          for (let a = 0; a < warm.length; a++) if (a !== b) want -= (x.get(u, a) * p.get(a, b)) / p.get(b, b);
          expect(got[i]).toBeCloseTo(want, 5);
        });
        for (let i = 0; i < n; i++) if (!warm.includes(i)) expect(got[i]).toBe(-Infinity);
      }
    };
    await check(tiny()); // 3 users < 4 warm items: user form
    await check(
      buildEvalDataset({ train: pairs('u1:a u1:b u2:a u2:c u3:b u3:c u4:a u5:c u6:a u6:b u6:c'), test: [], items: ['a', 'b', 'c', 'z'].map((id) => item(id, null)) }),
    ); // 6 users > 3 warm items: item form
  });

  it('ease refuses when both users and items exceed max_gram', async () => {
    const model = easeFactory.create({ lambda: 10, max_gram: 2 });
    try {
      await model.fit({ users: tiny().users, items: tiny().items, train: tiny().train, seed: 1 });
      expect.unreachable();
    } catch (err) {
      expect(isAudiioError(err, 'BAD_ARGUMENT')).toBe(true);
      expect(String(err)).toMatch(/exceed max_gram=2/);
    }
  });

  it('spdInverse inverts a symmetric positive definite matrix', () => {
    const a = new Float64Array([4, 2, 0.5, 2, 3, 1, 0.5, 1, 2]);
    const inv = spdInverse(a, 3);
    const ref = inverse(new Matrix([[4, 2, 0.5], [2, 3, 1], [0.5, 1, 2]]));
    for (let r = 0; r < 3; r++) for (let c = 0; c < 3; c++) expect(inv[r * 3 + c]).toBeCloseTo(ref.get(r, c), 12);
  });

  it('content: cosine to the mean of the user vectors; the artist one-hot pulls same-artist items up', async () => {
    // Two informative features (tempo, energy); the rest constant, so they z-score to 0.
    const rest = [0.5, 0.5, 0.5, 0.5, 0.5, -8];
    const catalogue = [
      item('a', 'X', [100, 0, 1, 0.2, ...rest]),
      item('b', 'Y', [100, 0, 1, 0.2, ...rest]), // same sound as a, other artist
      item('c', 'X', [180, 0, 1, 0.9, ...rest]), // a's artist, other sound
      item('d', 'Z', [120, 0, 1, 0.3, ...rest]), // near a
    ];
    const data = buildEvalDataset({ train: pairs('u1:a u2:d'), test: [], items: catalogue });
    const audio = await scores(contentFactory.create({ artist: 0 }), data, 'u1');
    expect(audio[1]).toBeCloseTo(1, 5); // identical vector
    expect(audio[2]).toBeLessThan(audio[3]); // further in tempo
    const withArtist = await scores(contentFactory.create({ artist: 64 }), data, 'u1');
    expect(withArtist[2]).toBeGreaterThan(withArtist[1]); // same artist now wins
    const noFeatures = buildEvalDataset({ train: pairs('u1:a'), test: [], items: [item('a', null)] });
    await expect(scores(contentFactory.create({ artist: 0 }), noFeatures, 'u1')).rejects.toThrow(/no audio features/);
  });

  it('random is reproducible from the seed', async () => {
    const data = tiny();
    const a = await scores(randomFactory.create({}), data, 'u1');
    const b = await scores(randomFactory.create({}), data, 'u1');
    expect(a).toEqual(b);
    const c = await scores(randomFactory.create({}), data, 'u2');
    expect(c).not.toEqual(a);
  });
});
