/**
 * Test fixtures: small music folders with known content and every kind of bad
 * input the analyser must survive. Used by the analysis unit tests and the
 * end-to-end CLI tests.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav, type WavBitDepth } from '@audiio-ml/ml-core/internal';
import { renderSong, type SongSpec } from './song.js';
import { createRandom } from './random.js';

/** A fresh temporary folder. */
export function tempDir(prefix = 'audiio-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** True when `ffmpeg` is on the PATH. */
export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** The encoders (of `names`) this ffmpeg offers. */
export function ffmpegEncoders(names: readonly string[]): Set<string> {
  if (!hasFfmpeg()) return new Set();
  const out = execFileSync('ffmpeg', ['-hide_banner', '-encoders'], { encoding: 'utf8' });
  return new Set(names.filter((n) => new RegExp(`^\\s*A\\S*\\s+${n}\\s`, 'm').test(out)));
}

/** Renders a song and writes it as WAV; returns the path. */
export async function writeSongWav(path: string, spec: SongSpec, bitDepth: WavBitDepth = 16): Promise<string> {
  const s = await renderSong(spec);
  writeFileSync(path, encodeWav(s.channels, s.sampleRate, bitDepth));
  return path;
}

/** A 1×1 PNG image. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

/** Bytes that are no known format (seeded). */
export function randomBytes(n: number, seed = 1): Uint8Array {
  const r = createRandom(seed);
  return Uint8Array.from({ length: n }, () => Math.floor(r() * 256));
}

/** A WAV of `seconds` of one repeated short song buffer, mono at `sampleRate` (cheap long files). */
export async function writeLongWav(path: string, seconds: number, sampleRate = 8000): Promise<string> {
  const s = await renderSong({ tempo: 120, key: 2, mode: 1, drums: true, timbre: 'organ', durationSec: 8, sampleRate, channels: 1 });
  const loop = s.channels[0];
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (let i = 0; i < out.length; i++) out[i] = loop[i % loop.length];
  writeFileSync(path, encodeWav([out], sampleRate, 16));
  return path;
}

/** What a fixture file should give. */
export interface FixtureExpectation {
  /** true: must analyse; false: must fail with a message naming the file; 'either': a valid result or such an error. */
  ok: boolean | 'either';
  /** Expected duration, s (when ok). */
  durationSec?: number;
  /** The rendered tempo and key, where the file is a clean song. */
  tempo?: number;
  key?: number;
  mode?: number;
}

/**
 * Writes a bad-input library into `dir`: a clean
 * song, zero-length, truncated, random bytes named `.mp3`, a text file named
 * `.wav`, a PNG named `.flac` (and a real `.png`, which is not scanned),
 * silence, a 0.3 s clip, 8 kHz mono to 192 kHz six-channel files, 24-bit and
 * float WAVs; with `longSeconds`, a long 8 kHz mono file. Returns the
 * expectation per file name.
 */
export async function writeEdgeCaseLibrary(dir: string, opts: { longSeconds?: number } = {}): Promise<Map<string, FixtureExpectation>> {
  mkdirSync(join(dir, 'nested', 'deeper'), { recursive: true });
  const exp = new Map<string, FixtureExpectation>();
  const song = { tempo: 120, key: 9, mode: 0, drums: true, timbre: 'piano', durationSec: 8, seed: 5 } as const;
  await writeSongWav(join(dir, 'Test Artist - Clean Song.wav'), song);
  exp.set('Test Artist - Clean Song.wav', { ok: true, durationSec: 8, tempo: 120, key: 9, mode: 0 });

  writeFileSync(join(dir, 'empty.mp3'), new Uint8Array(0));
  exp.set('empty.mp3', { ok: false });
  const full = encodeWav((await renderSong({ ...song, durationSec: 4, sampleRate: 22050 })).channels, 22050, 16);
  writeFileSync(join(dir, 'truncated.wav'), full.subarray(0, Math.floor(full.length * 0.4)));
  exp.set('truncated.wav', { ok: 'either' });
  writeFileSync(join(dir, 'header-only.wav'), full.subarray(0, 44));
  exp.set('header-only.wav', { ok: false });
  writeFileSync(join(dir, 'nested', 'random.mp3'), randomBytes(50_000));
  exp.set('nested/random.mp3', { ok: false });
  writeFileSync(join(dir, 'nested', 'notes.wav'), 'These are my notes, not audio.\n'.repeat(200));
  exp.set('nested/notes.wav', { ok: false });
  writeFileSync(join(dir, 'nested', 'cover.flac'), PNG_BYTES);
  exp.set('nested/cover.flac', { ok: false });
  writeFileSync(join(dir, 'nested', 'cover.png'), PNG_BYTES); // not an audio extension: never scanned
  writeFileSync(join(dir, '.hidden.wav'), full); // hidden: never scanned

  writeFileSync(join(dir, 'silence.wav'), encodeWav([new Float32Array(3 * 22050), new Float32Array(3 * 22050)], 22050, 16));
  exp.set('silence.wav', { ok: true, durationSec: 3 });
  await writeSongWav(join(dir, 'short-0.3s.wav'), { ...song, durationSec: 0.3 });
  exp.set('short-0.3s.wav', { ok: true, durationSec: 0.3 });

  const variants: [string, Partial<SongSpec>, WavBitDepth][] = [
    ['rate-8k-mono.wav', { sampleRate: 8000, channels: 1 }, 16],
    ['rate-16k-stereo.wav', { sampleRate: 16000, channels: 2 }, 16],
    ['rate-48k-24bit.wav', { sampleRate: 48000, channels: 2 }, 24],
    ['rate-96k-float-4ch.wav', { sampleRate: 96000, channels: 4 }, '32f'],
    ['rate-192k-6ch.wav', { sampleRate: 192000, channels: 6 }, 16],
  ];
  for (const [name, v, depth] of variants) {
    await writeSongWav(join(dir, 'nested', 'deeper', name), { ...song, durationSec: 4, ...v }, depth);
    exp.set(`nested/deeper/${name}`, { ok: true, durationSec: 4 });
  }
  if (opts.longSeconds) {
    await writeLongWav(join(dir, 'long.wav'), opts.longSeconds);
    exp.set('long.wav', { ok: true, durationSec: opts.longSeconds });
  }
  return exp;
}
