/**
 * Danceability: how suitable a track is for dancing, 0–1, "based on a combination of musical
 * elements including tempo, rhythm stability, beat strength, and overall regularity" (Spotify Web API).
 *
 * Method: pulse clarity (Lartillot et al. 2008; how clearly one periodicity dominates the onset
 * envelope: rhythm stability and regularity), beat strength (onset strength on the beats relative to
 * the mean), a tempo preference (log-Gaussian around 120 BPM with σ = 0.7 octave, the preferred
 * tempo of walking and dance, Moelants 2002; half or double time counts at 80 %) and an onset rate
 * in the danceable range (ramp 0.5 → 2 onsets/s). Weighted mean, scaled into 0.1–0.95 so that
 * rhythm-free audio is "least danceable" without being exactly 0; silence is 0.
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, unit } from './spectral.js';

/** Tempo preference 0–1: 1 at 120 BPM, log-Gaussian with σ = 0.7 octave; half/double time at 80 %. */
export function tempoPreference(bpm: number): number {
  if (!(bpm > 0)) return 0;
  const g = (t: number) => Math.exp(-0.5 * Math.pow(Math.log2(t / 120) / 0.7, 2));
  return Math.max(g(bpm), 0.8 * g(bpm / 2), 0.8 * g(bpm * 2));
}

/** Danceability 0–1 from the track's descriptors. */
export function danceability(d: TrackDescriptors): number {
  if (!(d.levelDb > -90) || !(d.tempo > 0)) return 0;
  const pulse = ramp(d.pulseClarity, 0.1, 0.8);
  const beat = ramp(d.beatStrength, 1, 2.5);
  const onsets = ramp(d.onsetRate, 0.5, 2);
  const s = 0.45 * pulse + 0.2 * beat + 0.25 * tempoPreference(d.tempo) + 0.1 * onsets;
  return unit(0.1 + 0.85 * s);
}
