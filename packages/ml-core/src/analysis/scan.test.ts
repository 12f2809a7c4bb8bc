import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isAudioPath, scanAudioFiles } from './scan.js';
import { tempDir } from '@audiio-ml/synth';

describe('scanAudioFiles', () => {
  it('lists audio files recursively, sorted, with size and mtime; skips hidden and non-audio files', async () => {
    const dir = tempDir('audiio-scan-');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    mkdirSync(join(dir, '.git'));
    for (const p of ['z.MP3', 'a/one.flac', 'a/b/two.opus', 'a/b/three.m4a', 'a/readme.txt', 'a/cover.jpg', '.hidden.wav', '.git/x.wav', 'a/b/four.AIFF']) {
      writeFileSync(join(dir, p), 'x'.repeat(p.length));
    }
    symlinkSync(join(dir, 'a', 'one.flac'), join(dir, 'link.flac'));
    symlinkSync(join(dir, 'missing.wav'), join(dir, 'broken.wav'));
    const errors: string[] = [];
    const files = await scanAudioFiles(dir, (p) => errors.push(p));
    expect(files.map((f) => f.path.slice(dir.length + 1))).toEqual([
      'a/b/four.AIFF', 'a/b/three.m4a', 'a/b/two.opus', 'a/one.flac', 'link.flac', 'z.MP3',
    ]);
    expect(files[0].size).toBe('a/b/four.AIFF'.length);
    expect(Number.isInteger(files[0].mtimeMs)).toBe(true);
    expect(errors).toEqual([join(dir, 'broken.wav')]);
  });

  it('throws FILE_UNREADABLE for a missing folder or a file', async () => {
    const dir = tempDir('audiio-scan-');
    await expect(scanAudioFiles(join(dir, 'nope'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
    writeFileSync(join(dir, 'f.wav'), '');
    await expect(scanAudioFiles(join(dir, 'f.wav'))).rejects.toThrow(/not a folder/);
  });

  it('knows every supported audio extension', () => {
    for (const ext of ['mp3', 'flac', 'ogg', 'oga', 'opus', 'wav', 'm4a', 'aac', 'mp4', 'aiff']) expect(isAudioPath(`x.${ext}`)).toBe(true);
    for (const ext of ['txt', 'png', 'jpg', 'cue', 'm3u', '']) expect(isAudioPath(`x.${ext}`)).toBe(false);
  });
});
