import { describe, expect, it } from 'vitest';
import { isAudiioError } from '../errors.js';
import { toCsr } from '../ranking/interactions.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { scoreEase } from './ease.js';
import { scoreGraph } from './item-graph.js';
import { CollaborativeModel } from './model.js';

/** u0: a b · u1: a c · u2: b c d (items a…d = 0…3); item e (4) has no interaction. */
function tiny(): InteractionMatrix {
  return toCsr(3, 5, Int32Array.from([0, 0, 1, 1, 2, 2, 2]), Int32Array.from([0, 1, 0, 2, 1, 2, 3]), new Float32Array(7).fill(1));
}

const scores = (model: CollaborativeModel, items: number[], weights: number[]) => {
  const out = new Float32Array(model.nItems);
  model.scoreHistory(items, weights, out);
  return Array.from(out);
};

const badArgument = (f: () => unknown, pattern: RegExp) => {
  try {
    f();
    expect.unreachable();
  } catch (err) {
    expect(isAudiioError(err, 'BAD_ARGUMENT')).toBe(true);
    expect(String(err)).toMatch(pattern);
  }
};

describe('CollaborativeModel on a hand-checkable matrix', () => {
  it('blend = 1 is the RP3β graph: a listener of a gets W_a· (¼ for b and c), −∞ for a itself and for e', () => {
    const model = CollaborativeModel.train(tiny(), { blend: 1, alpha: 1, beta: 0 });
    expect(model.method).toBe('rp3beta');
    const s = scores(model, [0], [1]); // log2(1 + 1) = 1
    expect(s[0]).toBe(-Infinity);
    expect(s[1]).toBeCloseTo(1 / 4, 6);
    expect(s[2]).toBeCloseTo(1 / 4, 6);
    expect(s[3]).toBe(0); // no common listener
    expect(s[4]).toBe(-Infinity);
  });

  it('blend = 0 is EASE with λ = reg × mean diagonal of XᵀX (here 7 pairs / 4 items)', () => {
    const model = CollaborativeModel.train(tiny(), { blend: 0, reg: 2 });
    expect(model.method).toBe('ease');
    expect(model.state.ease?.lambda).toBeCloseTo(2 * (7 / 4), 12);
    expect(model.state.graph).toBeNull();
  });

  it('the blend is (1 − w)·EASE/max|EASE| + w·RP3β/max|RP3β| over the candidates; fold-in equals the fitted scores', () => {
    const m = tiny();
    const model = CollaborativeModel.train(m, { blend: 0.3, reg: 1, alpha: 1, beta: 0 });
    expect(model.method).toBe('ease+rp3beta');
    const { ease, graph } = model.state;
    for (let u = 0; u < 3; u++) {
      const items = Array.from(m.indices.subarray(m.indptr[u], m.indptr[u + 1]));
      const candidates = [0, 1, 2, 3].filter((j) => !items.includes(j));
      // The fitted forms: EASE's K_u·X for training user u, the graph summed over the training row.
      const e = new Float32Array(5);
      scoreEase(ease!, u, e);
      const g = new Float64Array(5);
      scoreGraph(graph!, items, items.map(() => 1), g);
      const me = Math.max(...candidates.map((j) => Math.abs(e[j])));
      const mg = Math.max(...candidates.map((j) => Math.abs(g[j])));
      const got = scores(model, items, items.map(() => 1));
      for (const j of candidates) expect(got[j]).toBeCloseTo((0.7 * e[j]) / me + (0.3 * g[j]) / mg, 5);
      for (const j of [...items, 4]) expect(got[j]).toBe(-Infinity);
    }
  });

  it('weights change the ranking as documented: log2(1 + plays) lets a much-played item’s neighbour win', () => {
    // p–r and q–s are co-listened (two users each); the listener played p once and q seven times.
    const m = toCsr(4, 4, Int32Array.from([0, 0, 1, 1, 2, 2, 3, 3]), Int32Array.from([0, 2, 1, 3, 0, 2, 1, 3]), new Float32Array(8).fill(1));
    for (const blend of [0, 0.5, 1]) {
      const log = scores(CollaborativeModel.train(m, { blend }), [0, 1], [1, 7]);
      expect(log[3]).toBeGreaterThan(log[2]); // s (q's neighbour) above r: x_q = 3 > x_p = 1
      const binary = scores(CollaborativeModel.train(m, { blend, weighting: 'binary' }), [0, 1], [1, 7]);
      expect(binary[3]).toBeCloseTo(binary[2], 6); // a tie, which the lower index (r) wins
    }
  });

  it('a new listen changes the scores at once (fold-in), with no retraining', () => {
    const model = CollaborativeModel.train(tiny(), { blend: 0.5 });
    const before = scores(model, [0], [1]);
    const after = scores(model, [0, 1], [1, 1]); // just played b
    expect(after[1]).toBe(-Infinity);
    expect(before[2]).toBeGreaterThan(before[3]);
    expect(after[3] - after[2]).toBeGreaterThan(before[3] - before[2]); // d, co-listened with b, moves up
    const want = [1, 2, 3].sort((x, y) => before[y] - before[x] || x - y).slice(0, 2);
    expect(model.similarItems(0, 2)).toEqual(want.map((item) => ({ item, score: before[item] })));
    expect(model.similarItems(4, 3)).toEqual([]); // no interactions: no neighbours until retrained
  });

  it('an empty history scores every warm item 0, cold items −∞', () => {
    expect(scores(CollaborativeModel.train(tiny(), {}), [], [])).toEqual([0, 0, 0, 0, -Infinity]);
  });

  it('falls back to RP3β alone, saying why, when EASE’s Gram exceeds ease_max', () => {
    const model = CollaborativeModel.train(tiny(), { blend: 0, easeMax: 2 });
    expect(model.method).toBe('rp3beta');
    expect(model.blend).toBe(1);
    expect(model.state.note).toMatch(/3 users and 4 items with interactions both exceed ease_max=2/);
  });

  it('rejects bad histories and options with BAD_ARGUMENT', () => {
    const model = CollaborativeModel.train(tiny(), {});
    const out = new Float32Array(5);
    badArgument(() => model.scoreHistory([0, 0], [1, 1], out), /appears twice/);
    badArgument(() => model.scoreHistory([7], [1], out), /not an item index below 5/);
    badArgument(() => model.scoreHistory([1], [0], out), /must be finite and > 0/);
    badArgument(() => model.scoreHistory([1], [1, 2], out), /1 items but 2 weights/);
    badArgument(() => model.scoreHistory([1], [1], new Float32Array(3)), /out has length 3/);
    expect(scores(model, [1], [1])[1]).toBe(-Infinity); // the failed calls left no state behind
    badArgument(() => CollaborativeModel.train(tiny(), { blend: 2 }), /blend must be in 0…1/);
    badArgument(() => CollaborativeModel.train(tiny(), { reg: 0 }), /reg must be > 0/);
    badArgument(() => CollaborativeModel.train({ ...tiny(), weights: new Float32Array(7) }), /weights must be finite and > 0/);
  });
});
