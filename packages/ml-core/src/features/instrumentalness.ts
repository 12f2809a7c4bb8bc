/**
 * Instrumentalness: likelihood 0–1 that a track has no vocals; above 0.5 means instrumental
 * (Spotify Web API; rap and spoken word are "clearly vocal").
 *
 * Method: vocals show as harmonic partials that glide (vibrato, portamento, syllables) instead of
 * holding their frequency like most instruments, in a harmonic (not noise-like) spectrum, with
 * syllabic 4 Hz modulation (Scheirer & Slaney 1997). Vocal evidence = gliding-partial ratio ramp
 * (0.12 → 0.3) × harmonic-spectrum ramp (flatness 0.2 → 0.08, so drum noise does not count) ×
 * modulation ramp (0.08 → 0.2), combined with speechiness (speech is vocal); instrumentalness =
 * 1 − vocal evidence, mapped through a logistic centred at 0.5 evidence.
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, sigmoid, unit } from './spectral.js';

/** Instrumentalness 0–1 from the descriptors and the already computed speechiness. */
export function instrumentalness(d: TrackDescriptors, speechiness: number): number {
  if (!(d.levelDb > -90)) return 1;
  const glide = ramp(d.glidingPartialRatio, 0.12, 0.3);
  const harmonic = ramp(d.flatnessMean, 0.2, 0.08);
  const syllabic = ramp(d.modulation4Hz, 0.08, 0.2);
  const vocal = Math.max(Math.cbrt(glide * harmonic * syllabic), speechiness);
  return unit(1 - sigmoid(8 * (vocal - 0.5)));
}
