/**
 * Valence: musical positiveness, 0–1 ("happy, cheerful, euphoric" high; "sad, depressed, angry"
 * low; Spotify Web API).
 *
 * Method: the cues that music-emotion research finds most consistent for valence (Gabrielsson &
 * Lindström 2010; Eerola, Friberg & Bresin 2013): mode (major positive, weighted by key confidence),
 * tempo (ramp 70 → 150 BPM), brightness (spectral centroid ramp 800 → 2800 Hz) and rhythmic
 * activity (the danceability value, which Spotify's valence tracks), plus a small share of energy.
 * The weighted mean s (0–1, 0.5 neutral) is spread by a logistic σ(5·(s − 0.5)) so that typical
 * cue mixtures use the range Spotify's valence uses (p10–p90 about 0.2–0.8) instead of bunching at 0.5.
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, sigmoid, unit } from './spectral.js';

/** Valence 0–1 from the descriptors plus the already computed energy and danceability. */
export function valence(d: TrackDescriptors, energy: number, danceability: number): number {
  if (!(d.levelDb > -90)) return 0;
  const conf = unit(d.keyConfidence);
  const major = d.mode === 1 ? 0.5 + 0.5 * Math.sqrt(conf) : 0.5 - 0.5 * Math.sqrt(conf);
  const fast = ramp(d.tempo, 70, 150);
  const bright = ramp(d.centroidMean, 800, 2800);
  const s = 0.35 * major + 0.15 * fast + 0.15 * bright + 0.2 * danceability + 0.15 * energy;
  return unit(sigmoid(5 * (s - 0.5)));
}
