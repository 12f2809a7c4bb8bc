import { describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type AudioFeatures } from '../features/types.js';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { getCurrentModelVersion, loadEmbeddings, tracksMissingEmbeddings } from '../store/embeddings.js';
import { upsertInteractions, upsertUsers } from '../store/interactions.js';
import { saveFeatures, upsertTrack } from '../store/tracks.js';
import { embedLibrary, loadTrainingSet, modelDirOf, recordModelDir } from './library.js';
import { trainEmbeddingModel } from './train.js';
import { syntheticTasteData } from '@audiio-ml/synth';

/** A library holding a synthetic two-taste dataset. */
function syntheticLibrary(): LibraryDb {
  const { input } = syntheticTasteData({ itemsPerGroup: 40, usersPerGroup: 5, likesPerUser: 8, artistsPerGroup: 3, audioSignal: true, seed: 9 });
  const db = openLibrary(':memory:');
  input.items.ids.forEach((id, i) => {
    upsertTrack(db, {
      id, path: null, size: null, mtimeMs: null, title: id, artist: input.items.artist[i], album: `alb${i % 5}`, albumId: null,
      genre: null, releaseDate: null, year: null, durationSec: null, popularity: null, source: 'test',
    });
    const features = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, input.items.features![i * 10 + j]])) as unknown as AudioFeatures;
    saveFeatures(db, { trackId: id, featuresVersion: 1, features, keyConfidence: null, descriptors: null, descriptorsVersion: null });
  });
  upsertUsers(db, input.users.map((id) => ({ id, name: null, source: 'test' })));
  const rows = input.users.flatMap((u, r) =>
    Array.from(input.train.indices.subarray(input.train.indptr[r], input.train.indptr[r + 1]), (i) => ({ userId: u, trackId: input.items.ids[i], weight: 1, timestamp: null })),
  );
  upsertInteractions(db, rows);
  return db;
}

describe('library training and embedding', () => {
  it('reads the catalogue and interactions, embeds every track once, and resumes', async () => {
    const db = syntheticLibrary();
    const set = loadTrainingSet(db, 1);
    expect(set.items.ids).toHaveLength(80);
    expect([...set.items.ids].sort()).toEqual(set.items.ids);
    expect(set.users).toHaveLength(10);
    expect(set.train.indices).toHaveLength(80);
    expect(set.items.album[3]).toBe(`${set.items.artist[3]} / alb3`);
    const model = await trainEmbeddingModel(set, { artists: true, albums: true, dim: 8, hidden: [8, 8], epochs: 1, batchSize: 16 });
    expect(embedLibrary(db, model, { batchSize: 7 })).toEqual({ embedded: 80, skipped: 0 });
    expect(getCurrentModelVersion(db)).toBe(model.version);
    const stored = loadEmbeddings(db, model.version);
    expect(stored).toHaveLength(80);
    expect(stored[0].vector).toEqual(model.embedArrays(set.items.features!.subarray(0, 10), new Int32Array([model.artistRow(set.items.artist[0])]), new Int32Array([model.albumRow(set.items.album[0])])));
    db.prepare(`DELETE FROM embeddings WHERE track_id IN (?, ?)`).run(set.items.ids[0], set.items.ids[5]);
    expect(tracksMissingEmbeddings(db, model.version)).toEqual([set.items.ids[0], set.items.ids[5]]);
    expect(embedLibrary(db, model)).toEqual({ embedded: 2, skipped: 78 });
    expect(embedLibrary(db, model)).toEqual({ embedded: 0, skipped: 80 });
    expect(modelDirOf(db, '/x/library.db')).toBe(`/x/models/${model.version}`);
    recordModelDir(db, '/elsewhere');
    expect(modelDirOf(db, '/x/library.db')).toBe('/elsewhere');
    model.dispose();
    db.close();
  });

  it('refuses a library without interactions', () => {
    const db = openLibrary(':memory:');
    expect(() => loadTrainingSet(db)).toThrow(/no analysed or imported tracks/);
    db.close();
  });
});
