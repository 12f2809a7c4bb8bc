/**
 * Listening-history benchmark (`npm run bench:history`): every figure of the listening-history
 * issue, on synthetic data written into a fresh library in a temporary folder.
 *
 *   npm run bench:history                       # everything (a few minutes)
 *   npm run bench:history -- --only ingest      # ingest | import | profile | collab (repeatable)
 *   npm run bench:history -- --json             # one JSON object per figure
 *
 * - ingest: events/s through `recordListens` (zod validation, event ids, derived state) into the
 *   embedded database (file, WAL), batches of 1, 100 and 10,000 events (goal ≥ 50,000 events/s
 *   batched);
 * - import: a 1M-listen ListenBrainz export ZIP (written here) through `importListenExport`;
 * - profile: `buildUserProfile` p50/p99 over users with 100, 10,000 and 100,000 listens, events
 *   read from the database each time (goal p99 < 20 ms at 10,000);
 * - collab: training time and peak memory of the collaborative model at 100k tracks × 10k users ×
 *   10M listens (in a child process; scripts/bench-collab.ts).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import yazl from 'yazl';
import { addUser, importListenExport, openLibrary, recordListens, type LibraryDb, type ListenEntry } from '@audiio-ml/ml-core';
import { seededRandom } from '../packages/ml-core/src/random.js';
import { inTransaction } from '../packages/ml-core/src/store/db.js';
import { saveEmbeddings, setCurrentModelVersion } from '../packages/ml-core/src/store/embeddings.js';
import { upsertTrack } from '../packages/ml-core/src/store/tracks.js';
import { UserProfileBuilder } from '../packages/ml-core/src/profile/builder.js';
import { libraryProfileSource } from '../packages/ml-core/src/profile/library.js';
import { clusteredUnitVectors } from '@audiio-ml/synth';
import { printScale, runScale } from './bench-collab.js';

const { values: opt } = parseArgs({
  options: {
    only: { type: 'string', multiple: true },
    json: { type: 'boolean', default: false },
    tracks: { type: 'string', default: '100000' },
    help: { type: 'boolean', default: false },
  },
});
if (opt.help) {
  process.stdout.write('npm run bench:history -- [--only ingest|import|profile|collab]... [--json] [--tracks 100000]\n');
  process.exit(0);
}
const want = (part: string) => !opt.only || opt.only.includes(part);
const N_TRACKS = Number(opt.tracks);
const DAY = 86_400_000;
const NOW = Date.parse('2026-06-01T00:00:00Z');

/** Prints one figure. */
function emit(figure: string, value: Record<string, number | string>, text: string): void {
  process.stdout.write(opt.json ? JSON.stringify({ figure, ...value }) + '\n' : `${text}\n`);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

/** A library of `n` tracks (artists and genres cycle) with 128-d embeddings of a current model. */
function makeLibrary(dir: string, n: number): { db: LibraryDb; path: string } {
  const path = join(dir, 'lib.db');
  const db = openLibrary(path);
  const vectors = clusteredUnitVectors(n, 128, { clusters: 64, seed: 3 });
  inTransaction(db, () => {
    for (let i = 0; i < n; i++) {
      upsertTrack(db, {
        id: `t${i}`, path: null, size: null, mtimeMs: null, title: `Song ${i}`, artist: `Artist ${i % 5000}`, album: null, albumId: null,
        genre: `genre ${i % 40}`, releaseDate: null, year: null, durationSec: 180 + (i % 120), popularity: null, source: 'bench',
      });
    }
  });
  saveEmbeddings(db, 'bench-model', Array.from({ length: n }, (_, i) => ({ trackId: `t${i}`, vector: vectors.subarray(i * 128, (i + 1) * 128) })));
  setCurrentModelVersion(db, 'bench-model');
  return { db, path };
}

/** `n` listens of one user spread over a year before NOW, Zipf-ish over a taste of 2,000 tracks. */
function listens(n: number, seed: number, startOffset = 0): ListenEntry[] {
  const rand = seededRandom(seed);
  const taste = Array.from({ length: 2000 }, () => Math.floor(rand() * N_TRACKS));
  return Array.from({ length: n }, (_, i) => ({
    trackId: `t${taste[Math.floor(taste.length * rand() ** 2)]}`,
    timestamp: NOW - 366 * DAY + Math.floor(((i + startOffset) / (n + startOffset)) * 365 * DAY) + i,
    duration: rand() < 0.15 ? 10 + rand() * 20 : 120 + rand() * 100,
    completed: rand() < 0.6,
    ...(rand() < 0.01 ? { rating: rand() < 0.8 ? ('like' as const) : ('dislike' as const) } : {}),
  }));
}

function ingest(db: LibraryDb): void {
  for (const [batch, total] of [[1, 20_000], [100, 200_000], [10_000, 1_000_000]] as const) {
    const user = `ingest-${batch}`;
    addUser(db, user);
    const events = listens(total, batch);
    const t = performance.now();
    let recorded = 0;
    for (let i = 0; i < total; i += batch) recorded += recordListens(db, user, events.slice(i, i + batch), { now: NOW }).recorded;
    const sec = (performance.now() - t) / 1000;
    const perSec = Math.round(recorded / sec);
    emit('ingest', { batch, events: recorded, seconds: Number(sec.toFixed(2)), eventsPerSec: perSec }, `ingest  batch ${String(batch).padStart(6)}: ${recorded} events in ${sec.toFixed(2)} s = ${perSec.toLocaleString('en-US')} events/s${batch === 10_000 ? ` (goal ≥ 50,000 batched: ${perSec >= 50_000 ? 'met' : 'NOT met'})` : ''}`);
  }
}

/**
 * Writes a ListenBrainz export ZIP of `n` listens (one JSON Lines file per month, as the service
 * writes them) over the library's tracks; one listen in ten names a track the library lacks, one
 * in five carries a recording MBID nobody knows (so name matching does the work).
 */
async function writeListenBrainzZip(path: string, n: number): Promise<void> {
  const rand = seededRandom(11);
  const zip = new yazl.ZipFile();
  const perMonth = Math.ceil(n / 12);
  for (let m = 0; m < 12; m++) {
    const lines: string[] = [];
    for (let i = m * perMonth; i < Math.min(n, (m + 1) * perMonth); i++) {
      const t = Math.floor(rand() * N_TRACKS);
      const known = rand() >= 0.1;
      lines.push(JSON.stringify({
        listened_at: Math.floor((NOW - 365 * DAY) / 1000) + Math.floor((i / n) * 365 * 86_400),
        track_metadata: {
          artist_name: known ? `Artist ${t % 5000}` : `Unknown Band ${t % 700}`,
          track_name: known ? `Song ${t}` : `Lost Song ${t}`,
          release_name: 'An Album',
          additional_info: { duration_ms: (180 + (t % 120)) * 1000, ...(rand() < 0.2 ? { recording_mbid: `${t.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000` } : {}) },
        },
      }));
    }
    zip.addBuffer(Buffer.from(lines.join('\n') + '\n'), `listens/2025/${m + 1}.jsonl`);
  }
  zip.addBuffer(Buffer.from(''), 'feedback.jsonl');
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', () => resolve());
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}

async function importSpeed(db: LibraryDb, dir: string): Promise<void> {
  const n = 1_000_000;
  const path = join(dir, 'listenbrainz-export.zip');
  await writeListenBrainzZip(path, n);
  addUser(db, 'import-lb');
  const t = performance.now();
  const r = await importListenExport(db, 'import-lb', path, 'listenbrainz', { now: NOW });
  const sec = (performance.now() - t) / 1000;
  const perSec = Math.round(r.read / sec);
  const mb = statSync(path).size / 1024 / 1024;
  emit('import', { format: 'listenbrainz', listens: r.read, matched: r.matched, unmatched: r.unmatched, zipMB: Number(mb.toFixed(1)), seconds: Number(sec.toFixed(2)), listensPerSec: perSec },
    `import  ListenBrainz ZIP of ${r.read.toLocaleString('en-US')} listens (${mb.toFixed(0)} MB): ${sec.toFixed(1)} s = ${perSec.toLocaleString('en-US')} listens/s (${r.matched.toLocaleString('en-US')} matched, ${r.unmatched.toLocaleString('en-US')} unmatched)`);
}

function collab(): void {
  const r = runScale({ items: 100_000, users: 10_000, listens: 10_000_000 });
  if (opt.json) emit('collab', { items: r.items, users: r.users, listens: r.listens, pairs: r.pairs, trainSeconds: Number(r.trainSeconds.toFixed(1)), peakRssMB: Math.round(r.peakRssMB), foldInMs: Number(r.foldInMs.toFixed(2)), method: r.method }, '');
  else printScale(r);
}

function profile(db: LibraryDb, path: string): void {
  const source = libraryProfileSource(db, path);
  const builder = new UserProfileBuilder(source);
  for (const [n, reps] of [[100, 300], [10_000, 100], [100_000, 20]] as const) {
    const user = `profile-${n}`;
    addUser(db, user);
    const events = listens(n, n + 7);
    for (let i = 0; i < n; i += 10_000) recordListens(db, user, events.slice(i, i + 10_000), { now: NOW });
    for (let w = 0; w < 20; w++) builder.buildProfile(user, NOW); // warm-up: JIT, and the collection of the set-up garbage
    const ms: number[] = [];
    let clusters = 0;
    for (let r = 0; r < reps; r++) {
      const t = performance.now();
      const p = builder.buildProfile(user, NOW);
      ms.push(performance.now() - t);
      clusters = p.tasteClusters.length;
    }
    const p50 = pct(ms, 50);
    const p99 = pct(ms, 99);
    emit('profile', { listens: n, p50Ms: Number(p50.toFixed(2)), p99Ms: Number(p99.toFixed(2)), clusters }, `profile ${String(n).padStart(6)} listens: p50 ${p50.toFixed(2)} ms, p99 ${p99.toFixed(2)} ms (${reps} builds, ${clusters} taste clusters)${n === 10_000 ? ` (goal p99 < 20 ms: ${p99 < 20 ? 'met' : 'NOT met'})` : ''}`);
  }
}

const dir = mkdtempSync(join(tmpdir(), 'audiio-bench-history-'));
try {
  const { db, path } = makeLibrary(dir, N_TRACKS);
  if (!opt.json) process.stdout.write(`bench:history — a library of ${N_TRACKS.toLocaleString('en-US')} tracks in ${dir}\n`);
  if (want('ingest')) ingest(db);
  if (want('import')) await importSpeed(db, dir);
  if (want('profile')) profile(db, path);
  db.close();
  if (want('collab')) collab();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
