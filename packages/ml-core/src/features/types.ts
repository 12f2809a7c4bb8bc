/**
 * The ten audio features of a track, named and scaled as the Spotify Web API
 * documents them (and as the seed's `AudioFeatures`).
 */
export interface AudioFeatures {
  /** Tempo in beats per minute (quarter notes), typically 50–220. */
  tempo: number;
  /** Pitch class of the tonic, 0 = C … 11 = B; -1 when no key was found. */
  key: number;
  /** 1 = major, 0 = minor. */
  mode: number;
  /** Perceived intensity and activity, 0–1. */
  energy: number;
  /** Suitability for dancing (tempo, pulse stability, beat strength), 0–1. */
  danceability: number;
  /** Musical positiveness, 0–1. */
  valence: number;
  /** Confidence that the track is acoustic, 0–1. */
  acousticness: number;
  /** Likelihood that the track has no vocals; above 0.5 means instrumental, 0–1. */
  instrumentalness: number;
  /** Presence of spoken words: above 0.66 speech, below 0.33 music, 0–1. */
  speechiness: number;
  /** Integrated loudness in LUFS (ITU-R BS.1770-4), typically -60–0. */
  loudness: number;
}

/** The names of {@link AudioFeatures}, in a fixed order used for vectors and tables. */
export const FEATURE_NAMES = [
  'tempo',
  'key',
  'mode',
  'energy',
  'danceability',
  'valence',
  'acousticness',
  'instrumentalness',
  'speechiness',
  'loudness',
] as const satisfies readonly (keyof AudioFeatures)[];

/** One feature name. */
export type FeatureName = (typeof FEATURE_NAMES)[number];

/** Valid ranges of each feature, used to validate imported and stored rows. */
export const FEATURE_RANGES: Record<FeatureName, readonly [number, number]> = {
  tempo: [0, 400],
  key: [-1, 11],
  mode: [0, 1],
  energy: [0, 1],
  danceability: [0, 1],
  valence: [0, 1],
  acousticness: [0, 1],
  instrumentalness: [0, 1],
  speechiness: [0, 1],
  loudness: [-100, 10],
};

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
  /** What the decoder had to give up (e.g. `truncated at 71.2 s: …`); empty when the whole file decoded. */
  warnings: string[];
  /** Time spent decoding and computing features, ms. */
  timings: { decodeMs: number; featuresMs: number };
}
