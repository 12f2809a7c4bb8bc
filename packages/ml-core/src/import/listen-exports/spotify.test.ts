import { describe, expect, it } from 'vitest';
import { readSpotifyHistory } from './spotify.js';
import { fixtureDir, gather, jsonl, readError, writeText, writeZip } from './test-exports.js';

const dir = fixtureDir('spotify');

/** One stream of the extended history, with every field Spotify writes. */
function stream(o: Record<string, unknown>): Record<string, unknown> {
  return {
    ts: '2023-02-22T07:01:41Z', username: 'someone', platform: 'android', ms_played: 131538, conn_country: 'NL',
    ip_addr_decrypted: '192.0.2.1', user_agent_decrypted: 'unknown',
    master_metadata_track_name: 'Moan', master_metadata_album_artist_name: 'Sabrina Claudio', master_metadata_album_album_name: 'Archives & Lullabies',
    spotify_track_uri: 'spotify:track:3xRue8c0zDkTWZ9fdDdz0u', episode_name: null, episode_show_name: null, spotify_episode_uri: null,
    reason_start: 'trackdone', reason_end: 'trackdone', shuffle: false, skipped: false, offline: false, offline_timestamp: 1677049169, incognito_mode: false,
    ...o,
  };
}

const NO_TRACK = { master_metadata_track_name: null, master_metadata_album_artist_name: null, master_metadata_album_album_name: null, spotify_track_uri: null };

const EXTENDED = [
  JSON.stringify(stream({}), null, 2), // 1
  JSON.stringify(stream({ ts: '2023-02-22T07:05:00Z', ms_played: 5000, reason_end: 'fwdbtn', skipped: null })), // 2
  JSON.stringify(stream({ ...NO_TRACK, episode_name: 'Episode 12', episode_show_name: 'A Show', spotify_episode_uri: 'spotify:episode:abc' })), // 3
  JSON.stringify(stream({ ...NO_TRACK, audiobook_title: 'A Book', audiobook_uri: 'spotify:audiobook:x', audiobook_chapter_title: 'One' })), // 4
  JSON.stringify(stream(NO_TRACK)), // 5
  JSON.stringify(stream({ ts: 'yesterday' })), // 6
  JSON.stringify(stream({ ms_played: -5 })), // 7
  '{"ts": "2023-02-22T08:00:00Z", "ms_played": }', // 8: malformed
  JSON.stringify({ ts: '2023-02-22T09:00:00Z', ms_played: 60000, master_metadata_track_name: 'No URI', master_metadata_album_artist_name: 'Somebody', skipped: true }), // 9
];
const EXTENDED_TEXT = '[\n' + EXTENDED.join(',\n') + '\n]\n';

const OLD = [
  { endTime: '2020-01-01 12:34', artistName: 'Queen', trackName: 'Bohemian Rhapsody', msPlayed: 354000 },
  { endTime: '2020-01-01 12:40', podcastName: 'A Show', episodeName: 'Episode 3', msPlayed: 1000 },
  { endTime: 'soon', artistName: 'X', trackName: 'Y', msPlayed: 1000 },
  { endTime: '2020-01-01 13:00', artistName: 'X', trackName: 'Z' },
];

describe('readSpotifyHistory: the extended streaming history', () => {
  it('maps every field; the start is the end time minus the time played', async () => {
    const got = await gather(readSpotifyHistory(writeText(dir, 'Streaming_History_Audio_2023.json', EXTENDED_TEXT)));
    const end1 = Date.UTC(2023, 1, 22, 7, 1, 41);
    const end2 = Date.UTC(2023, 1, 22, 7, 5, 0);
    const end9 = Date.UTC(2023, 1, 22, 9, 0, 0);
    const file = 'Streaming_History_Audio_2023.json';
    expect(got.listens).toEqual([
      {
        timestamp: end1 - 131538, artist: 'Sabrina Claudio', title: 'Moan', album: 'Archives & Lullabies', recordingMbid: null, recordingMsid: null,
        playedSec: 131.538, trackSec: null, completed: true, skipped: false, sourceKey: `spotify:${end1 / 1000}:spotify:track:3xRue8c0zDkTWZ9fdDdz0u`,
        where: { file, line: 1 },
      },
      {
        timestamp: end2 - 5000, artist: 'Sabrina Claudio', title: 'Moan', album: 'Archives & Lullabies', recordingMbid: null, recordingMsid: null,
        playedSec: 5, trackSec: null, completed: false, skipped: null, sourceKey: `spotify:${end2 / 1000}:spotify:track:3xRue8c0zDkTWZ9fdDdz0u`,
        where: { file, line: 2 },
      },
      {
        timestamp: end9 - 60000, artist: 'Somebody', title: 'No URI', album: null, recordingMbid: null, recordingMsid: null,
        playedSec: 60, trackSec: null, completed: null, skipped: true, sourceKey: `spotify:${end9 / 1000}:somebody|no uri`,
        where: { file, line: 9 },
      },
    ]);
    expect(got.issues).toEqual([
      { file, line: 3, reason: 'podcast episode, not music (skipped)' },
      { file, line: 4, reason: 'audiobook, not music (skipped)' },
      { file, line: 5, reason: 'missing master_metadata_track_name' },
      { file, line: 6, reason: 'ts is not an ISO-8601 date' },
      { file, line: 7, reason: 'ms_played is not a number ≥ 0 (milliseconds)' },
      { file, line: 8, reason: 'malformed JSON entry' },
    ]);
  });

  it('reports a truncated file and keeps what came before', async () => {
    const text = EXTENDED_TEXT.slice(0, EXTENDED_TEXT.indexOf(EXTENDED[1]) + 40);
    const got = await gather(readSpotifyHistory(writeText(dir, 'truncated.json', text)));
    expect(got.listens).toHaveLength(1);
    expect(got.issues).toEqual([{ file: 'truncated.json', line: 2, reason: 'the file ends inside this entry (truncated file)' }]);
  });

  it('splits a big file into chunks of 10,000 records: the same records as one pass', async () => {
    const entries = Array.from({ length: 25_000 }, (_, i) => stream({ ts: new Date(Date.UTC(2022, 0, 1) + i * 60_000).toISOString().replace('.000', ''), spotify_track_uri: `spotify:track:${i}` }));
    const path = writeText(dir, 'Streaming_History_Audio_big.json', JSON.stringify(entries));
    const chunked = await gather(readSpotifyHistory(path));
    expect(chunked.chunks.map((c) => c.listens.length)).toEqual([10_000, 10_000, 5_000]);
    const onePass = await gather(readSpotifyHistory(path, { chunkSize: Infinity }));
    expect(chunked.listens).toEqual(onePass.listens);
    expect(new Set(chunked.listens.map((l) => l.sourceKey)).size).toBe(25_000);
  });
});

describe('readSpotifyHistory: the older StreamingHistory*.json', () => {
  it('maps endTime (UTC, minutes), artistName, trackName, msPlayed', async () => {
    const got = await gather(readSpotifyHistory(writeText(dir, 'StreamingHistory0.json', JSON.stringify(OLD, null, 2))));
    const end = Date.UTC(2020, 0, 1, 12, 34);
    expect(got.listens).toEqual([
      {
        timestamp: end - 354000, artist: 'Queen', title: 'Bohemian Rhapsody', album: null, recordingMbid: null, recordingMsid: null,
        playedSec: 354, trackSec: null, completed: null, skipped: null, sourceKey: `spotify:${end / 1000}:queen|bohemian rhapsody`,
        where: { file: 'StreamingHistory0.json', line: 1 },
      },
    ]);
    expect(got.issues).toEqual([
      { file: 'StreamingHistory0.json', line: 2, reason: 'podcast episode, not music (skipped)' },
      { file: 'StreamingHistory0.json', line: 3, reason: 'endTime is not a date (YYYY-MM-DD hh:mm)' },
      { file: 'StreamingHistory0.json', line: 4, reason: 'missing msPlayed' },
    ]);
  });
});

describe('readSpotifyHistory: ZIPs and folders', () => {
  const second = JSON.stringify([stream({ ts: '2023-03-01T10:00:00Z', master_metadata_track_name: 'Second file' })]);
  const video = JSON.stringify([stream({ master_metadata_track_name: 'A video' })]);

  it('reads my_spotify_data.zip (extended): every audio history file, one chunk each; video and other files ignored', async () => {
    const zip = await writeZip(dir, 'my_spotify_data.zip', {
      'Spotify Extended Streaming History/ReadMeFirst_ExtendedStreamingHistory.pdf': Buffer.from('%PDF-1.4'),
      'Spotify Extended Streaming History/Streaming_History_Audio_2019-2023_0.json': EXTENDED_TEXT,
      'Spotify Extended Streaming History/Streaming_History_Audio_2023_1.json': second,
      'Spotify Extended Streaming History/Streaming_History_Video_2020-2023.json': video,
    });
    const got = await gather(readSpotifyHistory(zip));
    expect(got.chunks.map((c) => c.file)).toEqual([
      'Spotify Extended Streaming History/Streaming_History_Audio_2019-2023_0.json',
      'Spotify Extended Streaming History/Streaming_History_Audio_2023_1.json',
    ]);
    expect(got.listens.map((l) => l.title)).toEqual(['Moan', 'Moan', 'No URI', 'Second file']);
    expect(got.issues[0]).toEqual({ file: 'Spotify Extended Streaming History/Streaming_History_Audio_2019-2023_0.json', line: 3, reason: 'podcast episode, not music (skipped)' });
  });

  it('reads the older account-data ZIP (MyData/StreamingHistory*.json), not its podcast file', async () => {
    const zip = await writeZip(dir, 'my_spotify_data_old.zip', {
      'MyData/Userdata.json': JSON.stringify({ username: 'x' }),
      'MyData/StreamingHistory0.json': JSON.stringify(OLD),
      'MyData/StreamingHistory_music_1.json': JSON.stringify([{ endTime: '2020-02-01 00:00', artistName: 'A', trackName: 'B', msPlayed: 1 }]),
      'MyData/StreamingHistory_podcast_0.json': JSON.stringify([{ endTime: '2020-02-01 00:00', podcastName: 'P', episodeName: 'E', msPlayed: 1 }]),
    });
    const got = await gather(readSpotifyHistory(zip));
    expect(got.chunks.map((c) => c.file)).toEqual(['MyData/StreamingHistory0.json', 'MyData/StreamingHistory_music_1.json']);
    expect(got.listens.map((l) => l.title)).toEqual(['Bohemian Rhapsody', 'B']);
  });

  it('reads a folder: every history file under it, in name order', async () => {
    const folder = fixtureDir('spotify-folder');
    writeText(folder, 'Spotify Extended Streaming History/Streaming_History_Audio_2023_1.json', second);
    writeText(folder, 'Spotify Extended Streaming History/Streaming_History_Audio_2019-2023_0.json', EXTENDED_TEXT);
    writeText(folder, 'Spotify Extended Streaming History/Streaming_History_Video_2020-2023.json', video);
    writeText(folder, 'notes.json', '{"not": "history"}');
    const got = await gather(readSpotifyHistory(folder));
    expect(got.chunks.map((c) => c.file)).toEqual([
      'Spotify Extended Streaming History/Streaming_History_Audio_2019-2023_0.json',
      'Spotify Extended Streaming History/Streaming_History_Audio_2023_1.json',
    ]);
    expect(got.listens).toHaveLength(4);
  });

  it('gives the same source keys on every read, unique within a file', async () => {
    const zip = await writeZip(dir, 'keys.zip', { 'Streaming_History_Audio_0.json': EXTENDED_TEXT, 'Streaming_History_Audio_1.json': second });
    const keys = async () => (await gather(readSpotifyHistory(zip))).listens.map((l) => l.sourceKey);
    const a = await keys();
    expect(await keys()).toEqual(a);
    expect(new Set(a).size).toBe(a.length);
  });
});

describe('readSpotifyHistory: not Spotify history', () => {
  it('refuses other files with BAD_FILE, a missing one with FILE_UNREADABLE', async () => {
    const lb = writeText(dir, 'listens.jsonl', jsonl([{ listened_at: 1, track_metadata: { artist_name: 'a', track_name: 'b' } }]));
    expect(await readError(readSpotifyHistory(lb))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/listens\.jsonl: not Spotify streaming history/) });
    const lbArray = writeText(dir, 'lb.json', JSON.stringify([{ listened_at: 1, track_metadata: { artist_name: 'a', track_name: 'b' } }]));
    expect(await readError(readSpotifyHistory(lbArray))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/lb\.json: not Spotify streaming history/) });
    const csv = writeText(dir, 'x.csv', 'a,b,c\n');
    expect(await readError(readSpotifyHistory(csv))).toMatchObject({ code: 'BAD_FILE' });
    const zip = await writeZip(dir, 'other.zip', { 'listens/2021/1.jsonl': jsonl([{ listened_at: 1 }]) });
    expect(await readError(readSpotifyHistory(zip))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/other\.zip: not a Spotify data package/) });
    expect(await readError(readSpotifyHistory(fixtureDir('empty-folder')))).toMatchObject({ code: 'BAD_FILE' });
    expect(await readError(readSpotifyHistory(`${dir}/gone.json`))).toMatchObject({ code: 'FILE_UNREADABLE' });
  });
});
