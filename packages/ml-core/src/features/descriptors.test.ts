import { describe, expect, it } from 'vitest';
import { computeDescriptors, descriptorVector, DESCRIPTOR_LAYOUT, DESCRIPTORS_DIM, DESCRIPTORS_VERSION } from './descriptors.js';
import { musicLike, noise, sine, renderSpeechLike, monoAudio } from '@audiio-ml/synth';
import { analysisInput } from './extract.js';

const inputOfMono = (x: Float32Array, sampleRate = 22050) => analysisInput(monoAudio(x, sampleRate));

const rhythm = { tempo: 120, pulseClarity: 0.5, onsetRate: 2, beatStrength: 1.5 };
const tonal = { mode: 1, keyConfidence: 0.5 };
const describe_ = (x: Float32Array) => computeDescriptors(inputOfMono(x).spec, rhythm, tonal);

describe('computeDescriptors', () => {
  it('a 440 Hz sine: centroid near 440 Hz, tonal (flatness ~0), chroma peaks at A, steady partials', () => {
    const d = describe_(sine(3, 440, 0.5));
    expect(Math.abs(d.centroidMean - 440)).toBeLessThan(40);
    expect(d.flatnessMean).toBeLessThan(0.01);
    expect(Array.from(d.chromaMean).indexOf(Math.max(...d.chromaMean))).toBe(9);
    expect(d.steadyPartialRatio).toBeGreaterThan(0.95);
    expect(d.levelDb).toBeCloseTo(20 * Math.log10(0.5 / Math.SQRT2), 0);
  });

  it('white noise is flat and high in entropy; a sine is not', () => {
    const n = describe_(noise(3, 0.5));
    const s = describe_(sine(3, 440, 0.5));
    expect(n.flatnessMean).toBeGreaterThan(0.4);
    expect(n.entropyMean).toBeGreaterThan(0.9);
    expect(s.entropyMean).toBeLessThan(0.3);
    expect(n.highFreqRatio).toBeGreaterThan(0.5);
  });

  it('speech-like audio has more 4 Hz modulation than held notes, more low-energy frames and gliding partials than music', () => {
    const sp = describe_(renderSpeechLike({ durationSec: 12, seed: 3 }));
    const mu = describe_(musicLike(12, 110, false));
    const chord = describe_(sine(12, 220, 0.3).map((v, i) => v + 0.3 * Math.sin((2 * Math.PI * 277.2 * i) / 22050)));
    expect(sp.modulation4Hz).toBeGreaterThan(3 * chord.modulation4Hz);
    expect(sp.lowEnergyRatio).toBeGreaterThan(mu.lowEnergyRatio + 0.15);
    expect(sp.glidingPartialRatio).toBeGreaterThan(mu.glidingPartialRatio + 0.15);
    expect(mu.steadyPartialRatio).toBeGreaterThan(sp.steadyPartialRatio + 0.2);
  });

  it('a drum pattern has a periodic onset envelope; speech does not', () => {
    const dr = describe_(musicLike(12, 120, true));
    const sp = describe_(renderSpeechLike({ durationSec: 12, seed: 4 }));
    expect(dr.envelopePeriodicity).toBeGreaterThan(0.5);
    expect(sp.envelopePeriodicity).toBeLessThan(0.3);
  });

  it('silence, one sample and a 0.3 s clip give finite values of the documented layout', () => {
    for (const x of [new Float32Array(22050), new Float32Array(1), sine(0.3, 220, 0.3)]) {
      const v = descriptorVector(describe_(x));
      expect(v.length).toBe(DESCRIPTORS_DIM);
      expect(v.every(Number.isFinite)).toBe(true);
    }
    expect(describe_(new Float32Array(22050)).levelDb).toBeLessThan(-100);
  });

  it('the vector follows DESCRIPTOR_LAYOUT', () => {
    expect(DESCRIPTORS_VERSION).toBeGreaterThanOrEqual(1);
    expect(DESCRIPTORS_DIM).toBe(DESCRIPTOR_LAYOUT.reduce((n, [, k]) => n + k, 0));
    expect(DESCRIPTORS_DIM).toBe(64); // version 1: changing the layout means bumping DESCRIPTORS_VERSION
    const d = describe_(sine(2, 440, 0.5));
    const v = descriptorVector(d);
    let o = 0;
    for (const [name, size] of DESCRIPTOR_LAYOUT) {
      const f = d[name];
      if (typeof f === 'number') expect(v[o]).toBeCloseTo(f, 3);
      else expect(Array.from(v.subarray(o, o + size))).toEqual(Array.from(f));
      o += size;
    }
  });
});
