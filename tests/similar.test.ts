import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openLibrary, type AudioFeatures, type SimilarTrack } from '@audiio-ml/ml-core';
import { saveEmbeddings, setCurrentModelVersion } from '../packages/ml-core/src/store/embeddings.js';
import { saveFeatures, upsertTrack } from '../packages/ml-core/src/store/tracks.js';
import { trackIndexBasePath } from '../packages/ml-core/src/track-index/persist.js';
import { runCli } from './helpers/cli.js';

/** The object `similar --json` prints. */
interface SimilarJson {
  track: { id: string; artist: string | null; title: string | null; path: string | null };
  vectors: 'content' | 'embedding';
  modelVersion: string | null;
  index: { kind: 'exact' | 'hnsw'; size: number; status: string };
  results: SimilarTrack[];
}

let dir: string;
let dbPath: string;

/** Three styles of four tracks each; within a style, features (and embeddings) are close. */
const STYLES = [
  { artist: 'Calm Band', base: { tempo: 70, energy: 0.2, danceability: 0.3, acousticness: 0.9, loudness: -20 } },
  { artist: 'Club Act', base: { tempo: 128, energy: 0.9, danceability: 0.9, acousticness: 0.05, loudness: -5 } },
  { artist: 'Rock Group', base: { tempo: 150, energy: 0.8, danceability: 0.4, acousticness: 0.1, loudness: -7 } },
];

function features(style: number, i: number): AudioFeatures {
  const b = STYLES[style].base;
  return {
    tempo: b.tempo + i,
    key: (style * 4 + i) % 12,
    mode: 1,
    energy: b.energy + i * 0.01,
    danceability: b.danceability,
    valence: 0.5,
    acousticness: b.acousticness,
    instrumentalness: 0.1,
    speechiness: 0.05,
    loudness: b.loudness,
  };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'audiio-similar-'));
  dbPath = join(dir, 'library.db');
  const db = openLibrary(dbPath);
  STYLES.forEach((s, style) => {
    for (let i = 0; i < 4; i++) {
      const id = `s${style}t${i}`;
      upsertTrack(db, {
        id, path: join(dir, `${id}.mp3`), size: 1, mtimeMs: 1, title: `Song ${i}`, artist: s.artist, album: null, albumId: null,
        genre: null, releaseDate: null, year: null, durationSec: 200, popularity: null, source: 'file',
      });
      saveFeatures(db, { trackId: id, featuresVersion: 1, features: features(style, i), keyConfidence: 0.5, descriptors: null, descriptorsVersion: null });
    }
  });
  // a second track titled like another artist's, to make "artist - title" ambiguous
  upsertTrack(db, {
    id: 'dup', path: null, size: null, mtimeMs: null, title: 'Song 1', artist: 'calm band', album: 'Live', albumId: null,
    genre: null, releaseDate: null, year: null, durationSec: null, popularity: null, source: 'test',
  });
  db.close();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const similar = (...args: string[]) => runCli(['--db', dbPath, 'similar', ...args]);

describe('audiio-ml similar', () => {
  it('falls back to content vectors before any model is trained, and says so', () => {
    const r = similar('s1t0', '--k', '3');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/similar to Club Act - Song 0 \(s1t0\)/);
    expect(r.stdout).toMatch(/vectors: content vectors of 12 analysed tracks \(no embedding model trained yet; exact search\)/);
    const lines = r.stdout.trim().split('\n').slice(2);
    expect(lines).toHaveLength(3);
    for (const l of lines) expect(l).toMatch(/^\s+\d\s+[-0-9.]+\s+Club Act - Song [123]\s+\(s1t[123]\)$/);
  });

  it('finds the track by path and by "artist - title" and prints JSON', () => {
    const byPath = JSON.parse(similar(join(dir, 's2t1.mp3'), '--json').stdout) as SimilarJson;
    expect(byPath.track.id).toBe('s2t1');
    expect(byPath.vectors).toBe('content');
    expect(byPath.results).toHaveLength(10);
    expect(byPath.results.slice(0, 3).map((x: { id: string }) => x.id).sort()).toEqual(['s2t0', 's2t2', 's2t3']);
    expect(byPath.results.map((x: { id: string }) => x.id)).not.toContain('s2t1');
    for (let i = 1; i < byPath.results.length; i++) expect(byPath.results[i - 1].similarity).toBeGreaterThanOrEqual(byPath.results[i].similarity);
    const byName = JSON.parse(similar('Rock Group - Song 2', '--json', '--k', '2').stdout) as SimilarJson;
    expect(byName.track.id).toBe('s2t2');
    expect(byName.results).toHaveLength(2);
  });

  it('explains unknown and ambiguous tracks, listing candidates', () => {
    const unknown = similar('Song 3');
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/\[NOT_FOUND\] no track with id, path or "artist - title" "Song 3"; close matches:/);
    expect(unknown.stderr).toMatch(/s0t3\s+Calm Band - Song 3/);
    const ambiguous = similar('Calm Band - Song 1');
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toMatch(/\[BAD_ARGUMENT\] "Calm Band - Song 1" matches 2 tracks/);
    expect(ambiguous.stderr).toMatch(/dup\s+calm band - Song 1\s+\[Live\]/);
    expect(ambiguous.stderr).toMatch(/s0t1\s+Calm Band - Song 1/);
    const badK = similar('s0t0', '--k', '0');
    expect(badK.status).toBe(1);
    expect(badK.stderr).toMatch(/--k must be an integer from 1 to 1000/);
  });

  it('uses the current embedding model, persists its index beside the db, and rebuilds a corrupt one', () => {
    const db = openLibrary(dbPath);
    // embeddings: style direction plus a small per-track offset; style 0 and 2 swapped vs features
    const rows = [];
    for (let style = 0; style < 3; style++) {
      for (let i = 0; i < 4; i++) {
        const v = new Float32Array(8);
        v[(2 - style) * 2] = 1;
        v[7] = 0.1 * i;
        rows.push({ trackId: `s${style}t${i}`, vector: v });
      }
    }
    saveEmbeddings(db, 'emb-1', rows);
    setCurrentModelVersion(db, 'emb-1');
    db.close();

    const first = similar('s0t0', '--json', '--k', '3');
    expect(first.status).toBe(0);
    expect(first.stderr).toMatch(/building the track index from 12 embeddings of model emb-1/);
    const out = JSON.parse(first.stdout) as SimilarJson;
    expect(out.vectors).toBe('embedding');
    expect(out.modelVersion).toBe('emb-1');
    expect(out.index).toEqual({ kind: 'exact', size: 12, status: 'built' });
    expect(out.results.map((x: { id: string }) => x.id)).toEqual(['s0t1', 's0t2', 's0t3']);
    expect(out.results[0].similarity).toBeGreaterThan(0.99);
    const base = trackIndexBasePath(dbPath, 'emb-1');
    expect(base).toBe(join(dir, 'index', 'emb-1'));
    expect(existsSync(base + '.json')).toBe(true);

    const second = similar('s0t0');
    expect(second.stderr).toBe('');
    expect(second.stdout).toMatch(/vectors: embedding model emb-1 \(exact index, 12 tracks, loaded\)/);

    writeFileSync(base + '.vec', 'not vectors');
    const third = similar('s0t0', '--json');
    expect(third.status).toBe(0);
    expect(third.stderr).toMatch(/not using the saved track index: .*checksum mismatch\); rebuilding it from 12 embeddings of model emb-1/);
    expect((JSON.parse(third.stdout) as SimilarJson).index.status).toBe('rebuilt');

    // a track without an embedding
    const noEmb = similar('dup');
    expect(noEmb.status).toBe(1);
    expect(noEmb.stderr).toMatch(/\[NOT_FOUND\] track dup \(calm band - Song 1\) has no embedding for model emb-1/);
  });
});
