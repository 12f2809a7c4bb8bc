import { describe, expect, it } from 'vitest';
import { readLastfmScrobbles } from './lastfm.js';
import { fixtureDir, gather, readError, writeText } from './test-exports.js';

const dir = fixtureDir('lastfm');
const TRACK_MBID = '0f1e2d3c-4b5a-4978-8796-a5b4c3d2e1f0';

const HEADER_FORM = [
  '\uFEFFuts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid', // 1
  `"1700000000","14 Nov 2023, 22:13","The Wombats","abc","A Guide to Love","","Kill The Director","${TRACK_MBID.toUpperCase()}"`, // 2
  '"1700000600","14 Nov 2023, 22:23","Beyoncé","","","","Halo",""', // 3
  '', // 4: blank
  '"soon","14 Nov 2023, 22:30","X","","","","Y",""', // 5: uts not a number
  '"1700001000","14 Nov 2023, 22:36","X","","Album","","",""', // 6: no track
  '"","14 Nov 2023, 22:40","Fallback","","","","Uses utc_time",""', // 7: uts empty, utc_time read
  '"","","X","","","","No time",""', // 8
  '"1700002000","","Daft Punk, Pharrell","","Random Access Memories","","Get Lucky","not-an-mbid"', // 9
].join('\r\n');

describe('readLastfmScrobbles: uts,utc_time,artist,… (header)', () => {
  it('maps every field, reports bad rows by line', async () => {
    const got = await gather(readLastfmScrobbles(writeText(dir, 'recenttracks.csv', HEADER_FORM + '\r\n')));
    expect(got.listens).toEqual([
      {
        timestamp: 1700000000000, artist: 'The Wombats', title: 'Kill The Director', album: 'A Guide to Love', recordingMbid: TRACK_MBID, recordingMsid: null,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: 'lastfm:1700000000:the wombats|kill the director', where: { file: 'recenttracks.csv', line: 2 },
      },
      {
        timestamp: 1700000600000, artist: 'Beyoncé', title: 'Halo', album: null, recordingMbid: null, recordingMsid: null,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: 'lastfm:1700000600:beyoncé|halo', where: { file: 'recenttracks.csv', line: 3 },
      },
      {
        timestamp: Date.UTC(2023, 10, 14, 22, 40), artist: 'Fallback', title: 'Uses utc_time', album: null, recordingMbid: null, recordingMsid: null,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: `lastfm:${Date.UTC(2023, 10, 14, 22, 40) / 1000}:fallback|uses utc_time`, where: { file: 'recenttracks.csv', line: 7 },
      },
      {
        timestamp: 1700002000000, artist: 'Daft Punk, Pharrell', title: 'Get Lucky', album: 'Random Access Memories', recordingMbid: null, recordingMsid: null,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: 'lastfm:1700002000:daft punk, pharrell|get lucky', where: { file: 'recenttracks.csv', line: 9 },
      },
    ]);
    expect(got.issues).toEqual([
      { file: 'recenttracks.csv', line: 5, reason: 'uts is not a positive number (epoch seconds)' },
      { file: 'recenttracks.csv', line: 6, reason: 'missing track' },
      { file: 'recenttracks.csv', line: 8, reason: 'missing uts' },
    ]);
  });

  it('finds columns by name in any order', async () => {
    const path = writeText(dir, 'reordered.csv', 'artist,track,uts,album\nA,T,1600000000,Al\n');
    const got = await gather(readLastfmScrobbles(path));
    expect(got.listens.map((l) => [l.artist, l.title, l.album, l.timestamp])).toEqual([['A', 'T', 'Al', 1600000000000]]);
  });

  it('a quote left open is reported with its lines and the rows after it still read', async () => {
    const path = writeText(dir, 'open-quote.csv', [
      'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid',
      '1600000000,x,A,,B,,"Broken,',
      '1600000100,x,A,,B,,Lost,',
      '1600000200,x,A,,B,,Closes",',
      '1600000300,x,A,,B,,After,',
    ].join('\n'));
    const got = await gather(readLastfmScrobbles(path));
    expect(got.listens.map((l) => [l.title, l.where.line])).toEqual([['After', 5]]);
    expect(got.issues).toEqual([{ file: 'open-quote.csv', line: 2, reason: 'malformed CSV: an unclosed quote joins lines 2–4 (skipped)' }]);
  });

  it('splits a big file into chunks of 10,000 records', async () => {
    const rows = Array.from({ length: 25_000 }, (_, i) => `${1600000000 + i},x,Artist ${i % 50},,Album,,Song ${i},`);
    const path = writeText(dir, 'big.csv', ['uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid', ...rows].join('\n'));
    const chunked = await gather(readLastfmScrobbles(path));
    expect(chunked.chunks.map((c) => c.listens.length)).toEqual([10_000, 10_000, 5_000]);
    const onePass = await gather(readLastfmScrobbles(path, { chunkSize: Infinity }));
    expect(chunked.listens).toEqual(onePass.listens);
    expect(new Set(chunked.listens.map((l) => l.sourceKey)).size).toBe(25_000);
  });
});

describe('readLastfmScrobbles: artist,album,track,date (headerless, lastfm-to-csv)', () => {
  it('reads the date text as UTC, in its variants, and reports bad dates', async () => {
    const path = writeText(dir, 'benjaminbenben.csv', [
      'Sigur Rós,Takk...,Hoppípolla,31 Jan 2021 12:34', // 1
      'Radiohead,,Creep,"1 Feb 2021, 08:05"', // 2: quoted with its comma
      'Radiohead,Pablo Honey,Anyone Can Play Guitar,2 Feb 2021, 09:10', // 3: unquoted comma → 5 fields
      'A,B,C,yesterday', // 4
      'A,B,C', // 5
      'A,B,,3 Feb 2021 10:00', // 6
      'Queen,A Night at the Opera,Bohemian Rhapsody,2021-02-04T10:00:00Z', // 7
    ].join('\n'));
    const got = await gather(readLastfmScrobbles(path));
    expect(got.listens[0]).toEqual({
      timestamp: Date.UTC(2021, 0, 31, 12, 34), artist: 'Sigur Rós', title: 'Hoppípolla', album: 'Takk...', recordingMbid: null, recordingMsid: null,
      playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: `lastfm:${Date.UTC(2021, 0, 31, 12, 34) / 1000}:sigur rós|hoppípolla`,
      where: { file: 'benjaminbenben.csv', line: 1 },
    });
    expect(got.listens.map((l) => [l.title, l.album, l.timestamp, l.where.line])).toEqual([
      ['Hoppípolla', 'Takk...', Date.UTC(2021, 0, 31, 12, 34), 1],
      ['Creep', null, Date.UTC(2021, 1, 1, 8, 5), 2],
      ['Anyone Can Play Guitar', 'Pablo Honey', Date.UTC(2021, 1, 2, 9, 10), 3],
      ['Bohemian Rhapsody', 'A Night at the Opera', Date.UTC(2021, 1, 4, 10, 0), 7],
    ]);
    expect(got.issues).toEqual([
      { file: 'benjaminbenben.csv', line: 4, reason: 'date is not a date (e.g. 31 Jan 2021 12:34)' },
      { file: 'benjaminbenben.csv', line: 5, reason: 'expected 4 fields (artist,album,track,date), found 3' },
      { file: 'benjaminbenben.csv', line: 6, reason: 'missing track' },
    ]);
  });

  it('gives the same source keys on every read, unique within the file', async () => {
    const path = writeText(dir, 'keys.csv', ['A,B,Same Song,31 Jan 2021 12:34', 'A,B,Same Song,31 Jan 2021 12:38', 'A,B,Other Song,31 Jan 2021 12:34'].join('\n'));
    const keys = async () => (await gather(readLastfmScrobbles(path))).listens.map((l) => l.sourceKey);
    const a = await keys();
    expect(await keys()).toEqual(a);
    expect(new Set(a).size).toBe(3);
  });
});

describe('readLastfmScrobbles: not a Last.fm CSV', () => {
  it('refuses other files with BAD_FILE, a missing one with FILE_UNREADABLE', async () => {
    const json = writeText(dir, 'listens.json', '[{"listened_at": 1}]');
    expect(await readError(readLastfmScrobbles(json))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/listens\.json: not a Last\.fm scrobbles CSV: the file is JSON/) });
    const other = writeText(dir, 'songs.csv', 'track_id,track_name,track_artist\n1,a,b\n');
    expect(await readError(readLastfmScrobbles(other))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/songs\.csv:1: not a Last\.fm scrobbles CSV: the first line/) });
    expect(await readError(readLastfmScrobbles(writeText(dir, 'empty.csv', '')))).toMatchObject({ code: 'BAD_FILE' });
    expect(await readError(readLastfmScrobbles(dir))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/is a folder/) });
    expect(await readError(readLastfmScrobbles(`${dir}/missing.csv`))).toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
