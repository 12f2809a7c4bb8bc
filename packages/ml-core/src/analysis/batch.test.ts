import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { analyzeLibrary, type AnalyzedFile, type AnalyzeSummary } from './batch.js';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { FEATURE_NAMES, FEATURE_RANGES } from '../features/types.js';
import { FEATURES_VERSION } from '../features/extract.js';
import { fileTrackId, getFeatures, getTrack, listAnalysisErrors } from '../store/tracks.js';
import { tempDir, writeEdgeCaseLibrary, type FixtureExpectation } from '@audiio-ml/synth';

// One hour at 8 kHz mono: 57.6 MB, decoded and analysed like any other file.
const LONG_SEC = 3600;

let dir: string;
let db: LibraryDb;
let expected: Map<string, FixtureExpectation>;
let first: { summary: AnalyzeSummary; files: Map<string, AnalyzedFile> };

async function run(opts: { force?: boolean } = {}) {
  const files = new Map<string, AnalyzedFile>();
  const summary = await analyzeLibrary(db, dir, { jobs: 2, ...opts, onFile: (f) => files.set(relative(dir, f.path), f) });
  return { summary, files };
}

beforeAll(async () => {
  dir = tempDir('audiio-batch-');
  expected = await writeEdgeCaseLibrary(dir, { longSeconds: LONG_SEC });
  db = openLibrary(join(tempDir('audiio-batch-db-'), 'lib.db'));
  first = await run();
  if (process.env.AUDIIO_TEST_VERBOSE) for (const [name, f] of first.files) console.log(name, f.ok ? f.features : f.error);
}, 180_000);

afterAll(() => db?.close());

describe('analyzeLibrary on bad and unusual input', () => {
  it('reports every audio file once, and only audio files', () => {
    expect([...first.files.keys()].sort()).toEqual([...expected.keys()].sort());
    expect(first.summary.found).toBe(expected.size);
  });

  it('gives each file a valid result or a clear error naming it; the batch goes on', () => {
    for (const [name, exp] of expected) {
      const f = first.files.get(name)!;
      if (exp.ok === true) expect(f.ok, `${name}: ${f.error?.message}`).toBe(true);
      if (exp.ok === false) expect(f.ok, name).toBe(false);
      if (f.ok) {
        for (const k of FEATURE_NAMES) {
          const [lo, hi] = FEATURE_RANGES[k];
          expect(f.features![k], `${name} ${k}`).toBeGreaterThanOrEqual(lo);
          expect(f.features![k], `${name} ${k}`).toBeLessThanOrEqual(hi);
        }
        if (exp.durationSec !== undefined) expect(f.durationSec!).toBeCloseTo(exp.durationSec, 1);
      } else {
        expect(f.error!.message).toContain(f.path);
        expect(f.error!.code).toMatch(/^(FILE_UNREADABLE|DECODE_FAILED|AUDIO_UNUSABLE)$/);
      }
    }
    const failed = [...first.files.values()].filter((f) => !f.ok).length;
    expect(first.summary.failed).toBe(failed);
    expect(first.summary.analyzed).toBe(expected.size - failed);
  });

  it('analyses the clean song to its rendered tempo and key', () => {
    const f = first.files.get('Test Artist - Clean Song.wav')!;
    const t = f.features!.tempo;
    expect([60, 120, 240].some((x) => Math.abs(t - x) / x < 0.04), `tempo ${t}`).toBe(true);
    expect(f.features!.key).toBe(9);
    expect(f.features!.mode).toBe(0);
    expect(f.tags).toMatchObject({ artist: 'Test Artist', title: 'Clean Song' });
  });

  it('stores tracks, features (current version) and errors in the library', () => {
    for (const f of first.files.values()) {
      const id = fileTrackId(f.path);
      if (f.ok) {
        expect(getTrack(db, id)).toMatchObject({ path: f.path, source: 'file' });
        expect(getFeatures(db, id)?.featuresVersion).toBe(FEATURES_VERSION);
      } else expect(getFeatures(db, id)).toBeUndefined();
    }
    const errors = listAnalysisErrors(db);
    expect(errors.map((e) => e.path).sort()).toEqual([...first.files.values()].filter((f) => !f.ok).map((f) => f.path).sort());
  });
});

describe('incremental analysis', () => {
  it('skips unchanged files on a second run and retries failures', async () => {
    const second = await run();
    expect(second.summary.analyzed).toBe(0);
    expect(second.summary.unchanged).toBe(first.summary.analyzed);
    expect(second.summary.failed).toBe(first.summary.failed);
    const skipped = [...second.files.values()].filter((f) => f.skipped);
    expect(skipped).toHaveLength(first.summary.analyzed);
    // Skipped files report their stored result.
    const clean = second.files.get('Test Artist - Clean Song.wav')!;
    expect(clean).toMatchObject({ ok: true, skipped: true });
    expect(clean.features).toEqual(first.files.get('Test Artist - Clean Song.wav')!.features);
  });

  it('re-analyses a file whose mtime changed, and rows of an older featuresVersion', async () => {
    const changed = join(dir, 'silence.wav');
    utimesSync(changed, new Date(), new Date(Date.now() + 5000));
    const stale = join(dir, 'short-0.3s.wav');
    db.prepare('UPDATE features SET features_version = ? WHERE track_id = ?').run(FEATURES_VERSION - 1, fileTrackId(stale));
    const r = await run();
    expect(r.summary.analyzed).toBe(2);
    expect(r.files.get('silence.wav')!.skipped).toBe(false);
    expect(r.files.get('short-0.3s.wav')!.skipped).toBe(false);
    expect(getFeatures(db, fileTrackId(stale))!.featuresVersion).toBe(FEATURES_VERSION);
  });

  it('drops the stored features of a file that changed into garbage', async () => {
    const p = join(dir, 'nested', 'deeper', 'rate-16k-stereo.wav');
    expect(getFeatures(db, fileTrackId(p))).toBeDefined();
    writeFileSync(p, 'not audio any more');
    const r = await run();
    expect(r.files.get('nested/deeper/rate-16k-stereo.wav')!.ok).toBe(false);
    expect(getFeatures(db, fileTrackId(p))).toBeUndefined();
    expect(listAnalysisErrors(db).some((e) => e.path === p)).toBe(true);
  });

  it('rejects a bad jobs count and a missing folder before doing anything', async () => {
    await expect(analyzeLibrary(db, dir, { jobs: 0 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(analyzeLibrary(db, dir, { jobs: 1.5 })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(analyzeLibrary(db, join(dir, 'missing'))).rejects.toMatchObject({ code: 'FILE_UNREADABLE' });
  });

  it('re-analyses everything with force', async () => {
    rmSync(join(dir, 'long.wav')); // analysed once is enough
    const r = await run({ force: true });
    expect(r.summary.unchanged).toBe(0);
    expect(r.summary.analyzed + r.summary.failed).toBe(r.summary.found);
  });
});
