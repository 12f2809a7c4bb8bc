import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAudiioError } from '../errors.js';
import { openLibrary } from '../store/db.js';
import { saveEmbeddings, setCurrentModelVersion } from '../store/embeddings.js';
import { upsertTrack } from '../store/tracks.js';
import { ExactTrackIndex } from './exact.js';
import { chooseIndexKind, createTrackIndex, EXACT_CROSSOVER_SIZE } from './factory.js';
import { HnswTrackIndex } from './hnsw.js';
import { loadTrackIndex, openLibraryTrackIndex, trackIndexBasePath } from './persist.js';
import type { TrackIndex } from './types.js';
import { clusteredUnitVectors } from '@audiio-ml/synth';

const DIM = 8;
const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(join(tmpdir(), 'audiio-index-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isAudiioError(err) ? `${err.code}: ${err.message}` : `other: ${String(err)}`;
  }
  return undefined;
}

describe.each([
  ['exact', () => new ExactTrackIndex(DIM), '.vec'],
  ['hnsw', () => new HnswTrackIndex(DIM, { ef: 50 }), '.hnsw'],
] as const)('%s save/load', (_name, make, ext) => {
  const data = clusteredUnitVectors(300, DIM, { seed: 11 });
  const build = (): TrackIndex => {
    const index = make();
    for (let i = 0; i < 300; i++) index.add(`t${i}`, data.subarray(i * DIM, (i + 1) * DIM));
    index.remove('t10');
    return index;
  };

  it('round-trips: same tracks, same answers, still editable', () => {
    const base = join(tmp(), 'index', 'm1');
    const index = build();
    index.save(base, { modelVersion: 'm1', embeddingsCount: 299 });
    expect(existsSync(base + ext)).toBe(true);
    const back = loadTrackIndex(base, { modelVersion: 'm1', dim: DIM, embeddingsCount: 299 });
    expect(back.kind).toBe(index.kind);
    expect(back.size()).toBe(299);
    expect(back.has('t10')).toBe(false);
    const q = data.subarray(5 * DIM, 6 * DIM);
    expect(back.findSimilar(q, 10)).toEqual(index.findSimilar(q, 10));
    back.add('t10', data.subarray(10 * DIM, 11 * DIM));
    back.add('extra', data.subarray(20 * DIM, 21 * DIM));
    expect(back.size()).toBe(301);
    expect(back.findSimilar(data.subarray(10 * DIM, 11 * DIM), 1)[0].id).toBe('t10');
  });

  it('detects a corrupt data file, a corrupt sidecar and a missing one', () => {
    const base = join(tmp(), 'm1');
    build().save(base, { modelVersion: 'm1' });
    const bytes = readFileSync(base + ext);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(base + ext, bytes);
    expect(codeOf(() => loadTrackIndex(base))).toMatch(/^BAD_MODEL: .*checksum mismatch/);
    writeFileSync(base + '.json', '{"format": "audiio-ml-track-ind');
    expect(codeOf(() => loadTrackIndex(base))).toMatch(/^BAD_MODEL: .*sidecar is corrupt/);
    writeFileSync(base + '.json', JSON.stringify({ format: 'audiio-ml-track-index', formatVersion: 99 }));
    expect(codeOf(() => loadTrackIndex(base))).toMatch(/^BAD_MODEL: .*format 99 is not the supported 1/);
    expect(codeOf(() => loadTrackIndex(join(tmp(), 'none')))).toMatch(/^NOT_FOUND/);
  });

  it('detects a stale file (other model version, other embeddings count)', () => {
    const base = join(tmp(), 'm1');
    build().save(base, { modelVersion: 'm1', embeddingsCount: 299 });
    expect(codeOf(() => loadTrackIndex(base, { modelVersion: 'm2' }))).toMatch(/^BAD_MODEL: .*stale: built for embedding model m1, the current one is m2/);
    expect(codeOf(() => loadTrackIndex(base, { embeddingsCount: 400 }))).toMatch(/stale: built from 299 embeddings, the library now stores 400/);
    expect(codeOf(() => loadTrackIndex(base, { dim: 16 }))).toMatch(/stale: holds 8-d vectors/);
  });
});

describe('openLibraryTrackIndex', () => {
  it('builds, loads, rebuilds when stale or corrupt, and says why', () => {
    const dbPath = join(tmp(), 'library.db');
    const db = openLibrary(dbPath);
    const data = clusteredUnitVectors(50, DIM, { seed: 5 });
    const rows = Array.from({ length: 50 }, (_, i) => ({ trackId: `t${i}`, vector: data.slice(i * DIM, (i + 1) * DIM) }));
    for (const r of rows) {
      upsertTrack(db, { id: r.trackId, path: null, size: null, mtimeMs: null, title: r.trackId, artist: 'a', album: null, albumId: null,
        genre: null, releaseDate: null, year: null, durationSec: null, popularity: null, source: 'test' });
    }
    expect(codeOf(() => openLibraryTrackIndex(db, dbPath))).toMatch(/^NOT_FOUND: no embedding model/);
    saveEmbeddings(db, 'v1', rows.slice(0, 40));
    setCurrentModelVersion(db, 'v1');
    const messages: string[] = [];
    const onMessage = (m: string) => messages.push(m);

    const first = openLibraryTrackIndex(db, dbPath, { onMessage });
    expect(first.status).toBe('built');
    expect(first.basePath).toBe(trackIndexBasePath(dbPath, 'v1'));
    expect(first.index.size()).toBe(40);
    expect(first.index.kind).toBe('exact');

    const second = openLibraryTrackIndex(db, dbPath, { onMessage });
    expect(second.status).toBe('loaded');
    expect(second.index.findSimilar(rows[3].vector, 3)).toEqual(first.index.findSimilar(rows[3].vector, 3));

    // more embeddings stored: stale by count
    saveEmbeddings(db, 'v1', rows.slice(40));
    const third = openLibraryTrackIndex(db, dbPath, { onMessage });
    expect(third.status).toBe('rebuilt');
    expect(third.reason).toMatch(/built from 40 embeddings, the library now stores 50/);
    expect(third.index.size()).toBe(50);
    expect(messages.at(-1)).toMatch(/not using the saved track index: .*stale.*rebuilding it from 50 embeddings of model v1/);

    // corrupt data file
    writeFileSync(third.basePath + '.vec', Buffer.from('garbage'));
    const fourth = openLibraryTrackIndex(db, dbPath, { onMessage });
    expect(fourth.status).toBe('rebuilt');
    expect(fourth.reason).toMatch(/checksum mismatch/);
    expect(openLibraryTrackIndex(db, dbPath).status).toBe('loaded');

    // new model version: its own file
    saveEmbeddings(db, 'v2', rows.slice(0, 10));
    setCurrentModelVersion(db, 'v2');
    const fifth = openLibraryTrackIndex(db, dbPath, { onMessage, create: { kind: 'hnsw' } });
    expect(fifth.status).toBe('built');
    expect(fifth.index.kind).toBe('hnsw');
    expect(fifth.index.size()).toBe(10);
    expect(openLibraryTrackIndex(db, dbPath).index.kind).toBe('hnsw');
    db.close();
  });
});

describe('createTrackIndex', () => {
  it('picks exact below the crossover and HNSW from it on', () => {
    expect(chooseIndexKind(0)).toBe('exact');
    expect(chooseIndexKind(EXACT_CROSSOVER_SIZE - 1)).toBe('exact');
    expect(chooseIndexKind(EXACT_CROSSOVER_SIZE)).toBe('hnsw');
    expect(createTrackIndex({ dim: 4, expectedSize: 10 }).kind).toBe('exact');
    expect(createTrackIndex({ dim: 4, expectedSize: EXACT_CROSSOVER_SIZE * 2 }).kind).toBe('hnsw');
    expect(createTrackIndex({ dim: 4, expectedSize: 10, kind: 'hnsw' }).kind).toBe('hnsw');
  });
});
