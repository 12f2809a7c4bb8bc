import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { decodeAudio, allFinite, ANALYSIS_RATE } from './decode.js';
import { downmix } from './mono.js';
import { stft } from './stft.js';
import { seededRandom } from '../random.js';
import { isAudiioError } from '../errors.js';
import { hasFfmpeg, wav16 } from '@audiio-ml/synth';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { extractFeatures } from '../features/extract.js';

const dir = mkdtempSync(join(tmpdir(), 'audiio-decode-'));
const tone = (f: number, sec: number, sr: number, amp = 0.5) =>
  Float32Array.from({ length: Math.round(sec * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / sr));

async function expectError(p: Promise<unknown>, code: string, path: string) {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(isAudiioError(err, code as never), String(err)).toBe(true);
  expect((err as Error).message).toContain(path);
}

describe('decodeAudio', () => {
  it('decodes WAV with its full band (44.1 kHz), keeping channels, and reports the native format', async () => {
    const p = join(dir, 'stereo48k.wav');
    writeFileSync(p, wav16([tone(440, 1, 48000), tone(440, 1, 48000, 0.25)], 48000));
    const { decoded, native, analysisRate } = await decodeAudio(p);
    expect(decoded.sampleRate).toBe(44100);
    expect(analysisRate).toBe(ANALYSIS_RATE);
    expect(decoded.channels).toHaveLength(2);
    expect(decoded.durationSec).toBeCloseTo(1, 2);
    expect(native).toMatchObject({ sampleRate: 48000, channels: 2 });
    const mono = downmix(decoded);
    let peak = 0;
    for (const v of mono.subarray(1000, 20000)) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeCloseTo(0.375, 1);
  });

  it.each([8000, 192000])('decodes %i Hz, six channels', async (sr) => {
    const p = join(dir, `six-${sr}.wav`);
    const ch = Array.from({ length: 6 }, (_, c) => tone(300 + 50 * c, 0.5, sr));
    writeFileSync(p, wav16(ch, sr));
    const { decoded, native } = await decodeAudio(p);
    expect(decoded.channels).toHaveLength(6);
    expect(decoded.sampleRate).toBe(sr > ANALYSIS_RATE ? 44100 : sr);
    expect(native.sampleRate).toBe(sr);
    expect(decoded.durationSec).toBeCloseTo(0.5, 2);
  });

  it('names the file in FILE_UNREADABLE / DECODE_FAILED / AUDIO_UNUSABLE errors', async () => {
    const missing = join(dir, 'missing.mp3');
    await expectError(decodeAudio(missing), 'FILE_UNREADABLE', missing);
    const sub = join(dir, 'a-directory.mp3');
    mkdirSync(sub);
    await expectError(decodeAudio(sub), 'FILE_UNREADABLE', sub);
    const empty = join(dir, 'empty.mp3');
    writeFileSync(empty, new Uint8Array(0));
    await expectError(decodeAudio(empty), 'DECODE_FAILED', empty);
    const random = join(dir, 'random.mp3');
    const r = seededRandom(7);
    writeFileSync(random, Uint8Array.from({ length: 20000 }, () => Math.floor(r() * 256)));
    await expectError(decodeAudio(random), 'DECODE_FAILED', random);
    const text = join(dir, 'notes.mp3');
    writeFileSync(text, 'this is a text file, not audio\n'.repeat(100));
    await expectError(decodeAudio(text), 'DECODE_FAILED', text);
    const tiny = join(dir, 'tiny.wav');
    writeFileSync(tiny, wav16([tone(440, 0.01, 44100)], 44100));
    await expectError(decodeAudio(tiny), 'AUDIO_UNUSABLE', tiny);
    await expectError(decodeAudio(new Uint8Array([1, 2, 3]), { name: 'buf.ogg' }), 'DECODE_FAILED', 'buf.ogg');
  });

  it('decodes what is there of a truncated file', async () => {
    const bytes = wav16([tone(440, 2, 22050)], 22050);
    const { decoded } = await decodeAudio(bytes.subarray(0, 44 + 22050 * 2), { name: 'cut.wav' });
    expect(decoded.durationSec).toBeGreaterThan(0.9);
    expect(decoded.durationSec).toBeLessThan(1.1);
  });
});

describe('stft', () => {
  it('puts a sine in its bin with the Hann-window magnitude N/4', () => {
    const sr = 22050;
    const f = (100 * sr) / 1024; // exactly bin 100
    const s = stft(tone(f, 1, sr, 1), sr, 1024, 512);
    expect(s.nBins).toBe(513);
    expect(s.nFrames).toBe(Math.ceil((sr - 1024) / 512) + 1);
    const fr = s.mag.subarray(5 * 513, 6 * 513);
    let arg = 0;
    for (let b = 0; b < 513; b++) if (fr[b] > fr[arg]) arg = b;
    expect(arg).toBe(100);
    expect(fr[100]).toBeCloseTo(256, 0);
    expect(fr[103]).toBeLessThan(1e-3 * 256);
  });

  it('gives one zero-padded frame for a signal shorter than the window', () => {
    const s = stft(new Float32Array(100).fill(0.1), 22050, 1024, 512);
    expect(s.nFrames).toBe(1);
    expect(s.mag[0]).toBeGreaterThan(0);
  });
});

describe('downmix', () => {
  it('is the per-sample mean of the channels (and channel 0 itself when mono)', () => {
    const a = Float32Array.from([1, 0.5, -1]);
    const b = Float32Array.from([0, 0.5, 1]);
    const c = Float32Array.from([0.5, -1, 0]);
    const d = (chs: Float32Array[]) => downmix({ sampleRate: 8000, channels: chs, durationSec: 3 / 8000 });
    expect(d([a])).toBe(a);
    expect(Array.from(d([a, b]))).toEqual([0.5, 0.5, 0]);
    expect(Array.from(d([a, b, c])).map((v) => +v.toFixed(6))).toEqual([0.5, 0, 0]);
  });
});

describe('decodeAudio channels (zero-copy)', () => {
  it('keeps the decoded samples valid after the decoder\'s buffer is garbage-collected (zero-copy channels)', async () => {
    const p = join(dir, 'gc.wav');
    const left = tone(330, 1, 44100);
    const right = tone(550, 1, 44100, 0.3);
    writeFileSync(p, wav16([left, right], 44100));
    const { decoded } = await decodeAudio(p);
    const before = decoded.channels.map((c) => Float32Array.from(c));
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    for (let k = 0; k < 4; k++) {
      gc();
      const junk = Array.from({ length: 20 }, (_, j) => new Float32Array(1e5).fill(j));
      expect(junk).toHaveLength(20);
      await new Promise((r) => setTimeout(r, 5));
    }
    decoded.channels.forEach((c, i) => expect(c).toEqual(before[i]));
  });
});

describe('allFinite', () => {
  it('is false exactly when some sample is NaN or infinite, in any position', () => {
    for (const n of [0, 1, 5, 8, 1001]) {
      const x = Float32Array.from({ length: n }, (_, i) => (i % 2 ? 3e38 : -3e38));
      expect(allFinite(x)).toBe(true);
      for (const bad of [Number.NaN, Infinity, -Infinity]) {
        for (const at of [0, n - 1, n >> 1]) {
          if (at < 0 || at >= n) continue;
          const y = x.slice();
          y[at] = bad;
          expect(allFinite(y)).toBe(false);
        }
      }
    }
    const mixed = new Float32Array(8);
    mixed[0] = Infinity;
    mixed[1] = -Infinity;
    expect(allFinite(mixed)).toBe(false);
  });

  it.skipIf(!hasFfmpeg())('keeps what decodes of a long MP3 whose tail is damaged, and says where it was cut', async () => {
    // 1000 s at 48 kbit/s (6 MB): decoded in 4 MB chunks at 11 025 Hz; everything after the first chunk is noise.
    const good = join(dir, 'long.mp3');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=22050:duration=1000', '-ac', '1', '-b:a', '48k', good]);
    const bytes = new Uint8Array(readFileSync(good));
    const whole = await decodeAudio(bytes, { name: 'long.mp3' });
    expect(whole.decoded.durationSec).toBeCloseTo(1000, 0);
    expect(whole.warnings).toEqual([]);
    const rand = seededRandom(5);
    const bad = bytes.slice();
    for (let i = 4 * 1024 * 1024; i < bad.length; i++) bad[i] = Math.floor(rand() * 256);
    const cut = await decodeAudio(bad, { name: 'damaged.mp3' });
    expect(cut.decoded.durationSec).toBeGreaterThan(600);
    expect(cut.decoded.durationSec).toBeLessThan(800);
    expect(cut.warnings).toHaveLength(1);
    expect(cut.warnings[0]).toMatch(new RegExp(`^truncated at ${cut.decoded.durationSec.toFixed(1)} s: the rest of the file \\(from byte 4194304\\) does not decode`));
    const analysis = await extractFeatures(bad, { name: 'damaged.mp3' });
    expect(analysis.warnings).toEqual(cut.warnings);
    expect(analysis.durationSec).toBeCloseTo(cut.decoded.durationSec, 3);
  });
});
