/**
 * Shapes that flow between decoding and feature extraction.
 * Data flow: file → {@link DecodedAudio} → {@link AnalysisInput} → features.
 */

/** Decoded PCM at the file's native sample rate (or the rate it was decoded to), one array per channel. */
export interface DecodedAudio {
  /** Samples per second. */
  sampleRate: number;
  /** One Float32Array per channel, samples in -1..1. */
  channels: Float32Array[];
  /** Length in seconds. */
  durationSec: number;
}

/** Short-time Fourier transform magnitudes of a mono signal, frame-major. */
export interface Spectrogram {
  sampleRate: number;
  fftSize: number;
  hop: number;
  nFrames: number;
  /** fftSize / 2 + 1 */
  nBins: number;
  /** |X| for frame f, bin b at `mag[f * nBins + b]`. */
  mag: Float32Array;
}

/** Everything a feature module may read; computed once per track by the extractor. */
export interface AnalysisInput {
  /** The decoded audio, all channels (loudness reads this). */
  decoded: DecodedAudio;
  /** Mono downmix at {@link AnalysisInput.sampleRate}. */
  mono: Float32Array;
  /** The analysis sample rate of `mono` and `spec`. */
  sampleRate: number;
  /** STFT magnitudes of `mono`. */
  spec: Spectrogram;
}

/** Rhythm descriptors measured by the tempo module and shared with the perceptual features. */
export interface RhythmDescriptors {
  /** Tempo in BPM. */
  tempo: number;
  /** 0–1: how clearly one periodicity dominates the onset envelope (Lartillot et al. 2008, pulse clarity). */
  pulseClarity: number;
  /** Detected onsets per second. */
  onsetRate: number;
  /** Mean onset strength at beat positions relative to the mean, ≥ 0. */
  beatStrength: number;
}
