import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openLibrary } from '../store/db.js';
import { getFeatures, getTrack, listTracks } from '../store/tracks.js';
import { listInteractions, listUsers } from '../store/interactions.js';
import { importSpotifyCsv } from './spotify-csv.js';
import { importInteractions } from './generic.js';
import { summariseIssues } from './csv.js';

const HEADER =
  'track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,track_album_release_date,playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms';

function songRow(o: { t: string; p: string; genre?: string; artist?: string; tempo?: string; dance?: string; pop?: string }): string {
  return [
    o.t, `Song ${o.t}`, o.artist ?? 'Artist', o.pop ?? '60', `al-${o.t}`, 'Album', '2019-06-14', `List ${o.p}`, o.p, o.genre ?? 'pop', 'dance pop',
    o.dance ?? '0.7', '0.8', '5', '-5.5', '1', '0.05', '0.1', '0', '0.1', '0.5', o.tempo ?? '120.5', '200000',
  ].join(',');
}

const dir = mkdtempSync(join(tmpdir(), 'audiio-import-'));
function file(name: string, lines: string[]): string {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
}

describe('importSpotifyCsv', () => {
  const path = file('songs.csv', [
    HEADER,
    songRow({ t: 't1', p: 'p1', genre: 'rock' }), // line 2
    songRow({ t: 't2', p: 'p1' }), // 3
    songRow({ t: 't1', p: 'p2', genre: 'pop' }), // 4
    songRow({ t: 't1', p: 'p3', genre: 'pop' }), // 5
    songRow({ t: 't3', p: 'p2', tempo: '' }), // 6: missing tempo
    songRow({ t: 't4', p: 'p2', dance: '1.7' }), // 7: danceability out of range
    songRow({ t: 't2', p: 'p1' }), // 8: repeated membership
    songRow({ t: 't2', p: 'p2', artist: 'Someone else' }), // 9: conflicts with line 3
    songRow({ t: '', p: 'p2' }), // 10: missing track_id
    songRow({ t: 't5', p: 'p2', pop: '140' }), // 11: popularity out of range
    't6,only,three', // 12: missing fields
  ]);

  it('loads tracks, features, playlists as users and memberships as likes; reports bad rows by line', () => {
    const db = openLibrary(':memory:');
    const r = importSpotifyCsv(db, path);
    expect(r).toMatchObject({ rows: 11, tracks: 2, tracksWithFeatures: 2, users: 3, interactions: 4 });
    expect(r.issues.map((i) => i.line)).toEqual([6, 7, 8, 9, 10, 11, 12]);
    expect(r.issues.find((i) => i.line === 6)?.reason).toBe('missing tempo');
    expect(r.issues.find((i) => i.line === 7)?.reason).toMatch(/danceability outside 0–1/);
    expect(r.issues.find((i) => i.line === 8)?.reason).toMatch(/repeated \(playlist, track\) membership/);
    expect(r.issues.find((i) => i.line === 9)?.reason).toMatch(/conflict/);
    expect(r.issues.find((i) => i.line === 11)?.reason).toMatch(/popularity/);
    expect(summariseIssues(r.issues).join('\n')).toMatch(/1 × missing tempo \(line 6\)/);
    const t1 = getTrack(db, 't1');
    expect(t1).toMatchObject({ artist: 'Artist', albumId: 'al-t1', album: 'Album', releaseDate: '2019-06-14', year: 2019, popularity: 60, source: 'spotify', genre: 'pop', path: null });
    expect(getFeatures(db, 't1')?.features).toMatchObject({ tempo: 120.5, key: 5, danceability: expect.closeTo(0.7, 6) });
    expect(listUsers(db).map((u) => [u.id, u.name])).toEqual([['p1', 'List p1'], ['p2', 'List p2'], ['p3', 'List p3']]);
    expect(listInteractions(db, 'p1').map((i) => [i.trackId, i.weight])).toEqual([['t1', 1], ['t2', 1]]);
    db.close();
  });

  it('re-import is idempotent', () => {
    const db = openLibrary(':memory:');
    importSpotifyCsv(db, path);
    const snapshot = () => ({ tracks: listTracks(db), users: listUsers(db), inter: listInteractions(db) });
    const before = snapshot();
    importSpotifyCsv(db, path);
    expect(snapshot()).toEqual(before);
    db.close();
  });

  it('refuses a file without the spotify columns', () => {
    const db = openLibrary(':memory:');
    expect(() => importSpotifyCsv(db, file('bad.csv', ['track_id,playlist_id', 'a,b']))).toThrowError(/missing column\(s\) track_artist/);
    db.close();
  });
});

describe('importInteractions', () => {
  it('loads interactions and items, creates bare tracks for items without attributes, reports bad rows', () => {
    const db = openLibrary(':memory:');
    const inter = file('interactions.csv', [
      'user,item,weight,timestamp',
      'alice,x,3,2024-01-02T03:04:05Z', // 2
      'alice,y', // 3
      'bob,x,,1700000000000', // 4
      'bob,z,-1', // 5: bad weight
      'carol,x,1,yesterday', // 6: bad timestamp
      'alice,x', // 7: repeated pair
    ]);
    const items = file('items.csv', [
      'item,artist,album,genre,release_date,popularity,tempo,key,mode,energy,danceability,valence,acousticness,instrumentalness,speechiness,loudness',
      'x,Ann,First,jazz,2001,55,96,2,0,0.3,0.4,0.5,0.9,0.1,0.04,-12', // 2
      'y,Bo,,,,,,,,,,,,,,', // 3: attributes only, no features
      'w,Cy,,,,,500,,,,,,,,,', // 4: tempo out of range
    ]);
    const r = importInteractions(db, inter, { items });
    expect(r).toMatchObject({ interactions: 3, users: 2, tracks: 2, tracksWithFeatures: 1, bareTracks: 0 });
    expect(r.issues).toEqual([
      { line: 5, reason: 'weight is not a positive number' },
      { line: 6, reason: 'bad timestamp' },
      { line: 7, reason: 'repeated (user, item) pair' },
    ]);
    expect(r.itemsFile?.issues).toEqual([{ line: 4, reason: 'tempo outside 0–400' }]);
    expect(getTrack(db, 'x')).toMatchObject({ artist: 'Ann', genre: 'jazz', popularity: 55, year: 2001, source: 'import' });
    expect(getFeatures(db, 'x')?.features.tempo).toBe(96);
    expect(getFeatures(db, 'y')).toBeUndefined();
    expect(listInteractions(db, 'alice')).toEqual([
      { userId: 'alice', trackId: 'x', weight: 3, timestamp: Date.parse('2024-01-02T03:04:05Z') },
      { userId: 'alice', trackId: 'y', weight: 1, timestamp: null },
    ]);
    const again = importInteractions(db, inter, { items });
    expect(again.interactions).toBe(3);
    expect(listInteractions(db)).toHaveLength(3);
    db.close();
  });

  it('creates items that have no attributes with their id only, and counts them', () => {
    const db = openLibrary(':memory:');
    const r = importInteractions(db, file('plain.csv', ['user,item', 'u,a', 'u,b']));
    expect(r.bareTracks).toBe(2);
    expect(getTrack(db, 'b')).toMatchObject({ id: 'b', artist: null, source: 'import' });
    db.close();
  });

  it('rejects an empty file and a file of only bad rows', () => {
    const db = openLibrary(':memory:');
    expect(() => importInteractions(db, file('empty.csv', ['']))).toThrowError(/empty/);
    expect(() => importInteractions(db, file('allbad.csv', ['user,item', ',a', 'u,']))).toThrowError(/no valid interaction rows/);
    db.close();
  });
});
