import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryInfo } from '@audiio-ml/ml-core';
import { runCli } from './helpers/cli.js';

const dir = mkdtempSync(join(tmpdir(), 'audiio-import-cli-'));
const file = (name: string, lines: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};
const HEADER =
  'track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,track_album_release_date,playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms';
const row = (t: string, p: string, loudness = '-5.1') =>
  `${t},"Song, ${t}",Artist,50,al,Album,2020-02-02,List,${p},rock,hard rock,0.5,0.6,7,${loudness},0,0.04,0.2,0.001,0.1,0.4,128,180000`;

describe('audiio-ml import', () => {
  it('imports a spotify_songs.csv-shaped file, reports bad rows by line (exit 2), and re-imports idempotently', () => {
    const db = join(dir, 'lib.db');
    const songs = file('songs.csv', [HEADER, row('t1', 'p1'), row('t2', 'p1'), row('t3', 'p2', '-400'), row('t1', 'p2')]);
    const first = runCli(['--db', db, 'import', 'spotify-csv', songs]);
    expect(first.status).toBe(2);
    expect(first.stdout).toMatch(/4 rows → 2 tracks \(2 with features\), 2 playlists as users, 3 likes/);
    expect(first.stderr).toMatch(/skipped 1 row\(s\):\n\s+1 × loudness outside -100–10 \(line 4\)/);
    const info = () => JSON.parse(runCli(['--db', db, 'info', '--json']).stdout) as LibraryInfo;
    const before = info();
    expect(before).toMatchObject({ tracks: 2, analysed: 2, users: 2, interactions: 3 });
    const again = runCli(['--db', db, 'import', 'spotify-csv', songs, '--json']);
    expect(JSON.parse(again.stdout)).toMatchObject({ tracks: 2, users: 2, interactions: 3, issues: [{ line: 4 }] });
    expect(info()).toEqual(before);
  });

  it('imports the generic interactions format with items', () => {
    const db = join(dir, 'generic.db');
    const inter = file('interactions.csv', ['user,item,weight', 'ann,x,2', 'ann,y', 'ben,y']);
    const items = file('items.csv', ['item,artist,genre', 'x,Xa,jazz', 'y,Ya,folk']);
    const r = runCli(['--db', db, 'import', 'interactions', inter, '--items', items, '--json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ interactions: 3, users: 2, tracks: 2, bareTracks: 0, issues: [] });
    const missing = runCli(['--db', db, 'import', 'interactions', join(dir, 'nope.csv')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/\[FILE_UNREADABLE\]/);
  });
});
