import { describe, expect, it } from 'vitest';
import { openLibrary } from '../store/db.js';
import { saveEmbeddings, setCurrentModelVersion } from '../store/embeddings.js';
import { saveFeatures, upsertTrack, type TrackRecord } from '../store/tracks.js';
import { isAudiioError } from '../errors.js';
import { resolveTrack, similarTracks } from './similar.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base: Omit<TrackRecord, 'id' | 'artist' | 'title'> = {
  path: null, size: null, mtimeMs: null, album: null, albumId: null, genre: null,
  releaseDate: null, year: null, durationSec: null, popularity: null, source: 'test',
};

/** Four tracks: two fast loud ones, two slow quiet ones. */
function library() {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'audiio-similar-')), 'lib.db');
  const db = openLibrary(dbPath);
  const rows = [
    ['a', 'Band', 'Fast One', 170, 0.9, -5],
    ['b', 'Band', 'Fast Two', 165, 0.85, -6],
    ['c', 'Choir', 'Slow One', 70, 0.2, -20],
    ['d', 'Choir', 'Slow Two', 72, 0.25, -19],
  ] as const;
  for (const [id, artist, title, tempo, energy, loudness] of rows) {
    upsertTrack(db, { ...base, id, artist, title });
    saveFeatures(db, {
      trackId: id, featuresVersion: 1, keyConfidence: null, descriptors: null, descriptorsVersion: null,
      features: { tempo, key: 0, mode: 1, energy, danceability: energy, valence: 0.5, acousticness: 1 - energy,
        instrumentalness: 0.5, speechiness: 0.05, loudness },
    });
  }
  return { db, dbPath };
}

describe('similarTracks', () => {
  it('uses content vectors before any model and ranks the alike track first', () => {
    const { db, dbPath } = library();
    const r = similarTracks(db, dbPath, 'Band - Fast One', 3);
    expect(r.source.vectors).toBe('content');
    expect(r.results.map((x) => x.id).sort()).toEqual(['b', 'c', 'd']);
    expect(r.results[0]).toMatchObject({ id: 'b', rank: 1, title: 'Fast Two' });
    expect(r.results.every((x) => x.id !== 'a')).toBe(true);
    db.close();
  });

  it('uses the current model embeddings when they exist', () => {
    const { db, dbPath } = library();
    // embeddings that say the opposite of the features: a is close to c
    saveEmbeddings(db, 'm1', [
      { trackId: 'a', vector: new Float32Array([1, 0, 0]) },
      { trackId: 'b', vector: new Float32Array([0, 1, 0]) },
      { trackId: 'c', vector: new Float32Array([0.9, 0.1, 0]) },
      { trackId: 'd', vector: new Float32Array([0, 0, 1]) },
    ]);
    setCurrentModelVersion(db, 'm1');
    const r = similarTracks(db, dbPath, 'a', 1);
    expect(r.source.vectors).toBe('embedding');
    expect(r.results[0].id).toBe('c');
    db.close();
  });

  it('names the candidates when a track is ambiguous or unknown', () => {
    const { db } = library();
    upsertTrack(db, { ...base, id: 'e', artist: 'Band', title: 'Fast One' });
    expect(() => resolveTrack(db, 'band - fast one')).toThrowError(/matches 2 tracks/);
    try {
      resolveTrack(db, 'Fast');
      expect.unreachable();
    } catch (err) {
      expect(isAudiioError(err, 'NOT_FOUND')).toBe(true);
      expect((err as Error).message).toContain('close matches');
    }
    db.close();
  });
});
