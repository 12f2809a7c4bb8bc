import { describe, expect, it } from 'vitest';
import { isListenExportFormat, LISTEN_EXPORT_FORMATS, readListenExport, type ListenExportFormat } from './read-export.js';
import { fixtureDir, gather, jsonl, readError, writeText, writeZip } from './test-exports.js';

const dir = fixtureDir('read-export');

describe('readListenExport', () => {
  it('dispatches to each format', async () => {
    const lb = writeText(dir, 'lb.jsonl', jsonl([{ listened_at: 1600000000, track_metadata: { artist_name: 'A', track_name: 'From LB' } }]));
    const fm = writeText(dir, 'fm.csv', 'uts,utc_time,artist,artist_mbid,album,album_mbid,track,track_mbid\n1600000000,x,A,,B,,From Last.fm,\n');
    const sp = writeText(dir, 'sp.json', JSON.stringify([{ ts: '2020-09-13T12:26:40Z', ms_played: 1000, master_metadata_track_name: 'From Spotify', master_metadata_album_artist_name: 'A' }]));
    const titles = async (path: string, format: ListenExportFormat) => (await gather(readListenExport(path, format))).listens.map((l) => l.title);
    expect(await titles(lb, 'listenbrainz')).toEqual(['From LB']);
    expect(await titles(fm, 'lastfm')).toEqual(['From Last.fm']);
    expect(await titles(sp, 'spotify')).toEqual(['From Spotify']);
    expect(await readError(readListenExport(sp, 'lastfm'))).toMatchObject({ code: 'BAD_FILE' });
    expect(await readError(readListenExport(fm, 'spotify'))).toMatchObject({ code: 'BAD_FILE' });
  });

  it('refuses an unknown format at once', () => {
    expect(() => readListenExport('x', 'itunes' as ListenExportFormat)).toThrowError(/unknown listen export format "itunes"/);
    expect(LISTEN_EXPORT_FORMATS.filter(isListenExportFormat)).toEqual(['listenbrainz', 'lastfm', 'spotify']);
    expect(isListenExportFormat('itunes')).toBe(false);
  });

  it('can be stopped early (the ZIP is closed) and read again', async () => {
    const files: Record<string, string> = {};
    for (let m = 1; m <= 3; m++) files[`listens/2021/${m}.jsonl`] = jsonl([{ listened_at: 1609459200 + m, track_metadata: { artist_name: 'A', track_name: `M${m}` } }]);
    const zip = await writeZip(dir, 'three.zip', files);
    for await (const chunk of readListenExport(zip, 'listenbrainz')) {
      expect(chunk.file).toBe('listens/2021/1.jsonl');
      break;
    }
    expect((await gather(readListenExport(zip, 'listenbrainz'))).listens.map((l) => l.title)).toEqual(['M1', 'M2', 'M3']);
  });
});
