/**
 * Loudness check: our BS.1770-4 integrated loudness, on the PCM the pipeline decodes
 * (`decodeAudio`: 44.1 kHz or the native rate, all channels), against ffmpeg's `ebur128` filter on
 * every audio file under ../shared/data/audio (skipped politely when absent or when ffmpeg is
 * missing), plus the time to measure a 30 s stereo 44.1 kHz clip.
 *
 *   node --conditions=source --import tsx scripts/calibrate-loudness.ts [--json] [--rate 22050]
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { decodeAudio } from '../packages/ml-core/src/audio/decode.js';
import type { DecodedAudio } from '../packages/ml-core/src/audio/types.js';
import { integratedLoudness } from '../packages/ml-core/src/features/loudness.js';

const ROOT = new URL('../../shared/data/audio/', import.meta.url).pathname;
const json = process.argv.includes('--json');
/** `--rate HZ` decodes at that rate (e.g. 22 050 Hz, the rate loudness was once measured at) instead of the pipeline's default. */
const rateArg = process.argv.indexOf('--rate');
const forcedRate = rateArg > 0 ? Number(process.argv[rateArg + 1]) : 0;
const AUDIO = /\.(mp3|ogg|flac|wav|m4a|opus)$/i;

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : AUDIO.test(n) ? [p] : [];
  });
}

function ffmpegLufs(file: string): number {
  const r = spawnSync('ffmpeg', ['-nostats', '-hide_banner', '-i', file, '-af', 'ebur128', '-f', 'null', '-']);
  const m = /Integrated loudness:\s*I:\s*(-?[\d.]+|-inf)\s*LUFS/.exec(r.stderr.toString());
  return m ? Number(m[1]) : NaN;
}

const rows: { file: string; ours: number; ffmpeg: number; diff: number }[] = [];
const haveFfmpeg = spawnSync('ffmpeg', ['-version']).status === 0;
if (!existsSync(ROOT)) console.error(`skipped: ${ROOT} not present`);
else if (!haveFfmpeg) console.error('skipped: ffmpeg not on PATH');
else {
  for (const file of walk(ROOT)) {
    let decoded: DecodedAudio;
    try {
      decoded = (await decodeAudio(readFileSync(file), { name: file, sampleRate: forcedRate || undefined })).decoded;
    } catch (err) {
      console.error(`skipped ${relative(ROOT, file)}: decode failed (${(err as Error).message})`);
      continue;
    }
    const ours = integratedLoudness(decoded);
    const theirs = ffmpegLufs(file);
    rows.push({ file: relative(ROOT, file), ours, ffmpeg: theirs, diff: ours - theirs });
  }
}

// Speed: 30 s stereo 44.1 kHz noise-and-tones clip.
const sr = 44100;
const n = 30 * sr;
const L = new Float32Array(n);
const R = new Float32Array(n);
for (let i = 0; i < n; i++) {
  L[i] = 0.3 * Math.sin(i * 0.05) + 0.1 * Math.sin(i * 0.9);
  R[i] = 0.3 * Math.sin(i * 0.07) + 0.1 * Math.sin(i * 0.6);
}
const clip = { sampleRate: sr, channels: [L, R], durationSec: 30 };
for (let k = 0; k < 5; k++) integratedLoudness(clip);
const reps = 20;
const t0 = performance.now();
for (let k = 0; k < reps; k++) integratedLoudness(clip);
const msPer30s = (performance.now() - t0) / reps;

const maxAbs = rows.reduce((m, r) => Math.max(m, Math.abs(r.diff)), 0);
if (json) console.log(JSON.stringify({ files: rows, maxAbsDiffLU: maxAbs, msPer30sStereo44k: msPer30s }));
else {
  for (const r of rows) console.log(`${r.ours.toFixed(2).padStart(7)} ${r.ffmpeg.toFixed(1).padStart(6)} ${r.diff.toFixed(2).padStart(6)}  ${r.file}`);
  const over = rows.filter((r) => Math.abs(r.diff) > 0.5).map((r) => r.file);
  console.log(`files: ${rows.length}, max |ours - ffmpeg ebur128| = ${maxAbs.toFixed(2)} LU, over 0.5 LU: ${over.length}${over.length ? ` (${over.join(', ')})` : ''}`);
  console.log(`integratedLoudness on 30 s stereo 44.1 kHz: ${msPer30s.toFixed(2)} ms`);
}
