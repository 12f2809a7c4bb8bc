import { describe, expect, it } from 'vitest';
import { renderSpeechLike, mixSpeechOverMusic } from './speech.js';

const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, v) => s + v * v, 0) / x.length);

describe('renderSpeechLike', () => {
  it('frication scales the noise consonants: without it no frame is noise-like (high-band dominated)', () => {
    // Share of 256-sample frames whose first difference is as strong as the signal (white-ish noise).
    const noisyFrames = (x: Float32Array) => {
      let k = 0;
      let m = 0;
      for (let i = 0; i + 257 <= x.length; i += 256, m++) {
        const f = x.subarray(i, i + 257);
        const e = rms(f);
        if (e > 1e-3 && rms(f.subarray(1).map((v, j) => v - f[j])) > e) k++;
      }
      return k / m;
    };
    const full = renderSpeechLike({ durationSec: 4, seed: 4 });
    const none = renderSpeechLike({ durationSec: 4, seed: 4, frication: 0 });
    expect(Array.from(renderSpeechLike({ durationSec: 4, seed: 4, frication: 1 }))).toEqual(Array.from(full));
    expect(noisyFrames(full)).toBeGreaterThan(0.02);
    expect(noisyFrames(none)).toBeLessThan(0.25 * noisyFrames(full));
  });

  it('renders the requested length at the requested peak, deterministically per seed', () => {
    const a = renderSpeechLike({ durationSec: 3, seed: 5, sampleRate: 16000, peakDb: -6 });
    const b = renderSpeechLike({ durationSec: 3, seed: 5, sampleRate: 16000, peakDb: -6 });
    const c = renderSpeechLike({ durationSec: 3, seed: 6, sampleRate: 16000, peakDb: -6 });
    expect(a.length).toBe(48000);
    expect(Math.max(...a.map(Math.abs))).toBeCloseTo(Math.pow(10, -6 / 20), 4);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
    expect(a.every(Number.isFinite)).toBe(true);
  });

  it('has pauses and syllables: 50 ms frame energies swing by > 30 dB, with several rises per second', () => {
    const sr = 22050;
    const x = renderSpeechLike({ durationSec: 10, seed: 2 });
    const hop = Math.round(0.05 * sr);
    const e: number[] = [];
    for (let i = 0; i + hop <= x.length; i += hop) e.push(10 * Math.log10(rms(x.subarray(i, i + hop)) ** 2 + 1e-12));
    const sorted = [...e].sort((p, q) => p - q);
    expect(sorted[Math.floor(0.95 * e.length)] - sorted[Math.floor(0.1 * e.length)]).toBeGreaterThan(30);
    const loud = sorted[Math.floor(0.5 * e.length)];
    let rises = 0;
    for (let i = 1; i < e.length; i++) if (e[i - 1] < loud - 6 && e[i] >= loud - 6) rises++;
    expect(rises / 10).toBeGreaterThan(1.5);
    expect(rises / 10).toBeLessThan(7);
  });

  it('works at 8 kHz and for very short lengths', () => {
    expect(renderSpeechLike({ durationSec: 1, sampleRate: 8000 }).every(Number.isFinite)).toBe(true);
    expect(renderSpeechLike({ durationSec: 0.01 }).length).toBe(221);
  });
});

describe('mixSpeechOverMusic', () => {
  it('lays speech at the requested level above the music and keeps the peak ≤ -1 dBFS', () => {
    const music = Float32Array.from({ length: 22050 * 4 }, (_, i) => 0.02 * Math.sin(i * 0.05));
    const speech = renderSpeechLike({ durationSec: 5, seed: 3 });
    const mix = mixSpeechOverMusic(music, speech, 6);
    expect(mix.length).toBe(music.length);
    const speechPart = mix.map((v, i) => v - music[i]);
    expect(20 * Math.log10(rms(speechPart) / rms(music))).toBeCloseTo(6, 1);
    const loud = mixSpeechOverMusic(music.map((v) => v * 40), speech, 0);
    let peak = 0;
    for (const v of loud) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeLessThanOrEqual(0.8913);
  });
});
