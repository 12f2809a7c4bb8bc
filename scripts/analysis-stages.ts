/**
 * Per-stage time of the analysis pipeline on one decoded file (used by `bench:analysis --stages`):
 * decode, loudness + mono at the analysis rate (one pass over the samples for stereo, as in
 * extractFeatures), STFT, rhythm, key, perceptual descriptors.
 * Stages run on the main thread, each timed by wall clock (performance.now) and by process CPU
 * time (process.cpuUsage: includes the decoder's native threads and V8's GC and compiler threads,
 * so CPU can exceed wall, and wall exceeds CPU when other processes take the core).
 */
import { estimateRhythm } from '../packages/ml-core/src/features/tempo.js';
import { estimateKey } from '../packages/ml-core/src/features/key.js';
import { integratedLoudness } from '../packages/ml-core/src/features/loudness.js';
import { extractPerceptual } from '../packages/ml-core/src/features/perceptual.js';
import { stft } from '../packages/ml-core/src/audio/stft.js';
import { analysisMono } from '../packages/ml-core/src/audio/resample.js';
import { decodeUnchecked } from '../packages/ml-core/src/audio/decode.js';
import { finiteThroughMono, stereoPass, stftSizeFor } from '../packages/ml-core/src/features/extract.js';

/** The stages, in pipeline order. */
export const STAGES = ['decode', 'loudness+mono', 'stft', 'rhythm', 'key', 'perceptual'] as const;
/** Milliseconds per stage. */
export type StageTimes = Record<(typeof STAGES)[number], number>;

const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;

/** Runs the pipeline stage by stage on `bytes`; returns wall and CPU ms per stage and the audio length. */
export async function timeStages(bytes: Uint8Array, name: string): Promise<{ sec: number; wall: StageTimes; cpu: StageTimes }> {
  const wall = {} as StageTimes;
  const cpu = {} as StageTimes;
  let c = process.cpuUsage();
  let t = performance.now();
  const lap = (stage: keyof StageTimes) => {
    const now = performance.now();
    wall[stage] = now - t;
    cpu[stage] = cpuMs(process.cpuUsage(c));
    c = process.cpuUsage();
    t = performance.now();
  };
  const { decoded, analysisRate } = await decodeUnchecked(bytes, { name }); // as extractFeatures: NaN/∞ checked on the mono
  lap('decode');
  const pass = stereoPass(decoded, analysisRate);
  const { mono, sampleRate } = pass ? { mono: pass.mono, sampleRate: analysisRate } : analysisMono(decoded, analysisRate);
  if (!pass) integratedLoudness(decoded);
  if (!finiteThroughMono(decoded, mono, analysisRate)) throw new Error(`${name}: NaN or infinite samples`);
  lap('loudness+mono');
  const n = stftSizeFor(sampleRate);
  const spec = stft(mono, sampleRate, n, n / 2);
  lap('stft');
  const input = { decoded, mono, sampleRate, spec };
  const rhythm = estimateRhythm(input);
  lap('rhythm');
  const tonal = estimateKey(mono, sampleRate);
  lap('key');
  extractPerceptual(input, rhythm, tonal);
  lap('perceptual');
  return { sec: decoded.durationSec, wall, cpu };
}
