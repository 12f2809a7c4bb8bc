import { describe, expect, it } from 'vitest';
import { recordListens, rateTrack } from '../history/record.js';
import { addUser } from '../history/users.js';
import { openLibrary } from '../store/db.js';
import { saveEmbeddings, setCurrentModelVersion } from '../store/embeddings.js';
import { upsertTrack } from '../store/tracks.js';
import { UserProfileBuilder } from './builder.js';
import { buildUserProfile, libraryProfileSource } from './library.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-03-01T00:00:00Z');

describe('the profile of a library listener', () => {
  const db = openLibrary(':memory:');
  for (let i = 0; i < 6; i++) {
    upsertTrack(db, {
      id: `t${i}`, path: null, size: null, mtimeMs: null, title: `T${i}`, artist: i < 3 ? 'Jazz Trio' : 'Metal Band', album: null, albumId: null,
      genre: i < 3 ? 'jazz' : 'metal', releaseDate: null, year: null, durationSec: 200, popularity: null, source: 'test',
    });
  }
  const vec = (i: number) => Float32Array.from({ length: 8 }, (_, k) => (k === (i < 3 ? 0 : 1) ? 1 : 0.05 * ((i + k) % 3)));
  saveEmbeddings(db, 'm1', Array.from({ length: 6 }, (_, i) => ({ trackId: `t${i}`, vector: vec(i) })));
  setCurrentModelVersion(db, 'm1');
  addUser(db, 'u');
  recordListens(db, 'u', [
    { trackId: 't0', timestamp: NOW - 200 * DAY, duration: 200, completed: true },
    { trackId: 't0', timestamp: NOW - 2 * DAY, duration: 190 },
    { trackId: 't1', timestamp: NOW - 30 * DAY, duration: 15 }, // skip
    { trackId: 't2', timestamp: NOW - 1 * DAY, duration: 90 }, // skip: under half
    { trackId: 't3', timestamp: NOW - 10 * DAY, duration: 200, completed: true },
    { trackId: 't4', timestamp: NOW - 400 * DAY, duration: 120, rating: 'like' },
  ], { now: NOW });
  rateTrack(db, 'u', 't5', 'dislike', { at: NOW - 3 * DAY, now: NOW });
  rateTrack(db, 'u', 't4', 'none', { at: NOW - 5 * DAY, now: NOW });

  it('reads the decayed state (one row per track) and gets exactly the weights of folding every event', () => {
    const source = libraryProfileSource(db, ':memory:');
    const fromState = new UserProfileBuilder(source).buildProfile('u', NOW);
    const eventsOnly = { ...source, trackStates: undefined };
    const fromEvents = new UserProfileBuilder(eventsOnly).buildProfile('u', NOW);
    expect(fromState.trackWeights.map((t) => t.trackId)).toEqual(fromEvents.trackWeights.map((t) => t.trackId));
    fromState.trackWeights.forEach((t, i) => expect(t.weight).toBeCloseTo(fromEvents.trackWeights[i].weight, 10));
    expect(fromState.counts).toEqual(fromEvents.counts);
    expect(fromState.counts).toEqual({ plays: 6, skips: 2, tracks: 6, liked: 0, disliked: 1 });
    // A half-life other than the state's reads the events.
    const other = new UserProfileBuilder(source, { halfLifeDays: 30 }).buildProfile('u', NOW);
    const t0 = other.trackWeights.find((t) => t.trackId === 't0')!.weight;
    expect(t0).toBeCloseTo(Math.log1p(1.5 * 0.5 ** (200 / 30) + 0.5 ** (2 / 30)), 10);
  });

  it('builds from the current model’s embeddings, with both tastes and the listener’s sets', () => {
    const p = buildUserProfile(db, ':memory:', 'u', { now: NOW });
    expect(p.vectors).toBe('embedding');
    expect(p.modelVersion).toBe('m1');
    expect(p.tasteVector).not.toBeNull();
    expect(p.disliked).toEqual(['t5']);
    expect(p.liked).toEqual([]);
    expect(p.topArtists.map((a) => a.id)).toEqual(['jazz-trio', 'metal-band']); // 0.30 vs 0.22: the dislike of t5 weighs on Metal Band
    expect(p.recentlyPlayed).toEqual(['t2', 't0', 't3', 't1', 't4']);
  });
});
