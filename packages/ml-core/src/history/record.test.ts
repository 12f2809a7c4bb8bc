import { beforeEach, describe, expect, it } from 'vitest';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { countListenEvents, listListenState } from '../store/listens.js';
import { isSkip, rebuildListenState } from './state.js';
import { upsertTrack, type TrackRecord } from '../store/tracks.js';
import { clearExclusion, listExclusions, setExclusion } from './exclusions.js';
import { listHistory } from './list.js';
import { deriveEventId, recordListens, rateTrack, timestampMs } from './record.js';
import { addUser, removeUser } from './users.js';

const T0 = Date.parse('2025-06-01T12:00:00Z');
const NOW = T0 + 86_400_000;

function track(id: string, durationSec: number | null, artist = 'Artist', genre: string | null = 'jazz'): TrackRecord {
  return {
    id, path: null, size: null, mtimeMs: null, title: `Title ${id}`, artist, album: null, albumId: null, genre,
    releaseDate: null, year: null, durationSec, popularity: null, source: 'test',
  };
}

let db: LibraryDb;
beforeEach(() => {
  db = openLibrary(':memory:');
  for (const t of [track('a', 200), track('b', 40), track('c', null, 'Other', 'metal')]) upsertTrack(db, t);
  addUser(db, 'alice');
});

/** The code of what `fn` throws (undefined when it does not throw). */
function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

const state = (trackId: string) => listListenState(db, 'alice').find((s) => s.trackId === trackId);

describe('recordListens', () => {
  it('stores plays and derives play counts, completions, skips and first/last played', () => {
    const r = recordListens(
      db,
      'alice',
      [
        { trackId: 'a', timestamp: T0, duration: 200, completed: true },
        { trackId: 'a', timestamp: new Date(T0 + 1000), duration: 20 }, // < 30 s: skip
        { trackId: 'a', timestamp: new Date(T0 + 2000).toISOString(), duration: 90 }, // < half of 200 s: skip
        { trackId: 'a', timestamp: T0 - 5000, duration: 150 }, // more than half: a play, not a skip
        { trackId: 'b', timestamp: T0, duration: 25, completed: true }, // completed wins over the 30 s rule
        { trackId: 'b', timestamp: T0 + 10, duration: 35, skipped: true }, // flagged by the player
        { trackId: 'c', timestamp: T0, duration: 50 }, // track length unknown: only the 30 s rule applies
      ],
      { now: NOW },
    );
    expect(r).toEqual({ recorded: 7, duplicates: 0, failed: [] });
    expect(state('a')).toMatchObject({ plays: 4, completedPlays: 1, skips: 2, firstPlayed: T0 - 5000, lastPlayed: T0 + 2000, rating: null });
    expect(state('b')).toMatchObject({ plays: 2, completedPlays: 1, skips: 1 });
    expect(state('c')).toMatchObject({ plays: 1, skips: 0 });
  });

  it('is idempotent: the same events again are counted as duplicates and change nothing', () => {
    const batch = [
      { trackId: 'a', timestamp: T0, duration: 200 },
      { trackId: 'b', timestamp: T0, eventId: 'player-42' },
    ];
    recordListens(db, 'alice', batch, { now: NOW });
    const before = listListenState(db, 'alice');
    expect(recordListens(db, 'alice', batch, { now: NOW })).toEqual({ recorded: 0, duplicates: 2, failed: [] });
    expect(listListenState(db, 'alice')).toEqual(before);
    expect(countListenEvents(db).events).toBe(2);
    expect(listHistory(db, 'alice').map((e) => e.eventId).sort()).toEqual([deriveEventId('alice', 'play', 'a', T0), 'player-42'].sort());
  });

  it('reports each bad event by its index and stores the rest', () => {
    const r = recordListens(
      db,
      'alice',
      [
        { trackId: 'a', timestamp: T0 },
        { trackId: 'nope', timestamp: T0 },
        { trackId: 'a', timestamp: T0 + 1, rating: 'love' },
        { trackId: 'a', timestamp: T0 + 2, duration: -3 },
        { trackId: 'a', timestamp: T0 + 3, duration: 'long' },
        { trackId: 'a', timestamp: '01/06/2025' },
        { trackId: 'a', timestamp: NOW + 10 * 60_000 },
        { trackId: 'b', timestamp: NOW + 60_000 }, // within the clock tolerance
        { timestamp: T0 },
      ] as never,
      { now: NOW },
    );
    expect(r.recorded).toBe(2);
    expect(r.failed.map((f) => [f.index, f.code])).toEqual([
      [1, 'NOT_FOUND'], [2, 'BAD_REQUEST'], [3, 'BAD_REQUEST'], [4, 'BAD_REQUEST'], [5, 'BAD_REQUEST'], [6, 'BAD_REQUEST'], [8, 'BAD_REQUEST'],
    ]);
    const msg = Object.fromEntries(r.failed.map((f) => [f.index, f.message]));
    expect(msg[1]).toBe('event 1: no track "nope" in the library');
    expect(msg[2]).toMatch(/^event 2: rating must be "like" or "dislike"/);
    expect(msg[3]).toMatch(/^event 3: duration must not be negative/);
    expect(msg[4]).toMatch(/^event 4: duration must be a number/);
    expect(msg[5]).toMatch(/^event 5: timestamp "01\/06\/2025" is not a date/);
    expect(msg[6]).toMatch(/^event 6: timestamp .* is in the future/);
    expect(msg[8]).toMatch(/^event 8: trackId must be a string/);
  });

  it('refuses an unknown user before storing anything', () => {
    expect(codeOf(() => recordListens(db, 'bob', { trackId: 'a', timestamp: T0 }))).toBe('NOT_FOUND');
    expect(countListenEvents(db).events).toBe(0);
  });

  it('keeps the latest rating by time; none clears it; a listen can carry a rating', () => {
    rateTrack(db, 'alice', 'a', 'like', { at: T0 + 100, now: NOW });
    rateTrack(db, 'alice', 'a', 'dislike', { at: T0 + 50, now: NOW }); // older than the like: does not replace it
    expect(state('a')).toMatchObject({ rating: 'like', ratedAt: T0 + 100, plays: 0 });
    rateTrack(db, 'alice', 'a', 'none', { at: T0 + 200, now: NOW });
    expect(state('a')).toMatchObject({ rating: null, ratedAt: T0 + 200 });
    recordListens(db, 'alice', { trackId: 'a', timestamp: T0 + 300, rating: 'dislike' }, { now: NOW });
    expect(state('a')).toMatchObject({ rating: 'dislike', plays: 1 });
    expect(rateTrack(db, 'alice', 'a', 'like', { at: T0 + 100, now: NOW })).toBe(false); // the same event again
    expect(() => rateTrack(db, 'alice', 'a', 'meh' as never)).toThrow(/like, dislike or none/);
    expect(codeOf(() => rateTrack(db, 'alice', 'zzz', 'like'))).toBe('NOT_FOUND');
  });

  it('rebuilds exactly the state it maintained incrementally', () => {
    recordListens(db, 'alice', [
      { trackId: 'a', timestamp: T0, duration: 10 },
      { trackId: 'a', timestamp: T0 + 5, duration: 190, completed: true, rating: 'like' },
      { trackId: 'b', timestamp: T0 + 7, skipped: true },
      { trackId: 'c', timestamp: T0 + 9 },
    ], { now: NOW });
    rateTrack(db, 'alice', 'b', 'dislike', { at: T0 + 8, now: NOW });
    rateTrack(db, 'alice', 'c', 'like', { at: T0 + 1, now: NOW });
    rateTrack(db, 'alice', 'c', 'none', { at: T0 + 2, now: NOW });
    const incremental = listListenState(db);
    rebuildListenState(db);
    expect(listListenState(db)).toEqual(incremental);
  });
});

describe('listHistory', () => {
  it('lists newest first, with since and limit, in the seed names', () => {
    recordListens(db, 'alice', [1, 2, 3].map((i) => ({ trackId: 'a', timestamp: T0 + i * 1000, duration: 100, completed: i === 3 })), { now: NOW, source: 'cli' });
    const all = listHistory(db, 'alice');
    expect(all.map((e) => e.timestamp.getTime())).toEqual([T0 + 3000, T0 + 2000, T0 + 1000]);
    expect(all[0]).toMatchObject({ trackId: 'a', duration: 100, completed: true, rating: null, source: 'cli', kind: 'play' });
    expect(listHistory(db, 'alice', { limit: 1 })).toHaveLength(1);
    expect(listHistory(db, 'alice', { since: new Date(T0 + 2000).toISOString() })).toHaveLength(2);
    expect(() => listHistory(db, 'alice', { limit: 0 })).toThrow(/positive integer/);
    expect(codeOf(() => listHistory(db, 'nobody'))).toBe('NOT_FOUND');
  });
});

describe('exclusions and users', () => {
  it('sets, refreshes, lists and clears exclusions with their time', () => {
    setExclusion(db, 'alice', { artist: '  The Band ' }, { at: T0 });
    setExclusion(db, 'alice', { genre: 'Metal' }, { at: T0 + 1 });
    setExclusion(db, 'alice', { track: 'b' }, { at: T0 + 2 });
    setExclusion(db, 'alice', { artist: 'the band' }, { at: T0 + 3 });
    expect(listExclusions(db, 'alice')).toEqual([
      { kind: 'artist', value: 'the band', label: 'the band', setAt: T0 + 3 },
      { kind: 'genre', value: 'metal', label: 'Metal', setAt: T0 + 1 },
      { kind: 'track', value: 'b', label: 'b', setAt: T0 + 2 },
    ]);
    expect(clearExclusion(db, 'alice', { genre: 'METAL' })).toBe(true);
    expect(clearExclusion(db, 'alice', { genre: 'metal' })).toBe(false);
    expect(codeOf(() => setExclusion(db, 'alice', { track: 'missing' }))).toBe('NOT_FOUND');
    expect(() => setExclusion(db, 'alice', { artist: ' ' })).toThrow(/empty/);
    expect(() => setExclusion(db, 'alice', { artist: 'x', genre: 'y' })).toThrow(/exactly one/);
  });

  it('adds users once, removes them with their history', () => {
    expect(() => addUser(db, 'alice')).toThrow(/exists already/);
    expect(() => addUser(db, 'no spaces')).toThrow(/user name/);
    recordListens(db, 'alice', { trackId: 'a', timestamp: T0 }, { now: NOW });
    setExclusion(db, 'alice', { genre: 'jazz' });
    removeUser(db, 'alice');
    expect(countListenEvents(db).events).toBe(0);
    expect(listListenState(db)).toEqual([]);
    expect(codeOf(() => removeUser(db, 'alice'))).toBe('NOT_FOUND');
  });

  it('reads timestamps as Date, epoch ms or ISO-8601 only', () => {
    expect(timestampMs('2025-06-01T12:00:00Z')).toBe(T0);
    expect(timestampMs('2025-06-01T14:00:00+02:00')).toBe(T0);
    expect(timestampMs(T0)).toBe(T0);
    expect(timestampMs(new Date(T0))).toBe(T0);
    for (const bad of ['yesterday', '2025-13-01', -1, Number.NaN, null, {}]) expect(timestampMs(bad), JSON.stringify(bad)).toBeUndefined();
  });
});

describe('isSkip', () => {
  it('is a flagged skip, or (unless completed) under half the track, or under 30 s of a longer track', () => {
    const cases: [number | null, boolean | null, boolean | null, number | null, boolean][] = [
      [10, null, null, 200, true], [29.9, null, null, null, true], [30, null, null, null, false], [99, null, null, 200, true],
      [100, null, null, 200, false], [10, true, null, 200, false], [300, true, true, 200, true], [null, null, null, 200, false],
      [null, false, true, null, true], [45, false, null, null, false],
      [20, null, null, 20, false], [12, null, null, 20, false], [9, null, null, 20, true], [29, null, null, 40, true], [31, null, null, 40, false],
    ];
    for (const [duration, completed, skipped, trackSec, want] of cases) expect(isSkip(duration, completed, skipped, trackSec), JSON.stringify([duration, completed, skipped, trackSec])).toBe(want);
  });
});
