import type { AudioFeatures } from '../features/types.js';

/** The result of analysing one track (see `extractFeatures`). */
export interface TrackAnalysis {
  /** The ten features. */
  features: AudioFeatures;
  /** 0–1: how much the best key profile correlation beats the runner-up. */
  keyConfidence: number;
  /** Length of the decoded audio in seconds. */
  durationSec: number;
  /** Native sample rate of the file, Hz. */
  sampleRate: number;
  /** Channels in the file. */
  channels: number;
  /** Version of the feature algorithms; stored rows of an older version are re-analysed. */
  featuresVersion: number;
  /** Descriptor vector the perceptual features were derived from (MFCC and chroma statistics…). */
  descriptors: Float32Array;
  /** Layout version of `descriptors`. */
  descriptorsVersion: number;
  /** Time spent decoding and computing features, ms. */
  timings: { decodeMs: number; featuresMs: number };
}
