import { describe, expect, it } from 'vitest';
import { readListenBrainzExport } from './listenbrainz.js';
import { fixtureDir, gather, jsonl, readError, writeText, writeZip } from './test-exports.js';

const dir = fixtureDir('lb');
const MBID_A = '11111111-1111-4111-8111-111111111111';
const MBID_B = '22222222-2222-4222-8222-222222222222';
const MSID_A = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const MSID_B = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';

/** Listens as the current export writes them (listenbrainz-server background/export.py). */
const JAN = jsonl([
  {
    listened_at: 1609459200,
    inserted_at: 1609459300.5,
    track_metadata: {
      artist_name: 'Sigur Rós',
      track_name: 'Hoppípolla',
      release_name: 'Takk...',
      recording_msid: MSID_A,
      additional_info: { duration_ms: 268000, recording_mbid: MBID_A, submission_client: 'test' },
      mbid_mapping: { recording_mbid: MBID_B, recording_name: 'Hoppípolla', artists: [] },
    },
  },
  {
    listened_at: 1609462800.0,
    track_metadata: {
      artist_name: 'Daft Punk',
      track_name: 'One More Time',
      recording_msid: MSID_B.toUpperCase(),
      additional_info: {},
      mbid_mapping: { recording_mbid: MBID_B },
    },
  },
  {
    listened_at: 1609466400,
    track_metadata: { artist_name: 'Unmapped  Artist', track_name: 'Some Song', additional_info: { duration: 200 }, mbid_mapping: null },
  },
]);

const FEB = [
  JSON.stringify({ listened_at: 1612137600, track_metadata: { artist_name: 'A', track_name: 'First', recording_msid: MSID_A } }), // 1
  '{not json', // 2
  '', // 3 (blank: not an issue)
  JSON.stringify({ track_metadata: { artist_name: 'A', track_name: 'No time' } }), // 4
  JSON.stringify({ listened_at: '1612137600', track_metadata: { artist_name: 'A', track_name: 'String time' } }), // 5
  JSON.stringify({ listened_at: 1612137601, track_metadata: { artist_name: 'A' } }), // 6
  '[1, 2]', // 7
  JSON.stringify({ listened_at: 1612137602, track_metadata: { artist_name: 'A', track_name: 'Last' } }), // 8
].join('\r\n');

const FEEDBACK = jsonl([
  { recording_msid: MSID_A, recording_mbid: null, score: 1, created: 1609459500 },
  { recording_msid: null, recording_mbid: MBID_A.toUpperCase(), score: -1, created: 1609459600 },
  { recording_msid: MSID_B, recording_mbid: MBID_B, score: 0, created: 1609459700 },
  { recording_msid: MSID_B, score: 2, created: 1609459800 },
  { recording_msid: 'not-a-uuid', score: 1, created: 1609459900 },
  { recording_msid: MSID_A, score: 1 },
]);

const EXPORT_FILES = {
  'user.json': JSON.stringify({ user_id: 1, username: 'someone' }),
  'listens/2021/1.jsonl': JAN,
  'listens/2021/2.jsonl': FEB,
  'feedback.jsonl': FEEDBACK,
  'pinned_recording.jsonl': jsonl([{ recording_msid: MSID_A, blurb_content: 'x', created: 1, pinned_until: 2 }]),
};

describe('readListenBrainzExport: the ZIP', () => {
  it('reads every field of listens and feedback, one chunk per file, other files ignored', async () => {
    const zip = await writeZip(dir, 'export.zip', EXPORT_FILES);
    const got = await gather(readListenBrainzExport(zip));
    expect(got.chunks.map((c) => c.file)).toEqual(['listens/2021/1.jsonl', 'listens/2021/2.jsonl', 'feedback.jsonl']);
    expect(got.listens.slice(0, 3)).toEqual([
      {
        timestamp: 1609459200000, artist: 'Sigur Rós', title: 'Hoppípolla', album: 'Takk...', recordingMbid: MBID_A, recordingMsid: MSID_A,
        playedSec: null, trackSec: 268, completed: null, skipped: null, sourceKey: `listenbrainz:1609459200:${MSID_A}`,
        where: { file: 'listens/2021/1.jsonl', line: 1 },
      },
      {
        timestamp: 1609462800000, artist: 'Daft Punk', title: 'One More Time', album: null, recordingMbid: MBID_B, recordingMsid: MSID_B,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: `listenbrainz:1609462800:${MSID_B}`,
        where: { file: 'listens/2021/1.jsonl', line: 2 },
      },
      {
        timestamp: 1609466400000, artist: 'Unmapped  Artist', title: 'Some Song', album: null, recordingMbid: null, recordingMsid: null,
        playedSec: null, trackSec: 200, completed: null, skipped: null, sourceKey: 'listenbrainz:1609466400:unmapped artist|some song',
        where: { file: 'listens/2021/1.jsonl', line: 3 },
      },
    ]);
    expect(got.listens.slice(3).map((l) => [l.title, l.where.line])).toEqual([['First', 1], ['Last', 8]]);
    expect(got.feedback).toEqual([
      { rating: 'like', timestamp: 1609459500000, recordingMbid: null, recordingMsid: MSID_A, artist: null, title: null, where: { file: 'feedback.jsonl', line: 1 } },
      { rating: 'dislike', timestamp: 1609459600000, recordingMbid: MBID_A, recordingMsid: null, artist: null, title: null, where: { file: 'feedback.jsonl', line: 2 } },
      { rating: 'none', timestamp: 1609459700000, recordingMbid: MBID_B, recordingMsid: MSID_B, artist: null, title: null, where: { file: 'feedback.jsonl', line: 3 } },
    ]);
    expect(got.issues).toEqual([
      { file: 'listens/2021/2.jsonl', line: 2, reason: 'malformed JSON line' },
      { file: 'listens/2021/2.jsonl', line: 4, reason: 'missing listened_at' },
      { file: 'listens/2021/2.jsonl', line: 5, reason: 'listened_at is not a positive number (epoch seconds)' },
      { file: 'listens/2021/2.jsonl', line: 6, reason: 'missing track_metadata.track_name' },
      { file: 'listens/2021/2.jsonl', line: 7, reason: 'not a JSON object' },
      { file: 'feedback.jsonl', line: 4, reason: 'score is not 1, -1 or 0' },
      { file: 'feedback.jsonl', line: 5, reason: 'neither a recording_mbid nor a recording_msid' },
      { file: 'feedback.jsonl', line: 6, reason: 'missing created' },
    ]);
  });

  it('reads the unzipped folder as the ZIP', async () => {
    const folder = fixtureDir('lb-folder');
    for (const [name, text] of Object.entries(EXPORT_FILES)) writeText(folder, name, text);
    const zip = await writeZip(dir, 'export-2.zip', EXPORT_FILES);
    const [a, b] = [await gather(readListenBrainzExport(folder)), await gather(readListenBrainzExport(zip))];
    // A folder is read in name order, a ZIP in the archive's order.
    expect(a.chunks.map((c) => c.file)).toEqual(['feedback.jsonl', 'listens/2021/1.jsonl', 'listens/2021/2.jsonl']);
    const byPlace = <T extends { where?: { file: string; line: number }; file?: string; line?: number }>(xs: T[]) =>
      [...xs].sort((x, y) => `${x.where?.file ?? x.file}:${x.where?.line ?? x.line}`.localeCompare(`${y.where?.file ?? y.file}:${y.where?.line ?? y.line}`));
    expect(byPlace(a.listens)).toEqual(byPlace(b.listens));
    expect(a.feedback).toEqual(b.feedback);
    expect(byPlace(a.issues)).toEqual(byPlace(b.issues));
  });

  it('splits a big file into chunks of 10,000 records: the same records as one pass', async () => {
    const lines = Array.from({ length: 25_000 }, (_, i) =>
      JSON.stringify({ listened_at: 1600000000 + i, track_metadata: { artist_name: `Artist ${i % 97}`, track_name: `Song ${i}`, additional_info: { duration_ms: 1000 * (i % 300) } } }),
    );
    const zip = await writeZip(dir, 'big.zip', { 'listens/2020/9.jsonl': lines.join('\n') });
    const chunked = await gather(readListenBrainzExport(zip));
    expect(chunked.chunks.map((c) => c.listens.length)).toEqual([10_000, 10_000, 5_000]);
    const onePass = await gather(readListenBrainzExport(zip, { chunkSize: Infinity }));
    expect(onePass.chunks).toHaveLength(1);
    expect(chunked.listens).toEqual(onePass.listens);
    expect(new Set(chunked.listens.map((l) => l.sourceKey)).size).toBe(25_000);
    expect(chunked.listens[24_999].where).toEqual({ file: 'listens/2020/9.jsonl', line: 25_000 });
  });

  it('gives the same source keys on every read, unique within a file', async () => {
    const zip = await writeZip(dir, 'keys.zip', EXPORT_FILES);
    const keys = async () => (await gather(readListenBrainzExport(zip))).listens.map((l) => l.sourceKey);
    const [a, b] = [await keys(), await keys()];
    expect(a).toEqual(b);
    expect(new Set(a).size).toBe(a.length);
  });

  it('refuses a ZIP that is not a ListenBrainz export, and a broken ZIP', async () => {
    const other = await writeZip(dir, 'other.zip', { 'readme.txt': 'hello', 'data/listens.csv': 'a,b' });
    expect(await readError(readListenBrainzExport(other))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/other\.zip: not a ListenBrainz export/) });
    const broken = writeText(dir, 'broken.zip', 'PK\u0003\u0004 this is not really a zip');
    expect(await readError(readListenBrainzExport(broken))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/broken\.zip: not a readable ZIP/) });
  });
});

describe('readListenBrainzExport: single files', () => {
  it('reads the older JSON array of listens (line = the entry number)', async () => {
    const path = writeText(dir, 'old-export.json', JSON.stringify([
      { listened_at: 1500000000, recording_msid: MSID_A, user_name: 'u', track_metadata: { artist_name: 'Beyoncé', track_name: 'Halo', release_name: 'I Am... Sasha Fierce', additional_info: { duration_ms: '261000' } } },
      { recording_msid: MSID_B, track_metadata: { artist_name: 'X', track_name: 'No time' } },
      { listened_at: 1500000100, track_metadata: { artist_name: 'Y', track_name: 'Z', additional_info: { recording_msid: MSID_B, recording_mbid: MBID_A } } },
    ], null, 2));
    const got = await gather(readListenBrainzExport(path));
    expect(got.listens).toEqual([
      {
        timestamp: 1500000000000, artist: 'Beyoncé', title: 'Halo', album: 'I Am... Sasha Fierce', recordingMbid: null, recordingMsid: MSID_A,
        playedSec: null, trackSec: 261, completed: null, skipped: null, sourceKey: `listenbrainz:1500000000:${MSID_A}`, where: { file: 'old-export.json', line: 1 },
      },
      {
        timestamp: 1500000100000, artist: 'Y', title: 'Z', album: null, recordingMbid: MBID_A, recordingMsid: MSID_B,
        playedSec: null, trackSec: null, completed: null, skipped: null, sourceKey: `listenbrainz:1500000100:${MSID_B}`, where: { file: 'old-export.json', line: 3 },
      },
    ]);
    expect(got.issues).toEqual([{ file: 'old-export.json', line: 2, reason: 'missing listened_at' }]);
  });

  it('reads a plain listens .jsonl and a plain feedback.jsonl', async () => {
    const listens = await gather(readListenBrainzExport(writeText(dir, '3.jsonl', JAN)));
    expect(listens.listens.map((l) => l.title)).toEqual(['Hoppípolla', 'One More Time', 'Some Song']);
    expect(listens.listens[0].where.file).toBe('3.jsonl');
    const feedback = await gather(readListenBrainzExport(writeText(dir, 'feedback.jsonl', FEEDBACK)));
    expect(feedback.feedback.map((f) => f.rating)).toEqual(['like', 'dislike', 'none']);
    expect(feedback.listens).toEqual([]);
  });

  it('refuses a file of another format (BAD_FILE) and a missing one (FILE_UNREADABLE)', async () => {
    const csv = writeText(dir, 'scrobbles.csv', 'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n1,x,a,,b,,c,\n');
    expect(await readError(readListenBrainzExport(csv))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/scrobbles\.csv: not a ListenBrainz export/) });
    const spotify = writeText(dir, 'Streaming_History_Audio_2020.json', JSON.stringify([{ ts: '2020-01-01T00:00:00Z', ms_played: 1000, master_metadata_track_name: 'x' }]));
    expect(await readError(readListenBrainzExport(spotify))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/none of its first entry is a record of it/) });
    const junkLines = writeText(dir, 'junk.jsonl', jsonl(Array.from({ length: 30 }, (_, i) => ({ hello: i }))));
    expect(await readError(readListenBrainzExport(junkLines))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/none of its first 20 lines/) });
    expect(await readError(readListenBrainzExport(writeText(dir, 'empty.json', ' \n')))).toMatchObject({ code: 'BAD_FILE', message: expect.stringMatching(/empty/) });
    expect(await readError(readListenBrainzExport(`${dir}/nope.zip`))).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringMatching(/nope\.zip: cannot read the file \(no such file/) });
  });

  it('a file whose first lines are bad but which holds listens is read, with the bad lines as issues', async () => {
    const path = writeText(dir, 'bad-start.jsonl', ['oops', '{"also": "bad"', FEB.split('\r\n')[0]].join('\n'));
    const got = await gather(readListenBrainzExport(path));
    expect(got.listens).toHaveLength(1);
    expect(got.issues.map((i) => i.line)).toEqual([1, 2]);
  });
});
