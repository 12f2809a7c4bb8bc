import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readFileSync, truncateSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { analyzeLibrary, type AnalyzedFile } from './batch.js';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { ffmpegEncoders, tempDir, writeSongWav } from '@audiio-ml/synth';

/** Each supported format: file name, ffmpeg encoder and arguments. */
const FORMATS = [
  { file: 'song.mp3', encoder: 'libmp3lame', args: ['-c:a', 'libmp3lame', '-b:a', '192k'] },
  { file: 'song.flac', encoder: 'flac', args: ['-c:a', 'flac'] },
  { file: 'song.ogg', encoder: 'libvorbis', args: ['-c:a', 'libvorbis', '-q:a', '5'] },
  { file: 'song.opus', encoder: 'libopus', args: ['-c:a', 'libopus', '-b:a', '128k'] },
  { file: 'song.m4a', encoder: 'aac', args: ['-c:a', 'aac', '-b:a', '192k'] },
  { file: 'song.aac', encoder: 'aac', args: ['-c:a', 'aac', '-b:a', '192k', '-f', 'adts'] },
] as const;
const TAGS = { title: 'Format Test', artist: 'The Encoders', album: 'Codecs', genre: 'Electronic', date: '2019' };
const available = ffmpegEncoders(FORMATS.map((f) => f.encoder));
const missing = FORMATS.filter((f) => !available.has(f.encoder));
if (missing.length) {
  console.warn(
    available.size === 0
      ? 'formats.test: ffmpeg not found: skipping mp3, flac, ogg/vorbis, opus, m4a/aac decoding tests'
      : `formats.test: ffmpeg lacks encoder(s) ${missing.map((f) => f.encoder).join(', ')}: skipping ${missing.map((f) => f.file).join(', ')}`,
  );
}

let dir: string;
let db: LibraryDb;
const results = new Map<string, AnalyzedFile>();

beforeAll(async () => {
  if (available.size === 0) return;
  dir = tempDir('audiio-formats-');
  const wav = await writeSongWav(join(tempDir(), 'source.wav'), {
    tempo: 126, key: 4, mode: 1, drums: true, timbre: 'organ', durationSec: 12, seed: 3,
  });
  const meta = Object.entries(TAGS).flatMap(([k, v]) => ['-metadata', `${k}=${v}`]);
  for (const f of FORMATS) {
    if (!available.has(f.encoder)) continue;
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...meta, ...f.args, join(dir, f.file)]);
  }
  // A truncated MP3: the first 30 % of the stream.
  if (available.has('libmp3lame')) {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, '-c:a', 'libmp3lame', join(dir, 'cut.mp3')]);
    truncateSync(join(dir, 'cut.mp3'), Math.floor(statSync(join(dir, 'cut.mp3')).size * 0.3));
  }
  db = openLibrary(':memory:');
  await analyzeLibrary(db, dir, { jobs: 2, onFile: (f) => results.set(basename(f.path), f) });
}, 120_000);

afterAll(() => db?.close());

describe('decoding every format through the batch', () => {
  for (const f of FORMATS) {
    it.skipIf(!available.has(f.encoder))(`${f.file} (${f.encoder}) decodes and analyses to the rendered tempo and key`, () => {
      const r = results.get(f.file)!;
      expect(r.ok, r.error?.message).toBe(true);
      expect(r.durationSec!).toBeGreaterThan(11.5);
      expect(r.durationSec!).toBeLessThan(12.5);
      const t = r.features!.tempo;
      expect([63, 126, 252].some((x) => Math.abs(t - x) / x < 0.04), `tempo ${t}`).toBe(true);
      expect(r.features!.key).toBe(4);
      expect(r.features!.mode).toBe(1);
    });
  }

  it.skipIf(!available.size)('reads tags (title, artist, album, genre, year) of tagged formats', () => {
    for (const file of ['song.mp3', 'song.flac', 'song.ogg', 'song.opus', 'song.m4a']) {
      const r = results.get(file);
      if (!r) continue;
      expect(r.tags, file).toMatchObject({ title: TAGS.title, artist: TAGS.artist, album: TAGS.album, genre: TAGS.genre, year: 2019 });
      expect(r.tags!.durationSec ?? 0, `${file} ${JSON.stringify(r.tags)}`).toBeGreaterThan(11);
    }
  });

  it.skipIf(!available.has('libmp3lame'))('a truncated MP3 gives the audio that is there, or a clear error', () => {
    const r = results.get('cut.mp3')!;
    if (r.ok) expect(r.durationSec!).toBeLessThan(6);
    else expect(r.error!.message).toContain('cut.mp3');
    expect(readFileSync(join(dir, 'cut.mp3')).length).toBeGreaterThan(0);
  });
});
