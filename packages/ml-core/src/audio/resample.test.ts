import { describe, expect, it } from 'vitest';
import { decimate2, downmixDecimate2, halfbandCoefs, halvings, resample, toRate, analysisMono } from './resample.js';
import { downmix } from './mono.js';

const sine = (f: number, sr: number, sec = 1, amp = 0.5) =>
  Float32Array.from({ length: Math.round(sec * sr) }, (_, i) => amp * Math.sin((2 * Math.PI * f * i) / sr));
/** RMS over the middle half (away from the zero-padded edges). */
const rms = (x: Float32Array) => {
  const a = Math.floor(x.length / 4);
  const b = Math.floor((3 * x.length) / 4);
  let e = 0;
  for (let i = a; i < b; i++) e += x[i] * x[i];
  return Math.sqrt(e / (b - a));
};
const db = (x: number) => 20 * Math.log10(x);

/** Frequency of a sine from its zero crossings, Hz. */
const freqOf = (x: Float32Array, sr: number) => {
  let z = 0;
  for (let i = Math.floor(x.length / 4) + 1; i < (3 * x.length) / 4; i++) if (x[i - 1] < 0 && x[i] >= 0) z++;
  return z / (x.length / 2 / sr);
};

describe('halfband decimation', () => {
  it('designs the elliptic allpass coefficients in (0, 1), increasing', () => {
    const c = halfbandCoefs();
    expect(c.length).toBe(8);
    for (let i = 0; i < c.length; i++) {
      expect(c[i]).toBeGreaterThan(0);
      expect(c[i]).toBeLessThan(1);
      if (i) expect(c[i]).toBeGreaterThan(c[i - 1]);
    }
  });

  it('passes 0–9 kHz within 0.01 dB at the same frequency', () => {
    for (const f of [100, 1000, 5000, 9000]) {
      const y = decimate2(sine(f, 44100));
      expect(y.length).toBe(22050);
      expect(Math.abs(db(rms(y) / (0.5 / Math.SQRT2)))).toBeLessThan(0.01);
      expect(Math.abs(freqOf(y, 22050) - f)).toBeLessThan(3);
    }
  });

  it('rejects what would alias (13–22 kHz) by at least 90 dB', () => {
    for (const f of [13000, 16000, 20000]) expect(db(rms(decimate2(sine(f, 44100))) / 0.35)).toBeLessThan(-90);
  });

  it('the fused stereo downmix + decimation equals downmix then decimate2 (1, 2, 3 channels)', () => {
    const chs = [sine(440, 44100, 0.2), sine(3000, 44100, 0.2, 0.3), sine(12000, 44100, 0.2, 0.2)];
    for (const k of [1, 2, 3]) {
      const c = chs.slice(0, k);
      const a = downmixDecimate2(c);
      const b = decimate2(downmix({ sampleRate: 44100, channels: c, durationSec: 0.2 }));
      expect(a.length).toBe(b.length);
      let d = 0;
      for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
      expect(d).toBeLessThan(1e-6);
    }
  });

  it('handles tiny inputs', () => {
    expect(decimate2(new Float32Array(0)).length).toBe(0);
    expect(decimate2(Float32Array.of(1)).length).toBe(0);
    expect(Array.from(decimate2(Float32Array.of(0, 0, 0, 0)))).toEqual([0, 0]);
  });
});

describe('toRate / resample', () => {
  it('counts exact halvings only', () => {
    expect(halvings(44100, 22050)).toBe(1);
    expect(halvings(176400, 22050)).toBe(3);
    expect(halvings(48000, 22050)).toBe(0);
    expect(halvings(22050, 22050)).toBe(0);
  });

  it('resamples 8 kHz up and 48 kHz down to 22 050 Hz keeping in-band sines (to 7.5 kHz within 0.2 dB)', () => {
    for (const [from, f] of [[8000, 1000], [48000, 3000], [48000, 7500]] as const) {
      const y = toRate(sine(f, from), from, 22050);
      expect(y.length).toBe(22050);
      expect(Math.abs(db(rms(y) / (0.5 / Math.SQRT2)))).toBeLessThan(0.2);
      expect(y[11025]).toBeCloseTo(0.5 * Math.sin((2 * Math.PI * f * 11025) / 22050), 2);
    }
    expect(db(rms(resample(sine(15000, 48000), 48000, 22050)) / 0.35)).toBeLessThan(-60);
  });

  it('analysisMono downmixes then reduces the rate; identity at the same rate', () => {
    const l = sine(440, 44100);
    const { mono, sampleRate } = analysisMono({ sampleRate: 44100, channels: [l, l.map((v) => -v)], durationSec: 1 }, 22050);
    expect(sampleRate).toBe(22050);
    expect(rms(mono)).toBeLessThan(1e-6);
    const same = analysisMono({ sampleRate: 22050, channels: [l], durationSec: 2 });
    expect(same.mono).toBe(l);
  });
});
