import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openLibrary, SCHEMA_VERSION } from './db.js';
import { getFeatures, getTrackByPath, saveFeatures, upsertTrack } from './tracks.js';
import { isAudiioError } from '../errors.js';

const track = {
  id: 'f:1',
  path: '/music/a.mp3',
  size: 10,
  mtimeMs: 5,
  title: 'A',
  artist: 'B',
  album: null,
  albumId: null,
  genre: null,
  releaseDate: null,
  year: null,
  durationSec: 30,
  popularity: null,
  source: 'file',
};

describe('library database', () => {
  it('creates the schema and records its version', () => {
    const db = openLibrary(':memory:');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();
  });

  it('round-trips a track and its features with descriptors', () => {
    const db = openLibrary(':memory:');
    upsertTrack(db, track);
    const features = {
      tempo: 120, key: 9, mode: 0, energy: 0.5, danceability: 0.6, valence: 0.4,
      acousticness: 0.1, instrumentalness: 0.9, speechiness: 0.05, loudness: -9.5,
    };
    saveFeatures(db, {
      trackId: 'f:1', featuresVersion: 3, features, keyConfidence: 0.7,
      descriptors: new Float32Array([1, 2.5, -3]), descriptorsVersion: 1,
    });
    expect(getTrackByPath(db, '/music/a.mp3')?.title).toBe('A');
    const got = getFeatures(db, 'f:1');
    expect(got?.features).toEqual(features);
    expect(Array.from(got?.descriptors ?? [])).toEqual([1, 2.5, -3]);
    db.close();
  });

  it('migrates an existing file only once and keeps its data', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'audiio-db-')), 'lib.db');
    const a = openLibrary(path);
    upsertTrack(a, track);
    a.close();
    const b = openLibrary(path);
    expect(getTrackByPath(b, '/music/a.mp3')?.id).toBe('f:1');
    b.close();
  });

  it('refuses a database with a newer schema and a file that is not a database', () => {
    const dir = mkdtempSync(join(tmpdir(), 'audiio-db-'));
    const newer = join(dir, 'newer.db');
    const raw = new Database(newer);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 5}`);
    raw.close();
    expect(() => openLibrary(newer)).toThrowError(/newer than this audiio-ml knows/);
    const junk = join(dir, 'junk.db');
    writeFileSync(junk, 'this is not sqlite at all, just some text that is long enough to be a header');
    try {
      openLibrary(junk);
      expect.unreachable();
    } catch (err) {
      expect(isAudiioError(err, 'BAD_DATABASE')).toBe(true);
    }
  });
});
