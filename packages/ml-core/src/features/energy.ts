/**
 * Energy: perceived intensity and activity, 0–1. The Spotify Web API names the contributing
 * perceptual features: dynamic range, perceived loudness, timbre, onset rate and general entropy
 * ("death metal has high energy, a Bach prelude low").
 *
 * Method: a weighted mean of clamped linear ramps, each between documented anchors (a quiet,
 * sparse, dull, dynamic recording at 0; a loud, dense, bright, noisy, compressed one at 1):
 * level (power-mean frame level -35 → -10 dBFS, the range from soft classical to modern masters),
 * onset rate (0.5 → 6 onsets/s), spectral flatness (Johnston 1988; log10 from -3 → -0.8: tonal →
 * noisy, the "entropy" cue), spectral centroid (600 → 3000 Hz, brightness) and dynamic range
 * (p95 − p10 of frame levels, 30 → 6 dB: compression).
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, unit } from './spectral.js';

/** Energy 0–1 from the track's descriptors (0 for silence). */
export function energy(d: TrackDescriptors): number {
  if (!(d.levelDb > -90)) return 0;
  const loud = ramp(d.levelDb, -35, -10);
  const onsets = ramp(d.onsetRate, 0.5, 6);
  const noisy = ramp(Math.log10(d.flatnessMean + 1e-6), -3, -0.8);
  const bright = ramp(d.centroidMean, 600, 3000);
  const compressed = ramp(d.dynamicRangeDb, 30, 6);
  return unit(0.35 * loud + 0.2 * onsets + 0.15 * noisy + 0.15 * bright + 0.15 * compressed);
}
