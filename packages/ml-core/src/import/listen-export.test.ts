import { createHash } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { listHistory } from '../history/list.js';
import { addUser } from '../history/users.js';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { countListenEvents, listListenState } from '../store/listens.js';
import { upsertTrack } from '../store/tracks.js';
import { importListenExport, rematchListens } from './listen-export.js';
import { fixtureDir, jsonl, writeText, writeZip } from './listen-exports/test-exports.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const S = (iso: string) => Date.parse(iso) / 1000;

function track(db: LibraryDb, id: string, artist: string, title: string, o: { album?: string; mbid?: string; durationSec?: number } = {}): void {
  upsertTrack(db, {
    id, path: null, size: null, mtimeMs: null, title, artist, album: o.album ?? null, albumId: null, genre: null, releaseDate: null,
    year: null, durationSec: o.durationSec ?? 200, popularity: null, source: 'test', mbid: o.mbid ?? null,
  });
}

let db: LibraryDb;
beforeEach(() => {
  db = openLibrary(':memory:');
  track(db, 'hey', 'The Beatles', 'Hey Jude', { mbid: 'aaaaaaaa-0000-4000-8000-000000000001' });
  track(db, 'creep', 'Radiohead', 'Creep', { album: 'Pablo Honey' });
  track(db, 'halo', 'Beyoncé', 'Halo', { durationSec: 260 });
  addUser(db, 'ana');
});

/** A UUID-shaped id made from a name (ListenBrainz's ids are UUIDs). */
const uuid = (name: string) => {
  const h = createHash('sha1').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const lbListen = (at: string, artist: string, title: string, extra: Record<string, unknown> = {}) => ({
  listened_at: S(at),
  recording_msid: uuid(`${artist}|${title}`),
  track_metadata: { artist_name: artist, track_name: title, release_name: null, additional_info: { duration_ms: 200000, ...extra } },
});

describe('importListenExport', () => {
  it('imports a ListenBrainz ZIP: listens matched by mbid or by name, the rest kept unmatched, feedback as ratings', async () => {
    const dir = fixtureDir('lb-import');
    const zip = await writeZip(dir, 'export.zip', {
      'user.json': '{"user_name": "ana"}',
      'listens/2025/1.jsonl': jsonl([
        lbListen('2025-01-02T10:00:00Z', 'Beatles', 'Hey Jude (Remastered 2015)', { recording_mbid: 'AAAAAAAA-0000-4000-8000-000000000001' }),
        lbListen('2025-01-02T10:10:00Z', 'radiohead', 'Creep'),
        lbListen('2025-01-02T10:20:00Z', 'Beyonce feat. Nobody', 'Halo'),
        lbListen('2025-01-02T10:30:00Z', 'Unknown Band', 'Lost Song'),
        lbListen('2025-01-02T10:40:00Z', 'Unknown Band', 'Other Song'),
      ]) + 'not json\n',
      'feedback.jsonl': jsonl([
        { recording_msid: uuid('radiohead|Creep'), score: 1, created: S('2025-01-03T00:00:00Z') },
        { recording_mbid: 'aaaaaaaa-0000-4000-8000-000000000001', score: -1, created: S('2025-01-04T00:00:00Z') },
        { recording_msid: uuid('nobody|nothing'), score: 1, created: S('2025-01-05T00:00:00Z') },
      ]),
    });
    const r = await importListenExport(db, 'ana', zip, 'listenbrainz', { now: NOW });
    expect(r).toMatchObject({ read: 5, matched: 3, unmatched: 2, duplicates: 0, byMethod: { mbid: 1, name: 2, 'name+album': 0 } });
    expect(r.topUnmatchedArtists).toEqual([{ artist: 'Unknown Band', listens: 2 }]);
    expect(r.feedback).toEqual({ read: 3, applied: 2, unmatched: 1, duplicates: 0 });
    expect(r.badLines).toHaveLength(1);
    expect(r.badLines[0]).toMatchObject({ file: 'listens/2025/1.jsonl', line: 6 });
    const state = Object.fromEntries(listListenState(db, 'ana').map((s) => [s.trackId, s]));
    expect(state.creep).toMatchObject({ plays: 1, skips: 0, rating: 'like' });
    expect(state.hey).toMatchObject({ plays: 1, rating: 'dislike' });
    expect(listHistory(db, 'ana').every((e) => e.source === 'import:listenbrainz')).toBe(true);
    expect(listHistory(db, 'ana', { unmatched: true }).filter((e) => e.trackId === null)).toHaveLength(3);

    // Re-importing the same export changes nothing.
    const again = await importListenExport(db, 'ana', zip, 'listenbrainz', { now: NOW });
    expect(again).toMatchObject({ read: 5, matched: 0, unmatched: 0, duplicates: 5, feedback: { duplicates: 3 } });
    expect(countListenEvents(db).events).toBe(8);
  });

  it('matches the kept listens again once the library has their tracks', async () => {
    const dir = fixtureDir('lb-rematch');
    const file = writeText(dir, 'listens.jsonl', jsonl([lbListen('2025-02-01T00:00:00Z', 'Unknown Band', 'Lost Song'), lbListen('2025-02-02T00:00:00Z', 'Unknown Band', 'Lost Song')]));
    await importListenExport(db, 'ana', file, 'listenbrainz', { now: NOW });
    expect(rematchListens(db)).toEqual({ unmatched: 2, matched: 0 });
    track(db, 'lost', 'Unknown Band', 'Lost Song');
    expect(rematchListens(db)).toEqual({ unmatched: 2, matched: 2 });
    expect(listListenState(db, 'ana')).toMatchObject([{ trackId: 'lost', plays: 2 }]);
    expect(rematchListens(db)).toEqual({ unmatched: 0, matched: 0 });
  });

  it('imports Spotify extended history with real durations, completions and skips', async () => {
    const dir = fixtureDir('sp-import');
    const row = (ts: string, ms: number, reasonEnd: string, skipped: boolean | null) => ({
      ts, ms_played: ms, master_metadata_track_name: 'Halo', master_metadata_album_artist_name: 'Beyoncé',
      master_metadata_album_album_name: 'I Am… Sasha Fierce', spotify_track_uri: 'spotify:track:4JehYebiI9JE8sR8MisGVb', reason_start: 'clickrow', reason_end: reasonEnd, skipped,
    });
    const file = writeText(dir, 'Streaming_History_Audio_2024.json', JSON.stringify([
      row('2024-05-01T10:04:20Z', 260000, 'trackdone', false),
      row('2024-05-01T10:05:00Z', 12000, 'fwdbtn', true),
      row('2024-05-01T10:10:00Z', 200000, 'endplay', null),
    ]));
    const r = await importListenExport(db, 'ana', file, 'spotify', { now: NOW });
    expect(r).toMatchObject({ read: 3, matched: 3 });
    expect(listListenState(db, 'ana')).toMatchObject([{ trackId: 'halo', plays: 3, completedPlays: 1, skips: 1 }]);
    const plays = listHistory(db, 'ana');
    expect(plays.map((p) => p.timestamp.toISOString())).toEqual(['2024-05-01T10:06:40.000Z', '2024-05-01T10:04:48.000Z', '2024-05-01T10:00:00.000Z']);
  });

  it('derives completion from the duration for the older Spotify history, and imports Last.fm CSV', async () => {
    const dir = fixtureDir('old-import');
    const old = writeText(dir, 'StreamingHistory0.json', JSON.stringify([
      { endTime: '2023-03-01 10:05', artistName: 'Beyoncé', trackName: 'Halo', msPlayed: 250000 },
      { endTime: '2023-03-01 10:06', artistName: 'Beyoncé', trackName: 'Halo', msPlayed: 60000 },
    ]));
    await importListenExport(db, 'ana', old, 'spotify', { now: NOW });
    expect(listListenState(db, 'ana')).toMatchObject([{ trackId: 'halo', plays: 2, completedPlays: 1, skips: 1 }]);
    const csv = writeText(dir, 'scrobbles.csv', 'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n' +
      `${S('2024-01-01T00:00:00Z')},"01 Jan 2024, 00:00",Radiohead,,Pablo Honey,,Creep,\n` +
      `${S('2024-01-02T00:00:00Z')},"02 Jan 2024, 00:00",Nobody,,,,Nothing,\n`);
    const r = await importListenExport(db, 'ana', csv, 'lastfm', { now: NOW });
    expect(r).toMatchObject({ read: 2, matched: 1, unmatched: 1 });
  });

  it('refuses an unknown user or format, and reports listens from the future', async () => {
    const dir = fixtureDir('bad-import');
    const file = writeText(dir, 'l.jsonl', jsonl([lbListen('2099-01-01T00:00:00Z', 'Radiohead', 'Creep')]));
    await expect(importListenExport(db, 'nobody', file, 'listenbrainz')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(importListenExport(db, 'ana', file, 'napster')).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    const r = await importListenExport(db, 'ana', file, 'listenbrainz', { now: NOW });
    expect(r.read).toBe(1);
    expect(r.badLines[0].reason).toMatch(/in the future/);
  });
});
