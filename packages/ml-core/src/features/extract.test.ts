import { describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { extractFeatures, FEATURE_MODULES, FEATURES_VERSION } from './extract.js';
import { FEATURE_NAMES, FEATURE_RANGES } from './types.js';
import { encodeWav } from '../audio/wav.js';
import { isAudiioError } from '../errors.js';
import { drumPattern, progression, wav16 } from '@audiio-ml/synth';

describe('extractFeatures', () => {
  it('analyses a rendered song end to end with every feature in range', async () => {
    const sr = 44100;
    const d = drumPattern(120, 12, sr);
    const p = progression(9, 0, 120, 12, sr);
    const mix = d.map((v, i) => 0.5 * v + p[i]);
    const a = await extractFeatures(wav16([mix, mix], sr), { name: 'song.wav' });
    expect(a.features.tempo).toBeGreaterThan(120 * 0.96);
    expect(a.features.tempo).toBeLessThan(120 * 1.04);
    expect(a.features.key).toBe(9);
    expect(a.features.mode).toBe(0);
    for (const name of FEATURE_NAMES) {
      const [lo, hi] = FEATURE_RANGES[name];
      expect(a.features[name], name).toBeGreaterThanOrEqual(lo);
      expect(a.features[name], name).toBeLessThanOrEqual(hi);
    }
    expect(a).toMatchObject({ sampleRate: sr, channels: 2, featuresVersion: FEATURES_VERSION });
    expect(a.durationSec).toBeCloseTo(12, 1);
    expect(a.keyConfidence).toBeGreaterThan(0);
    expect(a.timings.decodeMs).toBeGreaterThan(0);
  });

  it('measures loudness on the full-band channels: a 12 kHz tone above the analysis Nyquist still counts', async () => {
    const sr = 44100;
    const tone = Float32Array.from({ length: 3 * sr }, (_, i) => 0.5 * Math.sin((2 * Math.PI * 12000 * i) / sr));
    const a = await extractFeatures(wav16([tone, tone], sr), { name: 'hf.wav' });
    // Two channels of a 0.5-amplitude sine: -9.03 + 3.01 + 0.691 - 0.691 ≈ -6 LUFS before the ~+4 dB K-weighting shelf.
    expect(a.features.loudness).toBeGreaterThan(-4);
    expect(a.features.loudness).toBeLessThan(0);
  });

  it('rejects NaN or infinite samples anywhere in any channel, at every decode path, naming the file', async () => {
    // 44.1 kHz stereo (halfband path, odd length), 48 kHz (decoder resamples, halfband path),
    // 22.05 kHz (no rate change), 16 kHz mono (band-limited interpolation).
    const cases: [number, number][] = [[44100, 2], [48000, 2], [22050, 2], [16000, 1]];
    for (const [sr, nCh] of cases) {
      const n = Math.round(sr * 0.7) | 1;
      const tone = () => Float32Array.from({ length: n }, (_, i) => 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr));
      const clean = Array.from({ length: nCh }, tone);
      await expect(extractFeatures(encodeWav(clean, sr, '32f'), { name: `clean-${sr}.wav` })).resolves.toMatchObject({ channels: nCh, durationSec: expect.closeTo(n / sr, 3) });
      for (const [pos, bad] of [[0, Number.NaN], [n >> 1, Infinity], [n - 1, -Infinity], [n - 1, Number.NaN], [n - 2, Number.NaN]] as const) {
        const chs = Array.from({ length: nCh }, tone);
        chs[nCh - 1][pos] = bad;
        const name = `bad-${sr}-${pos}.wav`;
        const err = await extractFeatures(encodeWav(chs, sr, '32f'), { name }).catch((e: unknown) => e);
        expect(isAudiioError(err) && err.code, `${name} ${bad}`).toBe('AUDIO_UNUSABLE');
        expect(String((err as Error).message)).toContain(name);
      }
    }
  });

  it('gives tempo 0, key -1 and zero confidence for silence', async () => {
    const z = new Float32Array(44100 * 3);
    const a = await extractFeatures(wav16([z], 44100), { name: 'silence.wav' });
    expect(a.features.tempo).toBe(0);
    expect(a.features.key).toBe(-1);
    expect(a.keyConfidence).toBe(0);
  });

  it('analyses a 0.3 s clip', async () => {
    const p = progression(0, 1, 120, 0.3, 22050);
    const a = await extractFeatures(wav16([p], 22050), { name: 'short.wav' });
    expect(a.durationSec).toBeCloseTo(0.3, 2);
    // Too short for a beat (two beats at the fastest tempo take 0.5 s): no tempo; the C major chord still gives its key.
    expect(a.features.tempo).toBe(0);
    expect(a.features).toMatchObject({ key: 0, mode: 1 });
    for (const name of FEATURE_NAMES) expect(Number.isFinite(a.features[name]), name).toBe(true);
  });
});

describe('feature modules', () => {
  it('every feature names a module file and every module file in features/ is listed (or a known helper)', () => {
    const dir = fileURLToPath(new URL('.', import.meta.url));
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('test-'))
      .map((f) => f.slice(0, -3));
    // Shared helpers, not features: types, the composition, descriptor/spectral helpers, chroma novelty (used by tempo), lagged products (tempo, descriptors), pitch-class names.
    const helpers = new Set(['types', 'extract', 'content-vector', 'perceptual', 'descriptors', 'spectral', 'chroma-novelty', 'lag-products', 'pitch']);
    const listed = new Set(Object.values(FEATURE_MODULES));
    expect(Object.keys(FEATURE_MODULES).sort()).toEqual([...FEATURE_NAMES].sort());
    for (const m of new Set(Object.values(FEATURE_MODULES))) expect(files, `${m}.ts missing`).toContain(m);
    for (const f of files) if (!helpers.has(f)) expect(listed.has(f), `${f}.ts is not in FEATURE_MODULES`).toBe(true);
  });
});
