import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, openLibrary, type AudioFeatures, type TrainLibraryResult } from '@audiio-ml/ml-core';
import { getCurrentModelVersion, loadEmbeddings } from '../packages/ml-core/src/store/embeddings.js';
import { saveFeatures, upsertTrack } from '../packages/ml-core/src/store/tracks.js';
import { syntheticTasteData } from '@audiio-ml/synth';
import { upsertInteractions, upsertUsers } from '../packages/ml-core/src/store/interactions.js';
import { runCli } from './helpers/cli.js';

/** The object `train --json` prints: the library call's result, with the model's version in place of the model (the training summary follows). */
type TrainSummary = Omit<TrainLibraryResult, 'model'> & { version: string; collabMethod: string | null; collabPairs: number | null };

let dir: string;
let dbPath: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audiio-train-'));
  dbPath = join(dir, 'library.db');
  const { input } = syntheticTasteData({ itemsPerGroup: 40, usersPerGroup: 6, likesPerUser: 10, artistsPerGroup: 3, audioSignal: true, seed: 4 });
  const db = openLibrary(dbPath);
  input.items.ids.forEach((id, i) => {
    upsertTrack(db, {
      id, path: null, size: null, mtimeMs: null, title: id, artist: input.items.artist[i], album: null, albumId: `alb${i % 7}`,
      genre: null, releaseDate: null, year: null, durationSec: null, popularity: null, source: 'test',
    });
    const features = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, input.items.features![i * 10 + j]])) as unknown as AudioFeatures;
    saveFeatures(db, { trackId: id, featuresVersion: 1, features, keyConfidence: null, descriptors: null, descriptorsVersion: null });
  });
  upsertUsers(db, input.users.map((id) => ({ id, name: null, source: 'test' })));
  upsertInteractions(
    db,
    input.users.flatMap((u, r) =>
      Array.from(input.train.indices.subarray(input.train.indptr[r], input.train.indptr[r + 1]), (i) => ({ userId: u, trackId: input.items.ids[i], weight: 1, timestamp: null })),
    ),
  );
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('audiio-ml train / embed', () => {
  it('trains, saves the model beside the database, embeds the library; embed then has nothing to do', () => {
    const r = runCli(['--db', dbPath, 'train', '--artists', '--albums', '--epochs', '2', '--seed', '3', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as TrainSummary;
    expect(out.version).toMatch(/^emb1-[0-9a-f]{12}$/);
    expect(out.dir).toBe(join(dir, 'models', out.version));
    expect(existsSync(join(out.dir, 'model.json'))).toBe(true);
    expect(existsSync(join(out.dir, 'weights.bin'))).toBe(true);
    expect(out).toMatchObject({ users: 12, tracks: 80, embedded: 80, skipped: 0, artists: true, albums: true, loss: 'infonce' });
    // The collaborative model is trained beside it, on the same evidence.
    expect(existsSync(join(out.dir, 'collab.json'))).toBe(true);
    expect(existsSync(join(out.dir, 'collab.bin'))).toBe(true);
    expect(out).toMatchObject({ collabMethod: 'ease+rp3beta', collabPairs: out.interactions });
    const db = openLibrary(dbPath);
    expect(getCurrentModelVersion(db)).toBe(out.version);
    expect(loadEmbeddings(db, out.version)).toHaveLength(80);
    db.prepare('DELETE FROM embeddings WHERE rowid IN (SELECT rowid FROM embeddings LIMIT 3)').run();
    db.close();
    const e = runCli(['--db', dbPath, 'embed', '--batch', '32', '--json']);
    expect(e.status, e.stderr).toBe(0);
    expect(JSON.parse(e.stdout)).toMatchObject({ version: out.version, embedded: 3, skipped: 77 });
  });

  it('rejects bad options and a missing model with a clear message', () => {
    const bad = runCli(['--db', dbPath, 'train', '--loss', 'hinge']);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--loss must be infonce or margin/);
    const none = runCli(['--db', join(dir, 'empty.db'), 'embed']);
    expect(none.status).toBe(1);
    expect(none.stderr).toMatch(/NOT_FOUND.*audiio-ml train/);
  });
});
