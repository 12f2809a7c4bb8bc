import { describe, expect, it } from 'vitest';
import { estimateKey, keyFromChroma, KK_MAJOR, KK_MINOR } from './key.js';
import { progression } from '../audio/test-signals.js';

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

  it('works at other analysis rates', () => {
    const x = progression(7, 1, 90, 8, 11025);
    expect(estimateKey(x, 11025)).toMatchObject({ key: 7, mode: 1 });
  });

  it('gives key -1 and zero confidence for silence and for a flat chroma', () => {
    const s = estimateKey(new Float32Array(SR * 2), SR);
    expect(s).toMatchObject({ key: -1, keyConfidence: 0 });
    expect(keyFromChroma(new Array(12).fill(1 / 12))).toMatchObject({ key: -1, keyConfidence: 0 });
  });

  it('handles a 0.3 s clip', () => {
    const k = estimateKey(progression(2, 1, 120, 0.3, SR), SR);
    expect(k.key).toBeGreaterThanOrEqual(-1);
    expect(k.key).toBeLessThan(12);
    expect(Number.isFinite(k.keyConfidence)).toBe(true);
  });
});
