import { describe, expect, it } from 'vitest';
import { noveltyAcf, type ChromaBlocks } from './chroma-novelty.js';

/** Block chroma of a chord sequence: `chords[i]` (pitch classes) held for `len` blocks each. */
function blocksOf(chords: number[][], len: number, weights: number[][] = chords.map((c) => c.map(() => 1))): ChromaBlocks {
  const nb = chords.length * len;
  const chroma = new Float64Array(nb * 12);
  for (let b = 0; b < nb; b++) {
    const i = Math.floor(b / len);
    chords[i].forEach((pc, j) => (chroma[b * 12 + pc] += weights[i][j]));
    for (let k = 0; k < 12; k++) chroma[b * 12 + k] += 0.01;
  }
  return { chroma, nBlocks: nb, rate: 10 };
}

describe('chroma novelty', () => {
  it('counts every chord change: a progression of large and small changes is periodic at one bar', () => {
    // I–IV–I–V–vi–IV… as pitch classes, one chord per bar of 16 blocks (1.6 s at 10 blocks/s);
    // I→V shares a note, V→vi none: change sizes differ, yet every bar line is an event.
    const I = [0, 4, 7];
    const IV = [5, 9, 0];
    const V = [7, 11, 2];
    const vi = [9, 0, 4];
    const bars = Array.from({ length: 24 }, (_, i) => [I, V, vi, IV][i % 4]);
    const acf = noveltyAcf(blocksOf(bars, 16), 4, 0.8);
    expect(acf.valid).toBe(true);
    expect(acf.at(1.6)).toBeGreaterThan(0.7); // one bar
    expect(acf.at(0.8)).toBeLessThan(0.2); // half a bar
    expect(acf.at(1.6) - acf.at(0.8)).toBeGreaterThan(0.5);
  });

  it('is not valid for a drone (no change) and NaN past its length', () => {
    const acf = noveltyAcf(blocksOf(Array.from({ length: 10 }, () => [0, 7]), 16), 2, 0.8);
    expect(acf.valid).toBe(false);
    expect(Number.isNaN(acf.at(100))).toBe(true);
  });
});
