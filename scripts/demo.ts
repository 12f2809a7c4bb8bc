/**
 * `npm run demo`: the audiio-ml tour on a library rendered on the spot.
 *
 * Steps (each a named entry of STEPS):
 *  1. render a small demo library offline with the Web Audio API (several
 *     tempos, keys, timbres, with and without drums, spoken word, speech over
 *     music) as WAV
 *     files in ./demo-out/library;
 *  2. analyse it with the real pipeline (worker pool, extractFeatures) into the
 *     demo library database ./demo-out/library.db and print a table;
 *  3. list the nearest tracks of two of them through the track index;
 *  4. simulated listeners with distinct tastes play the library for two months (completing,
 *     skipping, liking, disliking), and one listener's profile is printed.
 *
 * Everything is deterministic (seeded) and offline. `--out DIR` chooses another folder.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import {
  addUser,
  analyzeLibrary,
  buildUserProfile,
  getTrack,
  keyName,
  listTracks,
  openLibrary,
  rateTrack,
  recordListens,
  similarTracks,
  trackLabel,
  type AnalyzedFile,
  type LibraryDb,
  type ListenEntry,
} from '@audiio-ml/ml-core';
import { seededRandom } from '../packages/ml-core/src/random.js';
import { formatFeatureTable } from '../packages/cli/src/feature-table.js';
import { encodeWav } from '../packages/ml-core/src/audio/wav.js';
import { mixSpeechOverMusic, renderSong, renderSpeechLike, type SongSpec } from '@audiio-ml/synth';

/** What every step can read and extend. */
interface DemoContext {
  /** The demo folder (./demo-out). */
  outDir: string;
  /** The rendered music folder. */
  libraryDir: string;
  /** The demo library database file. */
  dbPath: string;
  db: LibraryDb;
  /** Rendered truth per file name (relative to libraryDir). */
  truth: Map<string, string>;
  /** Analysis results per file name, once step 2 ran. */
  analysed: Map<string, AnalyzedFile>;
}

interface DemoStep {
  title: string;
  run(ctx: DemoContext): Promise<void>;
}

const SAMPLE_RATE = 44100;
const SONG_SEC = 20;

/** The demo songs: file name (Artist - Title) and what to render. */
const SONGS: { file: string; spec: Omit<SongSpec, 'durationSec'> }[] = [
  { file: 'Demo Band - Sunrise Drive.wav', spec: { tempo: 128, key: 7, mode: 1, drums: true, timbre: 'piano', seed: 1 } },
  { file: 'Demo Band - Night Walk.wav', spec: { tempo: 92, key: 9, mode: 0, drums: false, timbre: 'pad', seed: 2 } },
  { file: 'Organ Trio - Chapel Groove.wav', spec: { tempo: 110, key: 2, mode: 1, drums: true, timbre: 'organ', seed: 3 } },
  { file: 'String Theory - Pluck Study.wav', spec: { tempo: 100, key: 4, mode: 0, drums: false, timbre: 'pluck', seed: 4 } },
  { file: 'Brass Club - Fanfare.wav', spec: { tempo: 140, key: 10, mode: 1, drums: true, timbre: 'brass', seed: 5 } },
  { file: 'Demo Band - Slow Piano.wav', spec: { tempo: 72, key: 5, mode: 1, drums: false, timbre: 'piano', seed: 6, gainDb: -8 } },
  { file: 'Pad Lab - Floating.wav', spec: { tempo: 64, key: 1, mode: 0, drums: false, timbre: 'pad', seed: 7, melody: false, gainDb: -10 } },
  { file: 'Dance Unit - Four on the Floor.wav', spec: { tempo: 124, key: 5, mode: 0, drums: true, timbre: 'pluck', seed: 8 } },
];

const renderLibrary: DemoStep = {
  title: 'Render the demo library (Web Audio API, offline)',
  async run(ctx) {
    mkdirSync(ctx.libraryDir, { recursive: true });
    for (const { file, spec } of SONGS) {
      const song = await renderSong({ ...spec, durationSec: SONG_SEC, sampleRate: SAMPLE_RATE });
      writeFileSync(join(ctx.libraryDir, file), encodeWav(song.channels, song.sampleRate, 16));
      ctx.truth.set(file, `${spec.tempo} BPM ${keyName(spec.key, spec.mode)}, ${spec.timbre}${spec.drums ? ' + drums' : ''}`);
      console.log(`  ${file}`);
    }
    // Spoken word (synth/speech.ts): two voices, and one voice over a quiet music bed.
    for (const [file, f0, seed] of [['Narrator - Spoken Word.wav', 115, 11], ['Narrator - Second Voice.wav', 205, 12]] as const) {
      const voice = renderSpeechLike({ durationSec: SONG_SEC, sampleRate: SAMPLE_RATE, seed, f0 });
      writeFileSync(join(ctx.libraryDir, file), encodeWav([voice], SAMPLE_RATE, 16));
      ctx.truth.set(file, `spoken word (f0 ${f0} Hz)`);
      console.log(`  ${file}`);
    }
    const bed = await renderSong({ tempo: 96, key: 0, mode: 1, drums: true, timbre: 'pluck', durationSec: SONG_SEC, sampleRate: SAMPLE_RATE, channels: 1, seed: 13 });
    const voice = renderSpeechLike({ durationSec: SONG_SEC, sampleRate: SAMPLE_RATE, seed: 14, f0: 140 });
    const file = 'Radio Host - Talk over Music.wav';
    writeFileSync(join(ctx.libraryDir, file), encodeWav([mixSpeechOverMusic(bed.channels[0], voice, 6)], SAMPLE_RATE, 16));
    ctx.truth.set(file, 'speech 6 dB over a 96 BPM C major bed');
    console.log(`  ${file}`);
  },
};

const analyse: DemoStep = {
  title: 'Analyse it with the real pipeline (audiio-ml analyze)',
  async run(ctx) {
    const summary = await analyzeLibrary(ctx.db, ctx.libraryDir, {
      onFile: (f) => ctx.analysed.set(relative(ctx.libraryDir, f.path), f),
    });
    const rows = [...ctx.analysed.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .filter(([, f]) => f.ok && f.features)
      .map(([name, f]) => ({ name, features: f.features!, note: ctx.truth.get(name) }));
    console.log();
    process.stdout.write(formatFeatureTable(rows, 36));
    for (const [name, f] of ctx.analysed) if (!f.ok) console.log(`  failed: ${name}: ${f.error?.message}`);
    const secs = summary.elapsedMs / 1000;
    console.log(
      `\n${summary.analyzed} files (${Math.round(summary.audioSec)} s of audio) analysed in ${secs.toFixed(1)} s ` +
        `into ${relative(process.cwd(), ctx.dbPath)}; ${summary.failed} failed.`,
    );
  },
};

const similar: DemoStep = {
  title: 'What sounds like it? (audiio-ml similar, track index over content vectors)',
  run(ctx) {
    for (const seed of ['Demo Band - Sunrise Drive', 'Narrator - Spoken Word']) {
      const { source, results } = similarTracks(ctx.db, ctx.dbPath, seed, 3);
      console.log(`  ${seed}:`);
      for (const r of results) console.log(`    ${r.similarity.toFixed(3)}  ${trackLabel(r)}`);
      if (seed.startsWith('Narrator')) console.log(`  (vectors: ${source.note})`);
    }
    return Promise.resolve();
  },
};

/** The demo's clock: listening is simulated over the two months before it. */
const DEMO_NOW = Date.parse('2026-06-01T12:00:00Z');
const DAY = 86_400_000;

/** Simulated listeners: which artists they love (played to the end, liked), put up with, or skip. */
const LISTENERS: { name: string; loves: string[]; skips: string[]; dislikes?: string }[] = [
  { name: 'ana', loves: ['Demo Band - Sunrise Drive', 'Dance Unit', 'Brass Club', 'Organ Trio'], skips: ['Pad Lab', 'Narrator'], dislikes: 'Pad Lab - Floating' },
  { name: 'ben', loves: ['Demo Band - Slow Piano', 'Pad Lab', 'Demo Band - Night Walk', 'String Theory'], skips: ['Dance Unit', 'Brass Club'], dislikes: 'Brass Club - Fanfare' },
  { name: 'cleo', loves: ['Narrator', 'Radio Host'], skips: ['Dance Unit', 'Organ Trio', 'Brass Club'] },
];

const listen: DemoStep = {
  title: 'Simulated listeners play it for two months (audiio-ml listen / rate, then profile)',
  run(ctx) {
    const rand = seededRandom(2026);
    const tracks = listTracks(ctx.db).filter((t) => t.path);
    const label = (id: string) => trackLabel(getTrack(ctx.db, id)!);
    for (const l of LISTENERS) {
      addUser(ctx.db, l.name);
      const events: ListenEntry[] = [];
      for (let day = 60; day > 0; day--) {
        for (let k = 0; k < 4; k++) {
          const t = tracks[Math.floor(rand() * tracks.length)];
          const name = trackLabel(t);
          const love = l.loves.some((a) => name.startsWith(a));
          const skip = l.skips.some((a) => name.startsWith(a));
          if (!love && !skip && rand() < 0.5) continue; // not every track comes up
          const len = t.durationSec ?? SONG_SEC;
          const timestamp = DEMO_NOW - day * DAY + k * 3600_000 + Math.floor(rand() * 600_000);
          events.push(
            skip
              ? { trackId: t.id, timestamp, duration: 3 + rand() * 8 } // skipped after a few seconds
              : { trackId: t.id, timestamp, duration: love ? len : len * (0.5 + rand() * 0.5), completed: love },
          );
        }
      }
      const r = recordListens(ctx.db, l.name, events, { source: 'demo', now: DEMO_NOW });
      const liked = tracks.filter((t) => l.loves.some((a) => trackLabel(t).startsWith(a))).slice(0, 2);
      for (const t of liked) rateTrack(ctx.db, l.name, t.id, 'like', { at: DEMO_NOW - 7 * DAY, now: DEMO_NOW, source: 'demo' });
      const disliked = l.dislikes ? tracks.find((t) => trackLabel(t) === l.dislikes) : undefined;
      if (disliked) rateTrack(ctx.db, l.name, disliked.id, 'dislike', { at: DEMO_NOW - 3 * DAY, now: DEMO_NOW, source: 'demo' });
      console.log(`  ${l.name}: ${r.recorded} plays, ${liked.length} likes${disliked ? ', 1 dislike' : ''}`);
    }
    const p = buildUserProfile(ctx.db, ctx.dbPath, 'ana', { now: DEMO_NOW });
    console.log(`
  profile of ana (audiio-ml profile --user ana):`);
    console.log(`    ${p.counts.plays} plays (${p.counts.skips} skips) of ${p.counts.tracks} tracks; liked ${p.liked.map(label).join(', ')}; disliked ${p.disliked.map(label).join(', ')}`);
    console.log(`    top artists: ${p.topArtists.slice(0, 4).map((a) => `${a.name} (${a.weight.toFixed(2)})`).join(', ')}`);
    console.log(`    tastes (${p.vectors} vectors):`);
    for (const [i, c] of p.tasteClusters.entries()) console.log(`      ${i + 1}. ${Math.round(c.share * 100)}%: ${c.trackIds.length} tracks, e.g. ${label(c.exampleTrackId)}`);
    console.log(`    recently played: ${p.recentlyPlayed.slice(0, 3).map(label).join(' · ')}`);
    return Promise.resolve();
  },
};

/** The demo, in order. */
const STEPS: DemoStep[] = [renderLibrary, analyse, similar, listen];

async function main(): Promise<void> {
  const i = process.argv.indexOf('--out');
  const outDir = resolve(i > 0 ? process.argv[i + 1] : 'demo-out');
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const dbPath = join(outDir, 'library.db');
  const ctx: DemoContext = {
    outDir,
    libraryDir: join(outDir, 'library'),
    dbPath,
    db: openLibrary(dbPath),
    truth: new Map(),
    analysed: new Map(),
  };
  try {
    for (const [n, step] of STEPS.entries()) {
      console.log(`\n${n + 1}. ${step.title}`);
      await step.run(ctx);
    }
  } finally {
    ctx.db.close();
  }
}

await main();
