/**
 * Feature extraction: one file in, the ten {@link AudioFeatures} out.
 *
 * Pipeline: decode at the file's native rate (audio/decode.ts) → loudness
 * (loudness.ts, BS.1770 on all channels at that rate) → mono downmix brought
 * to the analysis rate (22 050 Hz; 11 025 Hz for files over 15 min; halfband
 * decimation or band-limited resampling, audio/resample.ts) → one shared STFT
 * (≈46 ms Hann window, 50 % hop) → tempo (tempo.ts), key (key.ts) and the
 * perceptual features (perceptual.ts), which all read the same
 * {@link AnalysisInput}.
 */
import { allFinite, decodeUnchecked, nonFiniteError, sourceName, type AudioSource, type NativeFormat } from '../audio/decode.js';
import { analysisMono, halfbandCoefs, halvings } from '../audio/resample.js';
import { kweightHalfbandPair } from '../audio/kernels/iir.js';
import { stft } from '../audio/stft.js';
import type { AnalysisInput, DecodedAudio } from '../audio/types.js';
import type { FeatureName, TrackAnalysis } from './types.js';
import { estimateRhythm } from './tempo.js';
import { estimateKey } from './key.js';
import { gatedLoudness, integratedLoudness, kWeightingFilters, loudnessSegments } from './loudness.js';
import { extractPerceptual } from './perceptual.js';

/** Signature of perceptual.ts's {@link extractPerceptual}. */
type PerceptualFn = typeof extractPerceptual;

/**
 * Version of the feature algorithms. Bump it whenever a change alters any
 * feature value: stored rows of an older version are re-analysed.
 */
export const FEATURES_VERSION = 11;

/** The module file (in `features/`, without `.ts`) that computes each feature. */
export const FEATURE_MODULES: Record<FeatureName, string> = {
  tempo: 'tempo',
  key: 'key',
  mode: 'key',
  loudness: 'loudness',
  energy: 'energy',
  danceability: 'danceability',
  valence: 'valence',
  acousticness: 'acousticness',
  instrumentalness: 'instrumentalness',
  speechiness: 'speechiness',
};

/** Options of {@link extractFeatures}. */
export interface ExtractOptions {
  /** Name used in error messages when the source is a buffer. */
  name?: string;
  /**
   * Decode and analysis rate, Hz. Default: decode with the full band (44.1 kHz or native, see
   * audio/decode.ts), measure loudness there, analyse at 22 050 Hz (11 025 for files over 15 min).
   */
  sampleRate?: number;
  /** What the file's header says, when already parsed (see audio/decode.ts DecodeOptions.native). */
  native?: NativeFormat;
}

/** STFT size for a sample rate: the power of two nearest to 46 ms. */
export function stftSizeFor(sampleRate: number): number {
  return 2 ** Math.round(Math.log2((1024 * sampleRate) / 22050));
}

/**
 * Builds the shared {@link AnalysisInput} from decoded audio: the mono downmix brought to
 * `analysisRate` Hz (default: the decoded rate) and its STFT.
 */
export function analysisInput(decoded: DecodedAudio, analysisRate = decoded.sampleRate): AnalysisInput {
  const { mono, sampleRate } = analysisMono(decoded, analysisRate);
  return withSpectrogram(decoded, mono, sampleRate);
}

/** The {@link AnalysisInput} of a mono analysis signal already made from `decoded`. */
function withSpectrogram(decoded: DecodedAudio, mono: Float32Array, sampleRate: number): AnalysisInput {
  const fftSize = stftSizeFor(sampleRate);
  const spec = stft(mono, sampleRate, fftSize, fftSize / 2);
  return { decoded, mono, sampleRate, spec };
}

/**
 * Loudness and the analysis mono of a stereo file whose rate halves to the analysis rate
 * (44.1 → 22.05 kHz, the common case), in one pass over its samples (audio/kernels/iir.ts
 * kweightHalfbandPair), bit-identical to {@link integratedLoudness} and {@link analysisMono};
 * undefined in every other case, which takes those two.
 */
export function stereoPass(decoded: DecodedAudio, analysisRate: number): { loudness: number; mono: Float32Array } | undefined {
  const { channels, sampleRate } = decoded;
  if (channels.length !== 2 || halvings(sampleRate, analysisRate) !== 1) return undefined;
  const len = Math.min(channels[0].length, channels[1].length);
  const { seg, nSeg, shortInput } = loudnessSegments(len, sampleRate);
  if (shortInput) return undefined;
  const r = kweightHalfbandPair(channels[0], channels[1], seg, nSeg, kWeightingFilters(sampleRate), halfbandCoefs());
  return r && { loudness: gatedLoudness(r.energies, seg, len, false), mono: r.mono };
}

/**
 * True when every sample of `decoded` is finite, judged from the analysis signal `mono` made from
 * it by {@link analysisMono}: each sample of each channel flows into `mono` through the channel
 * sum and, when the rate is halved, recursive halfband filters, so a NaN or ±∞ anywhere (∞ − ∞
 * included) leaves a NaN in `mono` (from the recursive filters, in every later output). The
 * last 2ⁿ samples of each channel, which n 2:1 stages may leave unread, and signals brought to
 * rate by the band-limited interpolator (a FIR) are checked directly. One pass over a quarter
 * of the samples of 44.1 kHz stereo instead of all of them (~2.5 ms per 30 s).
 */
export function finiteThroughMono(decoded: DecodedAudio, mono: Float32Array, analysisRate: number): boolean {
  if (!allFinite(mono)) return false;
  const n = halvings(decoded.sampleRate, analysisRate);
  if (n === 0) return decoded.sampleRate === analysisRate || decoded.channels.every(allFinite);
  const tail = 2 ** n;
  return decoded.channels.every((ch) => allFinite(ch.subarray(Math.max(0, ch.length - tail))));
}

/**
 * Computes every feature of already-decoded audio (see {@link extractFeatures}).
 * `native` is what the file header said (native rate and channels); the features
 * are computed at `analysisRate` Hz (default: the decoded rate), loudness at the decoded rate.
 * Throws AUDIO_UNUSABLE naming `name` when some sample is NaN or infinite.
 */
export function analyseDecoded(
  decoded: DecodedAudio,
  native: NativeFormat,
  perceptual: PerceptualFn = extractPerceptual,
  analysisRate = decoded.sampleRate,
  name = '<audio>',
): Omit<TrackAnalysis, 'timings' | 'warnings'> {
  const pass = stereoPass(decoded, analysisRate);
  const input = pass ? withSpectrogram(decoded, pass.mono, analysisRate) : analysisInput(decoded, analysisRate);
  if (!finiteThroughMono(decoded, input.mono, analysisRate)) throw nonFiniteError(name);
  const rhythm = estimateRhythm(input);
  const tonal = estimateKey(input.mono, input.sampleRate);
  const loudness = pass ? pass.loudness : integratedLoudness(decoded);
  const p = perceptual(input, rhythm, tonal);
  return {
    features: {
      tempo: rhythm.tempo,
      key: tonal.key,
      mode: tonal.mode,
      energy: p.energy,
      danceability: p.danceability,
      valence: p.valence,
      acousticness: p.acousticness,
      instrumentalness: p.instrumentalness,
      speechiness: p.speechiness,
      loudness,
    },
    keyConfidence: tonal.keyConfidence,
    durationSec: decoded.durationSec,
    sampleRate: native.sampleRate ?? decoded.sampleRate,
    channels: native.channels ?? decoded.channels.length,
    featuresVersion: FEATURES_VERSION,
    descriptors: p.descriptors,
    descriptorsVersion: p.descriptorsVersion,
  };
}

/**
 * Decodes one audio file (path or bytes) and computes its ten features, key
 * confidence and descriptor vector. Throws AudiioError FILE_UNREADABLE,
 * DECODE_FAILED or AUDIO_UNUSABLE naming the file. Silence gives tempo 0,
 * key -1 and the loudness floor; clips from 0.05 s up are analysed. A file whose tail does not
 * decode is analysed on what did, and `warnings` says where it was cut.
 */
export async function extractFeatures(src: AudioSource, opts: ExtractOptions = {}): Promise<TrackAnalysis> {
  const t0 = performance.now();
  const { decoded, native, analysisRate, warnings } = await decodeUnchecked(src, opts); // NaN/∞ checked by analyseDecoded
  const t1 = performance.now();
  const result = analyseDecoded(decoded, native, extractPerceptual, analysisRate, sourceName(src, opts));
  const t2 = performance.now();
  return { ...result, warnings, timings: { decodeMs: t1 - t0, featuresMs: t2 - t1 } };
}
