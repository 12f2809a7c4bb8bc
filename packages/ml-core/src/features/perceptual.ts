/**
 * The six perceptual features (Spotify Web API meanings) and the descriptor vector they come from,
 * composed from one pass over the shared STFT: {@link computeDescriptors}, then energy,
 * danceability, valence, acousticness, instrumentalness and speechiness (one module each).
 */
import type { AnalysisInput, RhythmDescriptors } from '../audio/types.js';
import { computeDescriptors, descriptorVector, DESCRIPTORS_VERSION } from './descriptors.js';
import { energy } from './energy.js';
import { danceability } from './danceability.js';
import { valence } from './valence.js';
import { acousticness } from './acousticness.js';
import { instrumentalness } from './instrumentalness.js';
import { speechiness } from './speechiness.js';
import { unit } from './spectral.js';
import type { AudioFeatures } from './types.js';

/** Result of {@link extractPerceptual}: six features in 0–1 plus the versioned descriptor vector. */
export interface PerceptualFeatures
  extends Pick<AudioFeatures, 'energy' | 'danceability' | 'valence' | 'acousticness' | 'instrumentalness' | 'speechiness'> {
  /** Layout `DESCRIPTOR_LAYOUT` of version {@link DESCRIPTORS_VERSION}. */
  descriptors: Float32Array;
  descriptorsVersion: number;
}

/**
 * Computes the six perceptual features of a track from the shared analysis input (only `spec` is
 * read) and the rhythm and tonal results. Every value is finite and within 0–1, including for
 * silence and clips shorter than one STFT frame.
 */
export function extractPerceptual(
  input: AnalysisInput,
  rhythm: RhythmDescriptors,
  tonal: { key: number; mode: number; keyConfidence: number },
): PerceptualFeatures {
  const d = computeDescriptors(input.spec, rhythm, tonal);
  const e = unit(energy(d));
  const dance = unit(danceability(d));
  const speech = unit(speechiness(d));
  return {
    energy: e,
    danceability: dance,
    valence: unit(valence(d, e, dance)),
    acousticness: unit(acousticness(d)),
    instrumentalness: unit(instrumentalness(d, speech), 1),
    speechiness: speech,
    descriptors: descriptorVector(d),
    descriptorsVersion: DESCRIPTORS_VERSION,
  };
}
