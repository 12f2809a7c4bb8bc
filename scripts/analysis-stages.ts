/**
 * Per-stage CPU time of the analysis pipeline on one decoded file (used by
 * `bench:analysis --stages`): decode, mono + analysis-rate reduction, STFT,
 * rhythm, key, loudness, perceptual descriptors. Stages run on the main thread
 * and are timed with process.cpuUsage (decode includes its native threads).
 */
import {
  decodeAudio,
  estimateRhythm,
  estimateKey,
  integratedLoudness,
  extractPerceptual,
  stft,
} from '@audiio-ml/ml-core';
import { analysisMono } from '../packages/ml-core/src/audio/resample.js';
import { stftSizeFor } from '../packages/ml-core/src/features/extract.js';

/** CPU milliseconds per stage. */
export type StageTimes = Record<'decode' | 'mono' | 'stft' | 'rhythm' | 'key' | 'loudness' | 'perceptual', number>;

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Runs the pipeline stage by stage on `bytes`; returns CPU ms per stage and the audio length. */
export async function timeStages(bytes: Uint8Array, name: string): Promise<{ sec: number; ms: StageTimes }> {
  let c = process.cpuUsage();
  const lap = () => {
    const d = cpuMs(process.cpuUsage(c));
    c = process.cpuUsage();
    return d;
  };
  const { decoded, analysisRate } = await decodeAudio(bytes, { name });
  const decode = lap();
  const { mono, sampleRate } = analysisMono(decoded, analysisRate);
  const monoMs = lap();
  const n = stftSizeFor(sampleRate);
  const spec = stft(mono, sampleRate, n, n / 2);
  const stftMs = lap();
  const input = { decoded, mono, sampleRate, spec };
  const rhythm = estimateRhythm(input);
  const rhythmMs = lap();
  const tonal = estimateKey(mono, sampleRate);
  const keyMs = lap();
  integratedLoudness(decoded);
  const loud = lap();
  extractPerceptual(input, rhythm, tonal);
  const perc = lap();
  return {
    sec: decoded.durationSec,
    ms: { decode, mono: monoMs, stft: stftMs, rhythm: rhythmMs, key: keyMs, loudness: loud, perceptual: perc },
  };
}
