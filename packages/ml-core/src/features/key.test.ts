import { describe, expect, it } from 'vitest';
import { estimateKey, keyFromChroma, KK_MAJOR, KK_MINOR } from './key.js';
import { progression } from '@audiio-ml/synth';

const SR = 22050;

describe('key', () => {
  it.each(Array.from({ length: 12 }, (_, k) => k))('finds %i major and minor in rendered progressions', (key) => {
    for (const mode of [1, 0]) {
      const x = progression(key, mode, 150, 7, SR);
      const k = estimateKey(x, SR);
      expect({ key: k.key, mode: k.mode }).toEqual({ key, mode });
      expect(k.keyConfidence).toBeGreaterThan(0);
      expect(k.keyConfidence).toBeLessThanOrEqual(1);
    }
  });

  it('wraps around the octave: profiles rotated past B give keys 0–11', () => {
    for (let k = 0; k < 12; k++) {
      const major = Array.from({ length: 12 }, (_, i) => KK_MAJOR[(i - k + 12) % 12]);
      const minor = Array.from({ length: 12 }, (_, i) => KK_MINOR[(i - k + 12) % 12]);
      expect(keyFromChroma(major)).toMatchObject({ key: k, mode: 1 });
      expect(keyFromChroma(minor)).toMatchObject({ key: k, mode: 0 });
    }
  });

  it('the bass roots decide between keys that share a pitch set (relative major/minor, diatonic scale)', () => {
    for (let k = 0; k < 12; k++) {
      // The seven notes of k major, all equally loud: k major or its relative minor.
      const chroma = new Array<number>(12).fill(0.01);
      for (const pc of [0, 2, 4, 5, 7, 9, 11]) chroma[(pc + k) % 12] = 1;
      const bassOn = (tonic: number) => {
        const bass = new Array<number>(12).fill(0);
        bass[tonic % 12] = 2; // tonic, then subdominant and dominant roots
        bass[(tonic + 5) % 12] = 1;
        bass[(tonic + 7) % 12] = 1;
        return bass;
      };
      expect(keyFromChroma(chroma, bassOn(k))).toMatchObject({ key: k, mode: 1 });
      expect(keyFromChroma(chroma, bassOn(k + 9))).toMatchObject({ key: (k + 9) % 12, mode: 0 });
    }
  });

  it('returns the bass chroma of the 30–250 Hz register', () => {
    const k = estimateKey(progression(9, 0, 120, 6, SR), SR);
    expect(k.bassChroma).toHaveLength(12);
    expect(k.bassChroma!.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  });

  it('works at other analysis rates', () => {
    const x = progression(7, 1, 90, 8, 11025);
    expect(estimateKey(x, 11025)).toMatchObject({ key: 7, mode: 1 });
  });

  it('gives key -1 and zero confidence for silence and for a flat chroma', () => {
    const s = estimateKey(new Float32Array(SR * 2), SR);
    expect(s).toMatchObject({ key: -1, keyConfidence: 0 });
    expect(keyFromChroma(new Array(12).fill(1 / 12))).toMatchObject({ key: -1, keyConfidence: 0 });
  });

  it('finds the key of a 0.3 s clip of a D major progression', () => {
    const k = estimateKey(progression(2, 1, 120, 0.3, SR), SR);
    expect(k).toMatchObject({ key: 2, mode: 1 });
    expect(k.keyConfidence).toBeGreaterThan(0);
    expect(k.keyConfidence).toBeLessThanOrEqual(1);
  });
});
