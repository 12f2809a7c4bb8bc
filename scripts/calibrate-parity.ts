/**
 * Parity check for speed work: feature values and descriptor vectors of the real pipeline
 * (`extractFeatures`) on rendered songs (always) and the shared synth MP3s (when present), saved to
 * or compared with a JSON snapshot taken before a change.
 *
 *   node --conditions=source --import tsx scripts/calibrate-parity.ts --save before.json
 *   node --conditions=source --import tsx scripts/calibrate-parity.ts --compare before.json [--json]
 *
 * `--rate 22050` decodes straight to 22 050 Hz through the Web Audio resampler (the pipeline before
 * loudness and analysis at that rate), so `--rate 22050 --save a.json` then `--compare a.json`
 * isolates the effect of full-band decoding + halfband decimation with the same feature code.
 *
 * Compare prints, per feature, the largest |Δ| over the files and the number of key/mode changes,
 * and per descriptor the largest |Δ| relative to that descriptor's spread over the files.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractFeatures, FEATURE_NAMES } from '@audiio-ml/ml-core';
import { encodeWav } from '../packages/ml-core/src/audio/wav.js';
import { renderSong, TIMBRES } from '@audiio-ml/synth';
import { DESCRIPTOR_LAYOUT } from '../packages/ml-core/src/features/descriptors.js';

const here = dirname(fileURLToPath(import.meta.url));
const SHARED = resolve(process.env.AUDIIO_SHARED_DIR ?? join(here, '..', '..', 'shared'));
const MUSIC = join(SHARED, 'data', 'audio', 'synth', 'music');
const argv = process.argv.slice(2);
const arg = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
const rate = arg('--rate') ? Number(arg('--rate')) : undefined;

interface Row {
  name: string;
  features: Record<string, number>;
  descriptors: number[];
}

async function snapshot(): Promise<Row[]> {
  const rows: Row[] = [];
  const add = async (name: string, bytes: Uint8Array) => {
    const a = await extractFeatures(bytes, { name, sampleRate: rate });
    rows.push({ name, features: { ...a.features, keyConfidence: a.keyConfidence }, descriptors: Array.from(a.descriptors) });
  };
  for (let i = 0; i < 6; i++) {
    const song = await renderSong({
      tempo: 72 + ((i * 41) % 100), key: (i * 7) % 12, mode: i % 2, drums: i % 3 !== 0,
      timbre: TIMBRES[i % TIMBRES.length], durationSec: 20, sampleRate: i % 2 ? 48000 : 44100, seed: 500 + i,
    });
    await add(`rendered-${i}-${song.sampleRate}.wav`, encodeWav(song.channels, song.sampleRate));
  }
  if (existsSync(MUSIC)) {
    for (const f of readdirSync(MUSIC).filter((x) => x.endsWith('.mp3')).sort()) await add(f, readFileSync(join(MUSIC, f)));
  }
  return rows;
}

const now = await snapshot();
const save = arg('--save');
const cmp = arg('--compare');
if (save) {
  writeFileSync(save, JSON.stringify(now));
  console.log(`saved ${now.length} files to ${save}`);
}
if (cmp) {
  const before = new Map((JSON.parse(readFileSync(cmp, 'utf8')) as Row[]).map((r) => [r.name, r]));
  const pairs = now.filter((r) => before.has(r.name)).map((r) => [before.get(r.name)!, r] as const);
  const feat: Record<string, number> = {};
  let keyChanges = 0;
  let modeChanges = 0;
  for (const name of [...FEATURE_NAMES, 'keyConfidence']) {
    feat[name] = Math.max(0, ...pairs.map(([a, b]) => Math.abs(b.features[name] - a.features[name])));
  }
  for (const [a, b] of pairs) {
    if (a.features.key !== b.features.key) keyChanges++;
    if (a.features.mode !== b.features.mode) modeChanges++;
  }
  const names = DESCRIPTOR_LAYOUT.flatMap(([n, k]) => (k === 1 ? [n as string] : Array.from({ length: k }, (_, i) => `${n}[${i}]`)));
  const desc = names.map((n, j) => {
    const vals = pairs.map(([a]) => a.descriptors[j]);
    const mean = vals.reduce((s, v) => s + v, 0) / vals.length;
    const sd = Math.sqrt(vals.reduce((s, v) => s + (v - mean) ** 2, 0) / vals.length) || 1;
    const maxAbs = Math.max(0, ...pairs.map(([a, b]) => Math.abs(b.descriptors[j] - a.descriptors[j])));
    return { name: n, maxAbs, relToSpread: maxAbs / sd };
  });
  desc.sort((x, y) => y.relToSpread - x.relToSpread);
  if (argv.includes('--json')) console.log(JSON.stringify({ files: pairs.length, maxAbsFeature: feat, keyChanges, modeChanges, descriptors: desc }));
  else {
    console.log(`${pairs.length} files compared with ${cmp}`);
    console.log(`key changes: ${keyChanges}, mode changes: ${modeChanges}`);
    for (const [k, v] of Object.entries(feat)) console.log(`  max |Δ ${k}| = ${v.toFixed(4)}`);
    console.log('descriptors with the largest max |Δ| / spread over files:');
    for (const d of desc.slice(0, 12)) console.log(`  ${d.name.padEnd(22)} ${d.relToSpread.toFixed(3)}  (max |Δ| ${d.maxAbs.toPrecision(3)})`);
  }
}
