/**
 * bench:analysis — speed of the real analysis pipeline (`extractFeatures`,
 * decode included) as × realtime per core, split into decode and features.
 *
 * Sets:
 *   rendered-wav  songs rendered with the Web Audio API (synth/), 44.1 kHz stereo 16-bit WAV
 *   rendered-mp3  the same songs as 44.1 kHz stereo 192 kbit/s MP3 (only when ffmpeg is on PATH)
 *   shared-synth  ../shared/data/audio/synth/music/*.mp3 (44.1 kHz stereo MP3), when present
 *   shared-real   the other files of ../shared/data/audio/annotations.csv, when present
 *
 * One file at a time on one thread, after a warm-up on a set's first 5 files; the fastest (least
 * CPU per audio second) of --passes N passes over the set is reported (default 3). "× realtime" is audio
 * seconds per wall-clock second; "× rt/CPU" divides by the process CPU time
 * instead (decodeAudioData runs on a native thread, so CPU time is the honest
 * per-core figure: it also counts the decoder's thread and V8's GC helper threads). Runs with
 * the GC setting of `audiio-ml analyze` (tuneGcForAnalysis); --default-gc for V8's defaults.
 * Options: --json, --limit N, --songs N;
 * --stages [--passes N]: wall and CPU ms per 30 s clip for each pipeline stage on the shared
 * synth MP3s instead (per file the fastest of N passes, default 3).
 * --batch [--copies K] [--jobs J]: the path of `audiio-ml analyze` instead: analyzeLibrary (worker
 * pool, tags, database writes) from the built package (run `npm run build` after changing the
 * source), in a child process, over K copies (default 5) of the 48 shared synth MP3s in a temporary
 * folder, J workers (default every core); process CPU time covers every thread (main, workers,
 * decoder, GC), so audio seconds per CPU second is the per-core figure, worker start-up included.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { errorMessage, extractFeatures, tuneGcForAnalysis } from '@audiio-ml/ml-core/analysis';
import { encodeWav } from '../packages/ml-core/src/audio/wav.js';
import { renderSong, TIMBRES } from '@audiio-ml/synth';
import { STAGES, timeStages, type StageTimes } from './analysis-stages.js';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(process.env.AUDIIO_SHARED_DIR ?? join(here, '..', '..', 'shared'));
const AUDIO = join(SHARED, 'data', 'audio');
const argv = process.argv.slice(2);
const json = argv.includes('--json');
const opt = (name: string, dflt: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : dflt;
};
const limit = opt('--limit', Infinity);
const nSongs = opt('--songs', 6);
const passes = Math.max(1, opt('--passes', 3));
/** Files analysed before timing starts (JIT warm-up). */
const WARMUP_FILES = 5;
// The GC setting `audiio-ml analyze` runs with (analysis/gc-tuning.ts); --default-gc measures V8's defaults.
const defaultGc = argv.includes('--default-gc');
if (!defaultGc) tuneGcForAnalysis();
const gcNote = defaultGc ? 'V8 default GC' : 'GC tuned as in audiio-ml analyze';

interface SetResult {
  set: string;
  files: number;
  audioSec: number;
  decodeMs: number;
  featuresMs: number;
  wallMs: number;
  cpuMs: number;
  failed: number;
}

function haveFfmpeg(): boolean {
  try {
    execFileSync('ffmpeg', ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** One timed pass over `files` (bytes read before timing: file I/O is not analysis). */
async function pass(set: string, files: string[], bytes: Uint8Array[], report: boolean): Promise<SetResult> {
  const r: SetResult = { set, files: 0, audioSec: 0, decodeMs: 0, featuresMs: 0, wallMs: 0, cpuMs: 0, failed: 0 };
  for (let i = 0; i < files.length; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    try {
      const a = await extractFeatures(bytes[i], { name: files[i] });
      r.wallMs += performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      r.cpuMs += (cpu.user + cpu.system) / 1000;
      r.files++;
      r.audioSec += a.durationSec;
      r.decodeMs += a.timings.decodeMs;
      r.featuresMs += a.timings.featuresMs;
    } catch (err) {
      r.failed++;
      if (report && !json) console.error(`  ${files[i]}: ${errorMessage(err)}`);
    }
  }
  return r;
}

/** Whether a pass reports its failures: the first, and any after a failure-free one. */
const reportsFailures = (p: number, failedSoFar: number) => p === 0 || failedSoFar === 0;

/**
 * A set's figures: a warm-up over its first files (JIT, decoder start; as in a batch of many
 * files, where both are paid once), then `passes` timed passes over all of it; the pass with the
 * least CPU per audio second is reported (the least disturbed by other processes on the machine);
 * a file that failed in any pass is counted as failed.
 */
async function measure(set: string, files: string[]): Promise<SetResult> {
  const chosen = files.slice(0, limit);
  const bytes = chosen.map((f) => readFileSync(f));
  for (let i = 0; i < Math.min(WARMUP_FILES, chosen.length); i++) await extractFeatures(bytes[i]).catch(() => undefined);
  let best: SetResult | undefined;
  let failed = 0;
  for (let p = 0; p < passes; p++) {
    const r = await pass(set, chosen, bytes, reportsFailures(p, failed));
    failed = Math.max(failed, r.failed);
    if (!best || r.cpuMs / r.audioSec < best.cpuMs / best.audioSec) best = r;
  }
  return { ...best!, failed }; // a failure in any pass is reported
}

async function renderedSets(): Promise<{ results: SetResult[]; cleanup: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'audiio-bench-'));
  const wavs: string[] = [];
  const mp3s: string[] = [];
  const ff = haveFfmpeg();
  for (let i = 0; i < nSongs; i++) {
    const song = await renderSong({
      tempo: 70 + ((i * 37) % 110),
      key: (i * 5) % 12,
      mode: i % 2,
      drums: i % 2 === 0,
      timbre: TIMBRES[i % TIMBRES.length],
      durationSec: 30,
      sampleRate: 44100,
      seed: 100 + i,
    });
    const wav = join(dir, `song${i}.wav`);
    writeFileSync(wav, encodeWav(song.channels, song.sampleRate));
    wavs.push(wav);
    if (ff) {
      const mp3 = join(dir, `song${i}.mp3`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', wav, '-b:a', '192k', mp3]);
      mp3s.push(mp3);
    }
  }
  const results = [await measure('rendered-wav', wavs)];
  if (ff) results.push(await measure('rendered-mp3', mp3s));
  else if (!json) console.log('(ffmpeg not found: rendered-mp3 skipped)');
  return { results, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

function sharedSets(): { name: string; files: string[] }[] {
  if (!existsSync(AUDIO)) return [];
  const sets: { name: string; files: string[] }[] = [];
  const music = join(AUDIO, 'synth', 'music');
  if (existsSync(music)) sets.push({ name: 'shared-synth', files: readdirSync(music).filter((f) => f.endsWith('.mp3')).sort().map((f) => join(music, f)) });
  const ann = join(AUDIO, 'annotations.csv');
  if (existsSync(ann)) {
    const rows = parse<{ file: string }>(readFileSync(ann), { columns: true, skip_empty_lines: true });
    sets.push({ name: 'shared-real', files: rows.map((r) => join(AUDIO, r.file)).filter((f) => existsSync(f)) });
  }
  return sets;
}

if (argv.includes('--stages')) {
  // ms per stage per 30 s of audio on the shared synth MP3s (44.1 kHz stereo): for each file the
  // fastest of --passes runs (default 3) of each stage, wall clock and process CPU.
  const music = join(AUDIO, 'synth', 'music');
  if (!existsSync(music)) {
    console.log(`(${music} not found: --stages needs the shared MP3s)`);
    process.exit(0);
  }
  const files = readdirSync(music).filter((f) => f.endsWith('.mp3')).sort().map((f) => join(music, f)).slice(0, Math.min(limit, 48));
  const bytes = files.map((f) => readFileSync(f));
  for (let i = 0; i < Math.min(3, files.length); i++) await timeStages(bytes[i], files[i]); // warm-up (JIT)
  const best = files.map(() => ({ wall: {} as StageTimes, cpu: {} as StageTimes }));
  const secs = files.map(() => 0);
  for (let p = 0; p < passes; p++) {
    for (let i = 0; i < files.length; i++) {
      const r = await timeStages(bytes[i], files[i]);
      secs[i] = r.sec;
      for (const k of STAGES) {
        best[i].wall[k] = Math.min(best[i].wall[k] ?? Infinity, r.wall[k]);
        best[i].cpu[k] = Math.min(best[i].cpu[k] ?? Infinity, r.cpu[k]);
      }
    }
  }
  const sec = secs.reduce((a, b) => a + b, 0);
  const per30 = (kind: 'wall' | 'cpu') =>
    Object.fromEntries(STAGES.map((k) => [k, (best.reduce((a, b) => a + b[kind][k], 0) / sec) * 30])) as StageTimes;
  const wall = per30('wall');
  const cpu = per30('cpu');
  const sum = (x: StageTimes) => STAGES.reduce((a, k) => a + x[k], 0);
  const features = (x: StageTimes) => sum(x) - x.decode;
  if (json) {
    console.log(
      JSON.stringify({
        node: process.version, defaultGc, files: files.length, passes, audioSec: sec,
        wallMsPer30s: wall, cpuMsPer30s: cpu,
        totalWallMsPer30s: sum(wall), totalCpuMsPer30s: sum(cpu),
        featuresWallMsPer30s: features(wall), featuresCpuMsPer30s: features(cpu),
        xRealtimeWall: 30000 / sum(wall), xRealtimeCpu: 30000 / sum(cpu),
      }),
    );
  } else {
    console.log(`\nms per 30 s clip by stage (${files.length} shared synth MP3s, 44.1 kHz stereo; per file the fastest of ${passes} passes; ${gcNote})\n`);
    console.log(`${'stage'.padEnd(14)} ${'wall'.padStart(7)} ${'CPU'.padStart(7)}`);
    for (const k of STAGES) console.log(`${k.padEnd(14)} ${wall[k].toFixed(1).padStart(7)} ${cpu[k].toFixed(1).padStart(7)}`);
    console.log(`${'features'.padEnd(14)} ${features(wall).toFixed(1).padStart(7)} ${features(cpu).toFixed(1).padStart(7)}   (all stages but decode)`);
    console.log(
      `${'total'.padEnd(14)} ${sum(wall).toFixed(1).padStart(7)} ${sum(cpu).toFixed(1).padStart(7)}   (${(30000 / sum(wall)).toFixed(0)}× realtime wall, ${(30000 / sum(cpu)).toFixed(0)}× per CPU)`,
    );
  }
  process.exit(0);
}

if (argv.includes('--batch')) {
  const music = join(AUDIO, 'synth', 'music');
  if (!existsSync(music)) {
    console.log(`(${music} not found: --batch needs the shared MP3s)`);
    process.exit(0);
  }
  const copies = Math.max(1, opt('--copies', 5));
  const jobs = Math.max(1, opt('--jobs', availableParallelism()));
  const dir = mkdtempSync(join(tmpdir(), 'audiio-batch-'));
  try {
    const mp3s = readdirSync(music).filter((f) => f.endsWith('.mp3')).sort().slice(0, Math.min(limit, 48));
    for (let k = 0; k < copies; k++) for (const f of mp3s) copyFileSync(join(music, f), join(dir, `${k}-${f}`));
    const built = join(here, '..', 'packages', 'ml-core', 'dist', 'analysis-api.js');
    if (!existsSync(built)) throw new Error(`${built} not found: run npm run build first`);
    const out = execFileSync(process.execPath, [join(here, 'analysis-batch-run.mjs'), dir, String(jobs), ...(defaultGc ? ['--default-gc'] : [])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const sum = JSON.parse(out.trim().split('\n').pop()!) as { found: number; analyzed: number; failed: number; audioSec: number; elapsedMs: number; cpuSec: number };
    const cpuSec = sum.cpuSec;
    const wallSec = sum.elapsedMs / 1000;
    const r = {
      node: process.version, defaultGc, files: sum.found, analyzed: sum.analyzed, failed: sum.failed, jobs, audioSec: sum.audioSec,
      wallSec, cpuSec, xRealtime: sum.audioSec / wallSec, xRealtimePerCpu: sum.audioSec / cpuSec, cpuMsPer30s: (cpuSec * 1000 * 30) / sum.audioSec,
    };
    if (json) console.log(JSON.stringify(r));
    else {
      console.log(`\nbench:analysis --batch — analyzeLibrary (the path of audiio-ml analyze) over ${r.files} MP3s (${copies} copies of the shared synth set), ${jobs} workers, ${gcNote}\n`);
      console.log(`${r.analyzed} analysed, ${r.failed} failed, ${r.audioSec.toFixed(0)} s of audio in ${wallSec.toFixed(1)} s: ${r.xRealtime.toFixed(0)}× realtime in total`);
      console.log(`process CPU ${cpuSec.toFixed(1)} s (every thread, worker start-up included): ${r.cpuMsPer30s.toFixed(0)} ms per 30 s clip, ${r.xRealtimePerCpu.toFixed(0)}× realtime per core (goal 300×)`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.exit(0);
}

const rendered = await renderedSets();
const results = [...rendered.results];
rendered.cleanup();
const shared = sharedSets();
if (!shared.length && !json) console.log(`(${AUDIO} not found: shared sets skipped)`);
for (const s of shared) results.push(await measure(s.name, s.files));

const rows = results.map((r) => ({
  ...r,
  xRealtime: r.wallMs ? r.audioSec / (r.wallMs / 1000) : 0,
  xRealtimeCpu: r.cpuMs ? r.audioSec / (r.cpuMs / 1000) : 0,
  xRealtimeDecode: r.decodeMs ? r.audioSec / (r.decodeMs / 1000) : 0,
  xRealtimeFeatures: r.featuresMs ? r.audioSec / (r.featuresMs / 1000) : 0,
  msPer30s: r.audioSec ? (r.wallMs / r.audioSec) * 30 : 0,
  decodeMsPer30s: r.audioSec ? (r.decodeMs / r.audioSec) * 30 : 0,
  featuresMsPer30s: r.audioSec ? (r.featuresMs / r.audioSec) * 30 : 0,
}));
if (json) {
  console.log(JSON.stringify({ node: process.version, defaultGc, results: rows }));
} else {
  console.log(`\nbench:analysis — extractFeatures, one thread, decode included (${gcNote}; fastest of ${passes} passes); × rt/CPU is the per-core figure (goal 300×)\n`);
  console.log('set            files  audio s   × realtime  × rt/CPU   decode ×rt  features ×rt   ms per 30 s  (decode + features)');
  for (const r of rows) {
    console.log(
      `${r.set.padEnd(14)} ${String(r.files).padStart(5)} ${r.audioSec.toFixed(0).padStart(8)} ${r.xRealtime.toFixed(0).padStart(11)} ${r.xRealtimeCpu
        .toFixed(0)
        .padStart(9)} ${r.xRealtimeDecode.toFixed(0).padStart(11)} ${r.xRealtimeFeatures.toFixed(0).padStart(13)} ${r.msPer30s.toFixed(0).padStart(13)}  (${r.decodeMsPer30s.toFixed(0)} + ${r.featuresMsPer30s.toFixed(0)})${r.failed ? `  (${r.failed} failed)` : ''}`,
    );
  }
}
