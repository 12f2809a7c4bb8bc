/**
 * Instrumentalness: likelihood 0–1 that a track has no vocals; above 0.5 means instrumental
 * (Spotify Web API; rap and spoken word are "clearly vocal", "ooh" and "aah" count as instrumental).
 *
 * Method: the vocal evidence this analyser can measure reliably is a speaking (or rapping) voice,
 * i.e. {@link speechiness}: instrumentalness = 1 − σ(10 · (speechiness − 0.3)), so music with no
 * speech-like voice scores ≈ 0.9, a voice over music (speechiness 0.33–0.66) falls below 0.5, and
 * speech scores ≈ 0. Known limitation: sung vocals are not detected (they hold pitch like
 * instruments); a dedicated singing-voice detector (e.g. Lehner et al. 2014, vibrato and
 * fluctuogram features, or a learned model) would be needed, so sung tracks read as instrumental.
 */
import type { TrackDescriptors } from './descriptors.js';
import { sigmoid, unit } from './spectral.js';

/** Instrumentalness 0–1 from the descriptors and the already computed speechiness (silence: 1). */
export function instrumentalness(d: TrackDescriptors, speechiness: number): number {
  if (!(d.levelDb > -90)) return 1;
  return unit(1 - sigmoid(10 * (unit(speechiness) - 0.3)), 1);
}
