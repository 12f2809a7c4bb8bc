/**
 * Acousticness: confidence 0–1 that the track is acoustic (unamplified instruments, natural
 * dynamics) rather than electronic or heavily produced (Spotify Web API).
 *
 * Method: cues of production rather than of instruments, each a ramp between anchors:
 * wide dynamic range (p95 − p10 frame level, 8 → 25 dB: acoustic recordings are rarely compressed
 * hard), low level (power-mean frame level -12 → -28 dBFS: loud masters are produced), little
 * sub-bass (share of power below 120 Hz, 0.5 → 0.1: synth and 808 bass), harmonic rather than
 * noisy spectra (flatness, Johnston 1988, 0.1 → 0.01: distortion and synth noise) and few steady,
 * perfectly stable partials plus some pitch/amplitude movement (steady-partial ratio 1 → 0.85:
 * synthesizers hold pitch exactly). Weighted mean, squared to follow the skew of Spotify's
 * distribution (median 0.08).
 */
import type { TrackDescriptors } from './descriptors.js';
import { ramp, unit } from './spectral.js';

/** Acousticness 0–1 from the track's descriptors (0 for silence). */
export function acousticness(d: TrackDescriptors): number {
  if (!(d.levelDb > -90)) return 0;
  const dynamic = ramp(d.dynamicRangeDb, 8, 25);
  const quiet = ramp(d.levelDb, -12, -28);
  const noSubBass = ramp(d.lowFreqRatio, 0.5, 0.1);
  const harmonic = ramp(d.flatnessMean, 0.1, 0.01);
  const natural = ramp(d.steadyPartialRatio, 1, 0.85);
  const s = 0.3 * dynamic + 0.2 * quiet + 0.15 * noSubBass + 0.15 * harmonic + 0.2 * natural;
  return unit(s * s);
}
