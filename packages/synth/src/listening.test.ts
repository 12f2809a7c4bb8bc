import { describe, expect, it } from 'vitest';
import { aggregateListens, listeningDataset, syntheticListens, temporalSplit, type SyntheticListens } from './listening.js';

const small = (seed = 3): SyntheticListens => syntheticListens({ nItems: 400, nUsers: 60, nListens: 6000, seed });

/** Pairs of a CSR row as a Map item → weight. */
function row(m: { indptr: Int32Array; indices: Int32Array; weights: Float32Array }, u: number): Map<number, number> {
  const out = new Map<number, number>();
  for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) out.set(m.indices[p], m.weights[p]);
  return out;
}

describe('syntheticListens', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const a = small(3);
    const b = small(3);
    expect(a.item).toEqual(b.item);
    expect(a.timestamp).toEqual(b.timestamp);
    expect(a.ratings.item).toEqual(b.ratings.item);
    expect(small(4).item).not.toEqual(a.item);
  });

  it('produces exactly nListens plays, grouped by user, in time order within the period', () => {
    const l = small();
    expect(l.item.length).toBe(6000);
    expect(l.userStart[0]).toBe(0);
    expect(l.userStart[60]).toBe(6000);
    const start = Date.UTC(2024, 0, 1);
    for (let u = 0; u < 60; u++) {
      expect(l.userStart[u + 1] - l.userStart[u]).toBeGreaterThanOrEqual(10); // minListens
      for (let r = l.userStart[u]; r < l.userStart[u + 1]; r++) {
        expect(l.user[r]).toBe(u);
        if (r > l.userStart[u]) expect(l.timestamp[r]).toBeGreaterThanOrEqual(l.timestamp[r - 1]);
        expect(l.timestamp[r]).toBeGreaterThanOrEqual(start);
        expect(l.timestamp[r]).toBeLessThanOrEqual(start + 365 * 86_400_000);
      }
    }
  });

  it('skips are short plays, completions full plays; most plays stay inside the user’s tastes', () => {
    const l = small();
    let inTaste = 0;
    for (let r = 0; r < l.item.length; r++) {
      expect(l.completed[r] + l.skipped[r]).toBe(1);
      if (l.skipped[r]) expect(l.playedSec[r]).toBeLessThan(30);
      else expect(l.playedSec[r]).toBe(l.truth.trackSec[l.item[r]]);
      const u = l.user[r];
      const tastes = l.truth.userTastes.subarray(l.truth.userTasteStart[u], l.truth.userTasteStart[u + 1]);
      if (tastes.includes(l.truth.itemTaste[l.item[r]])) inTaste++;
    }
    expect(inTaste / l.item.length).toBeGreaterThan(0.8);
    // Repeat plays: far fewer distinct (user, track) pairs than plays.
    expect(aggregateListens(l, { skip: 1 }).indices.length).toBeLessThan(0.6 * l.item.length);
  });

  it('rates a track at most once per user, likes in taste, dislikes after a skip', () => {
    const l = small();
    const seen = new Set<string>();
    for (let q = 0; q < l.ratings.user.length; q++) {
      const key = `${l.ratings.user[q]}:${l.ratings.item[q]}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
    expect(l.ratings.rating.some((r) => r > 0)).toBe(true);
    expect(l.ratings.rating.some((r) => r < 0)).toBe(true);
  });
});

describe('aggregateListens', () => {
  it('weighs completed plays, skips and likes per pair; drops zero-weight and disliked pairs', () => {
    const l = small();
    const m = aggregateListens(l, { play: 1, skip: 0.25, like: 2 });
    for (const u of [0, 7, 59]) {
      const want = new Map<number, number>();
      for (let r = l.userStart[u]; r < l.userStart[u + 1]; r++) want.set(l.item[r], (want.get(l.item[r]) ?? 0) + (l.completed[r] ? 1 : 0.25));
      for (let q = 0; q < l.ratings.user.length; q++) {
        if (l.ratings.user[q] !== u) continue;
        const i = l.ratings.item[q];
        if (l.ratings.rating[q] > 0) want.set(i, (want.get(i) ?? 0) + 2);
        else want.delete(i);
      }
      const got = row(m, u);
      expect([...got.keys()]).toEqual([...want.keys()].sort((a, b) => a - b));
      for (const [i, w] of want) expect(got.get(i)).toBeCloseTo(w, 5);
    }
    const binary = aggregateListens(l, { binary: true });
    expect(new Set(binary.weights)).toEqual(new Set([1]));
    for (const w of aggregateListens(l).weights) expect(w).toBeGreaterThan(0); // skip-only pairs left out
  });
});

describe('temporalSplit', () => {
  it('holds out each user’s last-discovered 20 % and trains only on what came before', () => {
    const l = small();
    const full = aggregateListens(l);
    const s = temporalSplit(l);
    for (let u = 0; u < l.nUsers; u++) {
      const all = row(full, u);
      const test = row(s.test, u);
      const train = row(s.train, u);
      if (all.size < 5) {
        expect(test.size).toBe(0);
        continue;
      }
      expect(test.size).toBe(Math.max(1, Math.floor(all.size * 0.2)));
      for (const i of test.keys()) expect(train.has(i)).toBe(false);
      // Every training listen of the user precedes the cutoff; every held-out track is first heard at or after it.
      for (let r = l.userStart[u]; r < l.userStart[u + 1]; r++) {
        if (test.has(l.item[r])) expect(l.timestamp[r]).toBeGreaterThanOrEqual(s.cutoff[u]);
      }
      expect(train.size).toBeGreaterThan(0);
    }
    const inner = temporalSplit(l, { before: s.cutoff });
    for (let u = 0; u < l.nUsers; u++) expect(inner.cutoff[u]).toBeLessThanOrEqual(s.cutoff[u]);
    const data = listeningDataset(l, s);
    expect(data.items.ids).toEqual([...data.items.ids].sort());
    expect(data.users).toHaveLength(60);
  });
});
