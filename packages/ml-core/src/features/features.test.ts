import { describe, expect, it } from 'vitest';
import type { TrackDescriptors } from './descriptors.js';
import { energy } from './energy.js';
import { danceability, tempoPreference } from './danceability.js';
import { valence } from './valence.js';
import { acousticness } from './acousticness.js';
import { instrumentalness } from './instrumentalness.js';
import { speechiness } from './speechiness.js';

/** A neutral descriptor set; each test moves the cues its feature documents. */
function base(over: Partial<TrackDescriptors> = {}): TrackDescriptors {
  return {
    mfccMean: new Float32Array(13), mfccStd: new Float32Array(13), chromaMean: new Float32Array(12).fill(1 / 12),
    centroidMean: 1500, centroidStd: 300, rolloffMean: 3000, rolloffStd: 500, flatnessMean: 0.02, flatnessStd: 0.01,
    fluxMean: 0.2, fluxStd: 0.1, entropyMean: 0.6, mfccDeltaMean: 1, levelDb: -20, dynamicRangeDb: 15,
    lowEnergyRatio: 0.15, pauseRatio: 0, modulation4Hz: 0.1, steadyPartialRatio: 0.9, glidingPartialRatio: 0.05,
    envelopePeriodicity: 0.6, highFreqRatio: 0.05, lowFreqRatio: 0.2, tempo: 120, pulseClarity: 0.5, onsetRate: 2,
    beatStrength: 1.5, mode: 1, keyConfidence: 0.5, ...over,
  };
}

const SPEECH: Partial<TrackDescriptors> = {
  modulation4Hz: 0.3, lowEnergyRatio: 0.42, envelopePeriodicity: 0.1, steadyPartialRatio: 0.5, glidingPartialRatio: 0.42, flatnessMean: 0.05,
  centroidMean: 1500, centroidStd: 1700, mfccDeltaMean: 0.75,
};

describe('perceptual feature mappings (monotone in their documented cues, always 0–1)', () => {
  it('energy rises with level, onset rate, noisiness, brightness and compression', () => {
    const lo = energy(base({ levelDb: -32, onsetRate: 0.5, flatnessMean: 0.002, centroidMean: 700, dynamicRangeDb: 30 }));
    const hi = energy(base({ levelDb: -9, onsetRate: 6, flatnessMean: 0.2, centroidMean: 3000, dynamicRangeDb: 5 }));
    expect(lo).toBeLessThan(0.15);
    expect(hi).toBeGreaterThan(0.9);
    expect(energy(base({ levelDb: -12 }))).toBeGreaterThan(energy(base({ levelDb: -25 })));
  });

  it('danceability rises with pulse clarity and beat strength, prefers ~120 BPM', () => {
    expect(danceability(base({ pulseClarity: 0.9, beatStrength: 2.5 }))).toBeGreaterThan(danceability(base({ pulseClarity: 0.1, beatStrength: 1 })) + 0.4);
    expect(tempoPreference(120)).toBeCloseTo(1, 5);
    expect(tempoPreference(120)).toBeGreaterThan(tempoPreference(200));
    expect(tempoPreference(60)).toBeCloseTo(0.8, 5);
    expect(danceability(base({ tempo: 0 }))).toBe(0);
  });

  it('valence: major, fast, bright and danceable above minor, slow and dark', () => {
    const happy = valence(base({ mode: 1, keyConfidence: 0.9, tempo: 150, centroidMean: 2800 }), 0.8, 0.8);
    const sad = valence(base({ mode: 0, keyConfidence: 0.9, tempo: 65, centroidMean: 700 }), 0.2, 0.2);
    expect(happy).toBeGreaterThan(0.75);
    expect(sad).toBeLessThan(0.25);
  });

  it('acousticness: dynamic, quiet, harmonic recordings above loud, compressed, noisy, bass-heavy ones', () => {
    const acoustic = acousticness(base({ dynamicRangeDb: 28, levelDb: -28, lowFreqRatio: 0.05, flatnessMean: 0.005, steadyPartialRatio: 0.8 }));
    const electronic = acousticness(base({ dynamicRangeDb: 5, levelDb: -9, lowFreqRatio: 0.6, flatnessMean: 0.15, steadyPartialRatio: 1 }));
    expect(acoustic).toBeGreaterThan(0.8);
    expect(electronic).toBeLessThan(0.05);
  });

  it('speechiness: the speech cue profile > 0.66, the music profile < 0.33, noisy drums < 0.33', () => {
    expect(speechiness(base(SPEECH))).toBeGreaterThan(0.66);
    expect(speechiness(base())).toBeLessThan(0.33);
    expect(speechiness(base({ ...SPEECH, flatnessMean: 0.3, steadyPartialRatio: 0.3, glidingPartialRatio: 0.15, envelopePeriodicity: 0.85 }))).toBeLessThan(0.33);
  });

  it('speechiness: a monotone voice passes through the articulation path; any missing speech cue blocks it', () => {
    const monotone = { ...SPEECH, steadyPartialRatio: 0.92, glidingPartialRatio: 0.08 };
    expect(speechiness(base(monotone))).toBeGreaterThan(0.66);
    expect(speechiness(base({ ...monotone, envelopePeriodicity: 0.8 }))).toBeLessThan(0.33);
    expect(speechiness(base({ ...monotone, centroidStd: 200 }))).toBeLessThan(0.33);
    expect(speechiness(base({ ...monotone, lowEnergyRatio: 0.05 }))).toBeLessThan(0.33);
  });

  it('instrumentalness: speech is vocal, a voice over music is below 0.5, music without speech above 0.5', () => {
    expect(instrumentalness(base(SPEECH), speechiness(base(SPEECH)))).toBeLessThan(0.1);
    expect(instrumentalness(base(), 0.45)).toBeLessThan(0.5);
    expect(instrumentalness(base(), speechiness(base()))).toBeGreaterThan(0.9);
    expect(instrumentalness(base({ levelDb: -200 }), 0)).toBe(1);
  });

  it('non-finite descriptors never leak out of 0–1', () => {
    const bad = base({ levelDb: NaN, tempo: NaN, centroidMean: Infinity, flatnessMean: NaN });
    for (const v of [energy(bad), danceability(bad), valence(bad, 0.5, 0.5), acousticness(bad), instrumentalness(bad, 0), speechiness(bad)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });
});
