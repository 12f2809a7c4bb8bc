import { describe, expect, it } from 'vitest';
import type { Exclusion } from '../store/listens.js';
import { UserProfileBuilder, weightedMean, type ProfileEvent, type ProfileSource } from './builder.js';
import { tasteClusters } from './clusters.js';
import { artistId } from './ids.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');

/** A play `days` before NOW. */
let seq = 0;
const play = (trackId: string, days: number, o: { completed?: boolean; skip?: boolean; rating?: 'like' | 'dislike' | 'none' } = {}): ProfileEvent => ({
  trackId, kind: 'play', ts: NOW - days * DAY, seq: seq++, completed: o.completed ?? false, rating: o.rating ?? null, skip: o.skip ?? false,
});
const rate = (trackId: string, days: number, rating: 'like' | 'dislike' | 'none'): ProfileEvent => ({
  trackId, kind: 'rating', ts: NOW - days * DAY, seq: seq++, completed: false, rating, skip: false,
});

function source(events: ProfileEvent[], o: { vectors?: Record<string, number[]>; meta?: Record<string, [string, string]>; exclusions?: Exclusion[] } = {}): ProfileSource {
  return {
    events: () => [...events].sort((a, b) => a.ts - b.ts),
    track: (id) => (o.meta?.[id] ? { artist: o.meta[id][0], genre: o.meta[id][1] } : undefined),
    vector: (id) => (o.vectors?.[id] ? Float32Array.from(o.vectors[id]) : undefined),
    exclusions: () => o.exclusions ?? [],
    vectors: o.vectors ? 'embedding' : 'none',
    modelVersion: o.vectors ? 'test-model' : undefined,
  };
}

const weights = (events: ProfileEvent[]) =>
  Object.fromEntries(new UserProfileBuilder(source(events)).buildProfile('u', NOW).trackWeights.map((t) => [t.trackId, t.weight]));

describe('UserProfileBuilder weights (hand-computed)', () => {
  it('decays plays by elapsed time with a half-life, not by position in the list', () => {
    const w = weights([play('fresh', 0), play('old', 90), play('older', 180)]);
    expect(w.fresh).toBeCloseTo(Math.log(2), 12); // ln(1 + 1)
    expect(w.old).toBeCloseTo(Math.log(1.5), 12); // one half-life: 0.5
    expect(w.older).toBeCloseTo(Math.log(1.25), 12); // two half-lives: 0.25
    // The order of the events in the list does not matter, only their times.
    const reversed = weights([play('older', 180), play('old', 90), play('fresh', 0)]);
    expect(reversed).toEqual(w);
  });

  it('gives a completed play the completion bonus and repeated plays diminishing returns', () => {
    const w = weights([play('done', 0, { completed: true }), play('thrice', 0), play('thrice', 0), play('thrice', 0)]);
    expect(w.done).toBeCloseTo(Math.log(2.5), 12); // ln(1 + 1.5)
    expect(w.thrice).toBeCloseTo(Math.log(4), 12); // ln(1 + 3), less than 3 × ln 2
  });

  it('counts a skip as a weak negative', () => {
    const w = weights([play('skipped', 0, { skip: true }), play('mixed', 0), play('mixed', 0, { skip: true }), play('oldSkip', 90, { skip: true })]);
    expect(w.skipped).toBeCloseTo(-0.3, 12);
    expect(w.mixed).toBeCloseTo(Math.log(2) - 0.3, 12);
    expect(w.oldSkip).toBeCloseTo(-0.15, 12);
  });

  it('multiplies a like by 2 (at least one fresh play), makes a dislike negative, and lets the latest rating win', () => {
    const w = weights([
      rate('likedOnly', 30, 'like'),
      play('likedPlayed', 0, { completed: true }),
      rate('likedPlayed', 1, 'like'),
      play('disliked', 0),
      play('disliked', 0),
      rate('disliked', 0, 'dislike'),
      rate('changed', 10, 'like'),
      rate('changed', 5, 'dislike'),
      rate('cleared', 10, 'like'),
      play('cleared', 0),
      rate('cleared', 2, 'none'),
    ]);
    expect(w.likedOnly).toBeCloseTo(2 * Math.LN2, 12); // ratings do not decay
    expect(w.likedPlayed).toBeCloseTo(2 * Math.log(2.5), 12);
    expect(w.disliked).toBeCloseTo(-Math.log(3), 12);
    expect(w.changed).toBeCloseTo(-Math.LN2, 12);
    expect(w.cleared).toBeCloseTo(Math.LN2, 12);
  });

  it('takes every constant from its configuration', () => {
    const b = new UserProfileBuilder(source([play('a', 30, { completed: true }), play('s', 0, { skip: true })]), {
      halfLifeDays: 30, completionBonus: 3, skipPenalty: 1,
    });
    const w = Object.fromEntries(b.buildProfile('u', NOW).trackWeights.map((t) => [t.trackId, t.weight]));
    expect(w.a).toBeCloseTo(Math.log(1 + 0.5 * 3), 12);
    expect(w.s).toBeCloseTo(-1, 12);
  });
});

describe('UserProfileBuilder profile', () => {
  const vectors = {
    j1: [1, 0.1, 0], j2: [1, -0.1, 0], j3: [0.9, 0, 0.1], // "jazz" near e1
    m1: [0, 1, 0.1], m2: [0.1, 1, 0], // "metal" near e2
    d1: [0, 0, 1], // disliked
  };
  const meta: Record<string, [string, string]> = {
    j1: ['Miles Davis', 'jazz'], j2: ['Miles Davis', 'jazz'], j3: ['Bill Evans', 'jazz'], m1: ['Metallica', 'metal'], m2: ['Metallica', 'metal'], d1: ['Björk', 'pop'],
  };
  const events = [
    play('j1', 1, { completed: true }), play('j2', 2, { completed: true }), play('j3', 3), play('j1', 0),
    play('m1', 4), play('m2', 5, { completed: true }), play('d1', 6), rate('d1', 6, 'dislike'), rate('j2', 0, 'like'),
  ];
  const exclusions: Exclusion[] = [
    { kind: 'artist', value: 'kenny g', label: 'Kenny G', setAt: NOW },
    { kind: 'track', value: 'x9', label: 'x9', setAt: NOW },
  ];
  const p = new UserProfileBuilder(source(events, { vectors, meta, exclusions })).buildProfile('u', NOW);

  it('keeps one cluster per taste with an example track, instead of only their average', () => {
    expect(p.tasteClusters).toHaveLength(2);
    const [jazz, metal] = p.tasteClusters;
    expect([...jazz.trackIds].sort()).toEqual(['j1', 'j2', 'j3']);
    expect([...metal.trackIds].sort()).toEqual(['m1', 'm2']);
    expect(['j1', 'j2', 'j3']).toContain(jazz.exampleTrackId);
    expect(jazz.share + metal.share).toBeCloseTo(1, 12);
    expect(jazz.centroid[0]).toBeGreaterThan(0.9);
    expect(metal.centroid[1]).toBeGreaterThan(0.9);
  });

  it('has a unit taste vector that leans to the heavier taste and away from the disliked track', () => {
    const t = p.tasteVector!;
    expect(Math.hypot(...t)).toBeCloseTo(1, 6);
    expect(t[0]).toBeGreaterThan(t[1]);
    expect(t[1]).toBeGreaterThan(0);
    expect(t[2]).toBeLessThan(0.05);
    expect(p.vectors).toBe('embedding');
    expect(p.modelVersion).toBe('test-model');
  });

  it('lists top artists with ids and names, genres, recently played, ratings, exclusions and counts', () => {
    expect(p.topArtists.map((a) => a.name)).toEqual(['Miles Davis', 'Metallica', 'Bill Evans']);
    expect(p.topArtists[0].id).toBe('miles-davis');
    expect(p.topGenres.map((g) => g.name)).toEqual(['jazz', 'metal']);
    expect(p.genreWeights.pop).toBeLessThan(0);
    expect(p.recentlyPlayed).toEqual(['j1', 'j2', 'j3', 'm1', 'm2', 'd1']);
    expect(p.liked).toEqual(['j2']);
    expect(p.disliked).toEqual(['d1']);
    expect(p.excluded).toEqual({ artists: ['Kenny G'], genres: [], tracks: ['x9'] });
    expect(p.counts).toEqual({ plays: 7, skips: 0, tracks: 6, liked: 1, disliked: 1 });
  });

  it('is deterministic, and empty for a listener with no history', () => {
    expect(new UserProfileBuilder(source(events, { vectors, meta, exclusions })).buildProfile('u', NOW)).toEqual(p);
    const empty = new UserProfileBuilder(source([])).buildProfile('new', NOW);
    expect(empty).toMatchObject({ tasteVector: null, tasteClusters: [], trackWeights: [], topArtists: [], vectors: 'none', recentlyPlayed: [] });
  });
});

describe('helpers', () => {
  it('weightedMean averages unit vectors by weight and normalises', () => {
    const m = weightedMean([Float32Array.from([2, 0]), Float32Array.from([0, 1])], [1, 1])!;
    expect(m[0]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(weightedMean([Float32Array.from([1, 0]), Float32Array.from([1, 0])], [1, -1])).toBeNull();
  });

  it('tasteClusters caps the number of clusters and drops light ones', () => {
    const ids = ['a', 'b', 'c', 'd'];
    const v = [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 1]].map((x) => Float32Array.from(x));
    expect(tasteClusters(ids, v, [1, 1, 1, 1], { threshold: 0, maxClusters: 2, minShare: 0 })).toHaveLength(2);
    const light = tasteClusters(ids.slice(0, 2), v.slice(0, 2), [10, 0.5], { threshold: 0, minShare: 0.1 });
    expect(light.map((c) => c.exampleTrackId)).toEqual(['a']);
  });

  it('artistId slugs names', () => {
    expect(artistId('Sigur Rós')).toBe('sigur-ros');
    expect(artistId('AC/DC')).toBe('ac-dc');
    expect(artistId('  Beyoncé ')).toBe('beyonce');
    expect(artistId('!!!')).toBe('unknown');
  });
});
