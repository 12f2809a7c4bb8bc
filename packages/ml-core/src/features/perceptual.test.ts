import { describe, expect, it } from 'vitest';
import { extractPerceptual } from './perceptual.js';
import { DESCRIPTORS_DIM, DESCRIPTORS_VERSION } from './descriptors.js';
import { estimateRhythm } from './tempo.js';
import { estimateKey } from './key.js';
import { musicLike, noise, sine, renderSpeechLike, mixSpeechOverMusic, monoAudio } from '@audiio-ml/synth';
import { analysisInput } from './extract.js';

const inputOfMono = (x: Float32Array, sampleRate = 22050) => analysisInput(monoAudio(x, sampleRate));

const SIX = ['energy', 'danceability', 'valence', 'acousticness', 'instrumentalness', 'speechiness'] as const;

function perceptual(x: Float32Array, sampleRate = 22050) {
  const input = inputOfMono(x, sampleRate);
  const rhythm = estimateRhythm(input);
  const tonal = estimateKey(input.mono, input.sampleRate);
  return extractPerceptual(input, rhythm, tonal);
}

describe('extractPerceptual', () => {
  const speech = renderSpeechLike({ durationSec: 15, seed: 11 });
  const music = musicLike(15, 120, true, 2);
  const calm = musicLike(15, 72, false, 3);
  const sp = perceptual(speech);
  const mu = perceptual(music);
  const ca = perceptual(calm);

  it('every value is finite and within 0–1, on any input, with the versioned descriptor vector', () => {
    const inputs = [speech, music, calm, new Float32Array(22050), new Float32Array(3), sine(0.3, 440, 0.5), noise(2, 0.9), sine(2, 60, 1)];
    for (const x of inputs) {
      const p = perceptual(x);
      for (const k of SIX) {
        expect(Number.isFinite(p[k]), k).toBe(true);
        expect(p[k]).toBeGreaterThanOrEqual(0);
        expect(p[k]).toBeLessThanOrEqual(1);
      }
      expect(p.descriptors.length).toBe(DESCRIPTORS_DIM);
      expect(p.descriptorsVersion).toBe(DESCRIPTORS_VERSION);
    }
  });

  it('speechiness: speech-like > 0.66, music-like < 0.33 (Spotify thresholds)', () => {
    expect(sp.speechiness).toBeGreaterThan(0.66);
    expect(mu.speechiness).toBeLessThan(0.33);
    expect(ca.speechiness).toBeLessThan(0.33);
    for (const seed of [21, 22]) {
      expect(perceptual(renderSpeechLike({ durationSec: 10, seed, f0: seed === 21 ? 210 : 100 })).speechiness).toBeGreaterThan(0.66);
    }
  });

  it('speechiness: a monotone (text-to-speech-like) voice is still speech', () => {
    expect(perceptual(renderSpeechLike({ durationSec: 12, seed: 41, intonation: 0.1 })).speechiness).toBeGreaterThan(0.66);
  });

  it('keeps its meaning at the 11 025 Hz rate used for long files', () => {
    const sr = 11025;
    expect(perceptual(renderSpeechLike({ durationSec: 12, seed: 31, sampleRate: sr }), sr).speechiness).toBeGreaterThan(0.66);
    const m = perceptual(musicLike(12, 120, true, 4, sr), sr);
    expect(m.speechiness).toBeLessThan(0.33);
    expect(m.instrumentalness).toBeGreaterThan(0.5);
  });

  it('speech over music sits between music and speech', () => {
    const mix = perceptual(mixSpeechOverMusic(calm, renderSpeechLike({ durationSec: 15, seed: 12 }), 3));
    expect(mix.speechiness).toBeGreaterThan(ca.speechiness);
    expect(mix.speechiness).toBeLessThan(sp.speechiness);
  });

  it('instrumentalness: > 0.5 for music without vocals, < 0.5 for speech', () => {
    expect(mu.instrumentalness).toBeGreaterThan(0.5);
    expect(ca.instrumentalness).toBeGreaterThan(0.5);
    expect(sp.instrumentalness).toBeLessThan(0.5);
  });

  it('danceability: a drum groove at 120 BPM beats held chords without a beat, and speech', () => {
    const chords = perceptual(musicLike(15, 60, false, 3, 22050, false));
    expect(mu.danceability).toBeGreaterThan(chords.danceability);
    expect(mu.danceability).toBeGreaterThan(sp.danceability);
  });

  it('energy: a loud groove with drums beats the same music 20 dB quieter without drums', () => {
    const quiet = perceptual(calm.map((v) => v * 0.1));
    expect(mu.energy).toBeGreaterThan(quiet.energy + 0.2);
  });

  it('silence scores 0 on the activity features and does not throw', () => {
    const p = perceptual(new Float32Array(22050 * 2));
    expect(p.energy).toBe(0);
    expect(p.danceability).toBe(0);
    expect(p.speechiness).toBe(0);
  });
});
