import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeAudio } from './decode.js';
import { wav16 } from '@audiio-ml/synth';

const hasFfmpeg = (() => {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const FORMATS: [string, string[]][] = [
  ['mp3', ['-c:a', 'libmp3lame', '-b:a', '128k']],
  ['flac', ['-c:a', 'flac']],
  ['ogg', ['-c:a', 'libvorbis']],
  ['opus', ['-c:a', 'libopus', '-b:a', '64k']],
  ['m4a', ['-c:a', 'aac', '-b:a', '128k']],
  ['faststart.m4a', ['-c:a', 'aac', '-b:a', '128k', '-movflags', '+faststart']],
];

describe.skipIf(!hasFfmpeg)('decoding every format (files encoded by ffmpeg; skipped when ffmpeg is absent)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audiio-formats-'));
  const sr = 44100;
  const tone = Float32Array.from({ length: 2 * sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 440 * i) / sr));
  const src = join(dir, 'src.wav');
  writeFileSync(src, wav16([tone, tone], sr));

  it.each(FORMATS)('%s', async (ext, args) => {
    const out = join(dir, `tone.${ext}`);
    try {
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', src, ...args, out], { stdio: 'pipe' });
    } catch (err) {
      console.warn(`skipping ${ext}: this ffmpeg cannot encode it (${String(err).slice(0, 80)})`);
      return;
    }
    const { decoded, native } = await decodeAudio(out);
    expect(decoded.channels).toHaveLength(2);
    expect(decoded.durationSec).toBeGreaterThan(1.9);
    expect(decoded.durationSec).toBeLessThan(2.2);
    expect(native.channels).toBe(2);
    let e = 0;
    const ch = decoded.channels[0];
    for (let i = 4410; i < 30000; i++) e += ch[i] * ch[i];
    expect(Math.sqrt(e / (30000 - 4410))).toBeCloseTo(0.5 / Math.SQRT2, 1);
  });
});
