import { describe, expect, it } from 'vitest';
import { isAudiioError } from '../errors.js';
import { ExactTrackIndex } from './exact.js';
import { HnswTrackIndex } from './hnsw.js';
import type { TrackIndex } from './types.js';
import { clusteredUnitVectors } from '@audiio-ml/synth';

const DIM = 16;
const row = (data: Float32Array, i: number) => data.subarray(i * DIM, (i + 1) * DIM);

function fill(index: TrackIndex, data: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) index.add(`t${i}`, row(data, i));
}

/** The contract every TrackIndex implementation must meet. */
describe.each([
  ['exact', (cap: number) => new ExactTrackIndex(DIM, { initialCapacity: cap })],
  ['hnsw', (cap: number) => new HnswTrackIndex(DIM, { initialCapacity: cap, ef: 64 })],
] as const)('%s TrackIndex', (_name, make) => {
  const data = clusteredUnitVectors(600, DIM, { seed: 7 });

  it('grows past its initial capacity', () => {
    const index = make(16);
    fill(index, data, 600);
    expect(index.size()).toBe(600);
    expect((index).capacity()).toBeGreaterThanOrEqual(600);
    // every track finds itself first
    for (const i of [0, 17, 299, 599]) {
      const [best] = index.findSimilar(row(data, i), 1);
      expect(best.id).toBe(`t${i}`);
      expect(best.similarity).toBeCloseTo(1, 5);
    }
  });

  it('returns k results, best first, and honours exclusion while still returning k', () => {
    const index = make(64);
    fill(index, data, 600);
    const q = row(data, 5);
    const plain = index.findSimilar(q, 10);
    expect(plain).toHaveLength(10);
    for (let i = 1; i < plain.length; i++) expect(plain[i - 1].similarity).toBeGreaterThanOrEqual(plain[i].similarity);
    // small exclusion: the 10 best themselves
    const small = new Set(plain.map((n) => n.id));
    const res = index.findSimilar(q, 10, { exclude: small });
    expect(res).toHaveLength(10);
    for (const n of res) expect(small.has(n.id)).toBe(false);
    // large exclusion (half the index), as an array
    const big = Array.from({ length: 300 }, (_, i) => `t${2 * i}`);
    const res2 = index.findSimilar(q, 10, { exclude: big });
    expect(res2).toHaveLength(10);
    for (const n of res2) expect(Number(n.id.slice(1)) % 2).toBe(1);
    // excluding all but 3 leaves exactly 3
    const allBut3 = Array.from({ length: 597 }, (_, i) => `t${i}`);
    expect(index.findSimilar(q, 10, { exclude: allBut3 }).map((n) => n.id).sort()).toEqual(['t597', 't598', 't599']);
  });

  it('removes and updates tracks', () => {
    const index = make(32);
    fill(index, data, 100);
    expect(index.remove('t3')).toBe(true);
    expect(index.remove('t3')).toBe(false);
    expect(index.has('t3')).toBe(false);
    expect(index.size()).toBe(99);
    expect(index.findSimilar(row(data, 3), 99).map((n) => n.id)).not.toContain('t3');
    // update t4 to t50's direction: a query for t50 finds both at similarity 1
    index.update('t4', row(data, 50));
    const top = index.findSimilar(row(data, 50), 2);
    expect(top.map((n) => n.id).sort()).toEqual(['t4', 't50']);
    expect(top[1].similarity).toBeCloseTo(1, 5);
    expect(() => index.update('nope', row(data, 1))).toThrow(/not in the index/);
    // re-adding a removed track, and reusing its slot for a new one
    index.add('t3', row(data, 3));
    index.remove('t7');
    index.add('new', row(data, 7));
    expect(index.size()).toBe(100);
    expect(index.findSimilar(row(data, 3), 1)[0].id).toBe('t3');
    expect(index.findSimilar(row(data, 7), 1)[0].id).toBe('new');
    expect(index.ids().sort()).toHaveLength(100);
    // stored vectors are the unit-norm inputs
    const v = index.vector('t50')!;
    for (let j = 0; j < DIM; j++) expect(v[j]).toBeCloseTo(data[50 * DIM + j], 5);
    expect(index.vector('t4')).toEqual(v);
    expect(index.vector('t7')).toBeUndefined();
  });

  it('rejects vectors of the wrong dimension, zero or non-finite', () => {
    const index = make(16);
    for (const bad of [new Float32Array(DIM + 1), new Float32Array(DIM), new Float32Array(DIM).fill(NaN)]) {
      let err: unknown;
      try {
        index.add('x', bad);
      } catch (e) {
        err = e;
      }
      expect(isAudiioError(err, 'BAD_ARGUMENT')).toBe(true);
    }
    expect(index.size()).toBe(0);
    expect(index.findSimilar(row(data, 0), 5)).toEqual([]);
  });
});

describe('exact and HNSW agree', () => {
  it('on a small set, the top 10 of every query match (recall@10 = 1 at this size)', () => {
    const n = 2000;
    const data = clusteredUnitVectors(n, DIM, { seed: 3 });
    const exact = new ExactTrackIndex(DIM);
    const hnsw = new HnswTrackIndex(DIM, { ef: 200 });
    fill(exact, data, n);
    fill(hnsw, data, n);
    const queries = clusteredUnitVectors(50, DIM, { seed: 99 });
    let hits = 0;
    for (let q = 0; q < 50; q++) {
      const a = exact.findSimilar(row(queries, q), 10);
      const b = hnsw.findSimilar(row(queries, q), 10);
      const truth = new Set(a.map((x) => x.id));
      hits += b.filter((x) => truth.has(x.id)).length;
      // same similarity for the same best track
      if (a[0].id === b[0].id) expect(b[0].similarity).toBeCloseTo(a[0].similarity, 4);
    }
    expect(hits / 500).toBeGreaterThanOrEqual(0.99);
  });
});
