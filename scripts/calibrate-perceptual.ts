/**
 * Perceptual-feature calibration and report.
 *
 * Calibration set (rendered here, never the shared files): speech-like clips (synth/speech.ts,
 * several voices and rates), songs (synth/song.ts: every timbre, with and without drums) and
 * speech laid over those songs. Report set: ../shared/data/audio (annotations.csv kinds and
 * synth/ folders), skipped politely when absent. Prints descriptors and the six features per clip,
 * a speech/music table, and the distribution of the six on the real recordings next to
 * ../shared/data/spotify/spotify_songs.csv.
 *
 *   node --conditions=source --import tsx scripts/calibrate-perceptual.ts [--calib-only] [--report-only] [--json]
 *   node --conditions=source --import tsx scripts/calibrate-perceptual.ts --speed [--json]
 * `--speed` only times extractPerceptual and integratedLoudness on a rendered 30 s clip (median of 15 runs).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { decodeAudio } from '../packages/ml-core/src/audio/decode.js';
import type { DecodedAudio } from '../packages/ml-core/src/audio/types.js';
import { analysisInput } from '../packages/ml-core/src/features/extract.js';
import { estimateRhythm } from '../packages/ml-core/src/features/tempo.js';
import { estimateKey } from '../packages/ml-core/src/features/key.js';
import { computeDescriptors, type TrackDescriptors } from '../packages/ml-core/src/features/descriptors.js';
import { extractPerceptual } from '../packages/ml-core/src/features/perceptual.js';
import { renderSpeechLike, mixSpeechOverMusic, renderSong, TIMBRES } from '@audiio-ml/synth';
import { integratedLoudness } from '../packages/ml-core/src/features/loudness.js';
import { seededRandom } from '../packages/ml-core/src/random.js';

const SHARED = new URL('../../shared/data/', import.meta.url).pathname;
const args = new Set(process.argv.slice(2));
const SIX = ['energy', 'danceability', 'valence', 'acousticness', 'instrumentalness', 'speechiness'] as const;
type Six = Record<(typeof SIX)[number], number>;
interface Row { set: string; name: string; kind: string; six: Six; d: TrackDescriptors }

function analyse(decoded: DecodedAudio): { six: Six; d: TrackDescriptors } {
  const input = analysisInput(decoded);
  const rhythm = estimateRhythm(input);
  const tonal = estimateKey(input.mono, input.sampleRate);
  const p = extractPerceptual(input, rhythm, tonal);
  const d = computeDescriptors(input.spec, rhythm, tonal);
  return { six: { energy: p.energy, danceability: p.danceability, valence: p.valence, acousticness: p.acousticness, instrumentalness: p.instrumentalness, speechiness: p.speechiness }, d };
}

const mono = (x: Float32Array, sampleRate = 22050): DecodedAudio => ({ sampleRate, channels: [x], durationSec: x.length / sampleRate });

/** A drum loop (kick sweep, noise snare, hats) at `bpm`, optionally with a sustained-note bass line. */
function drumLoop(bpm: number, sec: number, bass: boolean, seed: number, sr = 22050): Float32Array {
  const r = seededRandom(seed);
  const x = new Float32Array(sec * sr);
  const beat = (60 / bpm) * sr;
  for (let k = 0; k * beat / 2 < x.length; k++) {
    const t0 = Math.round((k * beat) / 2);
    const hitKick = k % 4 === 0 || (k % 8 === 5 && r() < 0.5);
    const hitSnare = k % 4 === 2;
    for (let i = 0; i < 0.3 * sr && t0 + i < x.length; i++) {
      const t = i / sr;
      let v = 0.25 * (r() * 2 - 1) * Math.exp(-t * 60); // hat
      if (hitKick) v += 0.9 * Math.sin(2 * Math.PI * (50 + 100 * Math.exp(-t * 30)) * t) * Math.exp(-t * 12);
      if (hitSnare) v += 0.6 * (r() * 2 - 1) * Math.exp(-t * 18) + 0.3 * Math.sin(2 * Math.PI * 190 * t) * Math.exp(-t * 20);
      x[t0 + i] += v;
    }
  }
  if (bass) {
    const notes = [41, 41, 44, 39];
    for (let i = 0; i < x.length; i++) {
      const bar = Math.floor(i / (4 * beat)) % notes.length;
      const f = 440 * Math.pow(2, (notes[bar] - 69) / 12);
      const u = (i % (2 * beat)) / (2 * beat);
      x[i] += 0.35 * Math.exp(-u * 2) * (Math.sin(2 * Math.PI * f * i / sr) + 0.3 * Math.sin(4 * Math.PI * f * i / sr));
    }
  }
  return x;
}

/** A monophonic solo line (harmonic tone with vibrato and breath noise), phrases separated by rests; `staccato` articulates short tongued notes with gaps and rubato timing. */
function soloLine(sec: number, seed: number, sr = 22050, staccato = false): Float32Array {
  const r = seededRandom(seed);
  const x = new Float32Array(sec * sr);
  const scale = [0, 2, 4, 5, 7, 9, 11, 12];
  let i = 0;
  let phase = 0;
  while (i < x.length) {
    const phraseNotes = 3 + Math.floor(r() * 6);
    for (let n = 0; n < phraseNotes && i < x.length; n++) {
      const dur = Math.round((staccato ? 0.08 + r() * 0.3 : 0.15 + r() * 0.5) * sr);
      const f0 = 440 * Math.pow(2, (60 + scale[Math.floor(r() * scale.length)] - 69) / 12);
      for (let k = 0; k < dur && i < x.length; k++, i++) {
        const t = k / sr;
        const env = Math.min(1, t / (staccato ? 0.01 : 0.03)) * Math.min(1, (dur - k) / ((staccato ? 0.03 : 0.05) * sr));
        const bend = staccato && k < 0.05 * sr ? 1 - 0.03 * (1 - k / (0.05 * sr)) : 1; // scoop into the note
        phase += (f0 * bend * (1 + (staccato ? 0.012 : 0.006) * Math.sin(2 * Math.PI * 5.5 * t))) / sr;
        let v = 0;
        for (let h = 1; h <= 8; h++) v += Math.sin(2 * Math.PI * h * phase) / h;
        x[i] = 0.3 * env * v + 0.01 * env * (r() * 2 - 1);
      }
      if (staccato) i += Math.round((0.02 + r() * 0.1) * sr);
    }
    i += Math.round((0.3 + r() * 1.2) * sr);
  }
  return x;
}

/** A syncopated breakbeat (kick, snare, ghost notes, hats on sixteenths) with a sliding (portamento) sub bass. */
function breakbeat(bpm: number, sec: number, seed: number, sr = 22050): Float32Array {
  const r = seededRandom(seed);
  const x = new Float32Array(sec * sr);
  const six = (60 / bpm / 4) * sr;
  const kick = [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0];
  const snare = [0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 0];
  for (let k = 0; k * six < x.length; k++) {
    const t0 = Math.round(k * six + (k % 2 ? 0.1 * six : 0));
    const step = k % 16;
    const ghost = !snare[step] && r() < 0.25;
    for (let i = 0; i < 0.25 * sr && t0 + i < x.length; i++) {
      const t = i / sr;
      let v = 0.12 * (r() * 2 - 1) * Math.exp(-t * 90);
      if (kick[step]) v += 0.8 * Math.sin(2 * Math.PI * (45 + 110 * Math.exp(-t * 35)) * t) * Math.exp(-t * 14);
      if (snare[step] || ghost) v += (ghost ? 0.15 : 0.55) * ((r() * 2 - 1) * Math.exp(-t * 22) + 0.4 * Math.sin(2 * Math.PI * 200 * t) * Math.exp(-t * 25));
      x[t0 + i] += v;
    }
  }
  const notes = [36, 36, 43, 41, 39, 36, 34, 36];
  let phase = 0;
  let f = 65;
  for (let i = 0; i < x.length; i++) {
    const n = notes[Math.floor(i / (8 * six)) % notes.length];
    const target = 440 * Math.pow(2, (n - 69) / 12);
    f += (target - f) * (1 - Math.exp(-1 / (0.06 * sr))); // portamento
    phase += f / sr;
    const u = (i % (8 * six)) / (8 * six);
    x[i] += 0.4 * Math.min(1, 3 * (1 - u)) * (Math.sin(2 * Math.PI * phase) + 0.25 * Math.sin(4 * Math.PI * phase));
  }
  return x;
}

async function calibrationSet(): Promise<Row[]> {
  const rows: Row[] = [];
  const dur = 20;
  const voices = [
    { f0: 110, syllableRate: 4.5 }, { f0: 210, syllableRate: 5 }, { f0: 140, syllableRate: 3.5 }, { f0: 95, syllableRate: 6 },
  ];
  for (const [i, v] of [{ f0: 120, syllableRate: 4.5, intonation: 0.2 }, { f0: 180, syllableRate: 4, intonation: 0.1 }].entries()) {
    const x = renderSpeechLike({ durationSec: dur, seed: 150 + i, ...v });
    rows.push({ set: 'calib', name: `monotone speech f0=${v.f0} intonation=${v.intonation}`, kind: 'speech', ...analyse(mono(x)) });
  }
  for (const [i, v] of voices.entries()) {
    const x = renderSpeechLike({ durationSec: dur, seed: 100 + i, ...v });
    rows.push({ set: 'calib', name: `speech f0=${v.f0} rate=${v.syllableRate}`, kind: 'speech', ...analyse(mono(x)) });
  }
  let s = 0;
  for (const timbre of TIMBRES) {
    for (const drums of [false, true]) {
      s++;
      const song = await renderSong({ tempo: 80 + ((s * 17) % 90), key: s % 12, mode: s % 2, drums, timbre, durationSec: dur, sampleRate: 22050, channels: 1, seed: s });
      rows.push({ set: 'calib', name: `song ${timbre}${drums ? '+drums' : ''}`, kind: 'music', ...analyse(song) });
      if (s % 2 === 0) {
        const sp = renderSpeechLike({ durationSec: dur, seed: 200 + s, f0: s % 4 === 0 ? 120 : 200 });
        const mix = mixSpeechOverMusic(song.channels[0], sp, 3);
        rows.push({ set: 'calib', name: `speech over ${timbre}+drums`, kind: 'mix', ...analyse(mono(mix)) });
      }
    }
  }
  for (const [i, bpm] of [90, 128, 174].entries()) {
    rows.push({ set: 'calib', name: `drum loop ${bpm}`, kind: 'music', ...analyse(mono(drumLoop(bpm, dur, false, 10 + i))) });
    rows.push({ set: 'calib', name: `drum+bass loop ${bpm}`, kind: 'music', ...analyse(mono(drumLoop(bpm, dur, true, 20 + i))) });
  }
  for (const [i, bpm] of [140, 172].entries()) {
    rows.push({ set: 'calib', name: `breakbeat + sliding bass ${bpm}`, kind: 'music', ...analyse(mono(breakbeat(bpm, dur, 50 + i))) });
  }
  for (let i = 0; i < 3; i++) rows.push({ set: 'calib', name: `solo line ${i}`, kind: 'music', ...analyse(mono(soloLine(dur, 30 + i))) });
  for (let i = 0; i < 3; i++) rows.push({ set: 'calib', name: `staccato solo ${i}`, kind: 'music', ...analyse(mono(soloLine(dur, 40 + i, 22050, true))) });
  return rows;
}

async function reportSet(): Promise<Row[]> {
  const rows: Row[] = [];
  const audio = join(SHARED, 'audio');
  if (!existsSync(audio)) {
    console.error(`report skipped: ${audio} not present`);
    return rows;
  }
  const ann = parse<{ file: string; kind: string }>(readFileSync(join(audio, 'annotations.csv')), { columns: true });
  const truth = existsSync(join(audio, 'synth/truth.csv'))
    ? parse<{ file: string; kind: string }>(readFileSync(join(audio, 'synth/truth.csv')), { columns: true })
    : [];
  const items = [...ann.map((a) => ({ set: 'real', file: a.file, kind: a.kind })), ...truth.map((t) => ({ set: 'synth', file: `synth/${t.file}`, kind: t.kind }))];
  for (const it of items) {
    try {
      const { decoded } = await decodeAudio(join(audio, it.file));
      rows.push({ set: it.set, name: it.file, kind: it.kind, ...analyse(decoded) });
    } catch (err) {
      console.error(`skipped ${it.file}: ${(err as Error).message}`);
    }
  }
  return rows;
}

const f2 = (x: number) => x.toFixed(2);
function printRows(rows: Row[]): void {
  console.log('set   kind    energ dance valen acous instr speec | mod4  lowE  pause steady glide flat  period pulse onset dyn   level  cenCV mfccD beat  name');
  for (const r of rows) {
    const { d, six } = r;
    console.log(
      `${r.set.padEnd(5)} ${r.kind.padEnd(7)} ${SIX.map((k) => f2(six[k]).padStart(5)).join('  ')} | ${[d.modulation4Hz, d.lowEnergyRatio, d.pauseRatio, d.steadyPartialRatio, d.glidingPartialRatio, d.flatnessMean, d.envelopePeriodicity, d.pulseClarity, d.onsetRate, d.dynamicRangeDb, d.levelDb, d.centroidStd / (d.centroidMean || 1), d.mfccDeltaMean, d.beatStrength].map((v) => f2(v).padStart(5)).join(' ')}  ${r.name}`,
    );
  }
}

function speechTable(rows: Row[]): void {
  const groups = new Map<string, number[]>();
  for (const r of rows) {
    const g = `${r.set}/${r.kind}`;
    groups.set(g, [...(groups.get(g) ?? []), r.six.speechiness]);
  }
  console.log('\nspeechiness by group: n  min  median  max  (target: speech > 0.66, music < 0.33)');
  for (const [g, v] of groups) {
    v.sort((a, b) => a - b);
    console.log(`${g.padEnd(14)} ${String(v.length).padStart(3)}  ${f2(v[0])}  ${f2(v[Math.floor(v.length / 2)])}  ${f2(v[v.length - 1])}`);
  }
}

function spotifyComparison(rows: Row[]): void {
  const file = join(SHARED, 'spotify/spotify_songs.csv');
  const music = rows.filter((r) => r.kind === 'music');
  if (!existsSync(file) || !music.length) return;
  const sp = parse<Record<string, string>>(readFileSync(file), { columns: true });
  const q = (v: number[], p: number) => [...v].sort((a, b) => a - b)[Math.round(p * (v.length - 1))];
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  console.log(`\ndistribution on music clips: ours (n=${music.length}, ${[...new Set(music.map((m) => m.set))].join('+')}) vs Spotify (n=${sp.length}): mean  p10  p50  p90`);
  for (const k of SIX) {
    const o = music.map((r) => r.six[k]);
    const s = sp.map((r) => Number(r[k])).filter(Number.isFinite);
    console.log(`${k.padEnd(17)} ours ${f2(mean(o))} ${f2(q(o, 0.1))} ${f2(q(o, 0.5))} ${f2(q(o, 0.9))}   spotify ${f2(mean(s))} ${f2(q(s, 0.1))} ${f2(q(s, 0.5))} ${f2(q(s, 0.9))}`);
  }
}

/** Median wall time (ms) of `fn` over `runs` runs after 3 warm-ups. */
function medianMs(fn: () => void, runs = 15): number {
  for (let i = 0; i < 3; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

async function speed(): Promise<void> {
  const song = await renderSong({ tempo: 120, key: 0, mode: 1, drums: true, timbre: 'piano', durationSec: 30, sampleRate: 44100, channels: 2, seed: 1 });
  const mono22 = await renderSong({ tempo: 120, key: 0, mode: 1, drums: true, timbre: 'piano', durationSec: 30, sampleRate: 22050, channels: 1, seed: 1 });
  const input = analysisInput(mono22);
  const rhythm = estimateRhythm(input);
  const tonal = estimateKey(input.mono, input.sampleRate);
  const res = {
    extractPerceptualMs: medianMs(() => extractPerceptual(input, rhythm, tonal)),
    computeDescriptorsMs: medianMs(() => computeDescriptors(input.spec, rhythm, tonal)),
    loudnessMono22kMs: medianMs(() => integratedLoudness(mono22)),
    loudnessStereo44kMs: medianMs(() => integratedLoudness(song)),
    /** For scale on a loaded machine: the shared STFT (audio/stft.ts) of the same clip. */
    sharedStftMs: medianMs(() => analysisInput(mono22)),
  };
  if (args.has('--json')) console.log(JSON.stringify(res));
  else for (const [k, v] of Object.entries(res)) console.log(`${k.padEnd(22)} ${v.toFixed(2)} ms per 30 s clip`);
}

const rows: Row[] = [];
if (args.has('--speed')) {
  await speed();
  process.exit(0);
}
if (!args.has('--report-only')) rows.push(...(await calibrationSet()));
if (!args.has('--calib-only')) rows.push(...(await reportSet()));
if (args.has('--json')) console.log(JSON.stringify(rows.map((r) => ({ set: r.set, name: r.name, kind: r.kind, ...r.six }))));
else {
  printRows(rows);
  speechTable(rows);
  spotifyComparison(rows.filter((r) => r.set === 'real'));
}
