import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FEATURE_NAMES, type AudioFeatures } from '../features/types.js';
import { listEvidence } from '../history/evidence.js';
import { rateTrack, recordListens } from '../history/record.js';
import { addUser } from '../history/users.js';
import { openLibrary, type LibraryDb } from '../store/db.js';
import { upsertInteractions, upsertUsers } from '../store/interactions.js';
import { saveFeatures, upsertTrack } from '../store/tracks.js';
import { openLibraryCollab, trainLibraryCollab } from './library.js';

const NOW = Date.parse('2026-03-01T12:00:00Z');
const HOUR = 3_600_000;
let dir: string;

/** 30 tracks of 200 s in two groups (t00–t14, t15–t29); 8 playlist users per group, each holding 10 of its group. */
function library(): { db: LibraryDb; dbPath: string } {
  dir = mkdtempSync(join(tmpdir(), 'audiio-collab-lib-'));
  const dbPath = join(dir, 'library.db');
  const db = openLibrary(dbPath);
  for (let i = 0; i < 30; i++) {
    const id = `t${String(i).padStart(2, '0')}`;
    upsertTrack(db, {
      id, path: null, size: null, mtimeMs: null, title: id, artist: `a${i % 6}`, album: null, albumId: null,
      genre: null, releaseDate: null, year: null, durationSec: 200, popularity: null, source: 'test',
    });
    const features = Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, ((i * 7 + j * 3) % 10) / 10])) as unknown as AudioFeatures;
    saveFeatures(db, { trackId: id, featuresVersion: 1, features, keyConfidence: null, descriptors: null, descriptorsVersion: null });
  }
  const users = Array.from({ length: 16 }, (_, u) => `p${u}`);
  upsertUsers(db, users.map((id) => ({ id, name: null, source: 'test' })));
  upsertInteractions(
    db,
    users.flatMap((userId, u) =>
      Array.from({ length: 10 }, (_, q) => {
        const i = (u < 8 ? 0 : 15) + ((u + q * 2) % 15);
        return { userId, trackId: `t${String(i).padStart(2, '0')}`, weight: 1, timestamp: null };
      }),
    ),
  );
  return { db, dbPath };
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('evidence', () => {
  it('adds completed (× 1.5) and other non-skip plays to imported weights; likes double; skips add nothing; a dislike removes the pair', () => {
    const { db } = library();
    addUser(db, 'ana');
    upsertInteractions(db, [
      { userId: 'ana', trackId: 't03', weight: 1, timestamp: null },
      { userId: 'ana', trackId: 't04', weight: 1, timestamp: null },
    ]);
    const play = (trackId: string, h: number, duration: number, completed: boolean) => ({ trackId, timestamp: NOW - h * HOUR, duration, completed });
    const r = recordListens(db, 'ana', [
      play('t00', 9, 200, true), play('t00', 8, 200, true), // 2 completed → 3
      play('t01', 7, 150, false), // neither completed nor a skip → 1, liked → max(1, 1) × 2 = 2
      play('t02', 5, 5, false), play('t02', 4, 8, false), // only skips → left out
      play('t04', 2, 200, true), // playlist 1 + completed 1.5
    ], { now: NOW });
    expect(r.failed).toEqual([]);
    rateTrack(db, 'ana', 't01', 'like', { now: NOW });
    rateTrack(db, 'ana', 't03', 'dislike', { now: NOW }); // in a playlist, disliked → left out
    rateTrack(db, 'ana', 't05', 'like', { now: NOW }); // liked, never played → max(0, 1) × 2 = 2
    expect(listEvidence(db, 'ana').map((e) => [e.trackId, e.weight])).toEqual([['t00', 3], ['t01', 2], ['t04', 2.5], ['t05', 2]]);
    expect(listEvidence(db).filter((e) => e.userId === 'ana')).toHaveLength(4);
    db.close();
  });
});

describe('the library collaborative model', () => {
  it('trains beside the library, recommends from current evidence (fold-in) and finds co-listened tracks', () => {
    const { db, dbPath } = library();
    expect(openLibraryCollab(db, dbPath)).toBeNull();
    const trained = trainLibraryCollab(db, dbPath, { dir: join(dir, 'models', 'm1') });
    expect(trained).toMatchObject({ dir: join(dir, 'models', 'm1'), users: 16, tracks: 30, pairs: 160 });
    const collab = openLibraryCollab(db, dbPath)!;
    expect(collab.trackIds).toHaveLength(30);
    addUser(db, 'ben');
    expect(collab.recommend(db, 'ben', 5)).toEqual([]);
    recordListens(db, 'ben', [{ trackId: 't16', timestamp: NOW - HOUR, duration: 200, completed: true }], { now: NOW });
    const recs = collab.recommend(db, 'ben', 5);
    expect(recs).toHaveLength(5);
    for (const r of recs) expect(Number(r.trackId.slice(1))).toBeGreaterThanOrEqual(15); // the group t16 belongs to
    expect(recs.map((r) => r.trackId)).not.toContain('t16');
    // A new listen counts at once, without retraining: it leaves the list and moves the rest.
    recordListens(db, 'ben', [{ trackId: recs[0].trackId, timestamp: NOW, duration: 200, completed: true }], { now: NOW + 1 });
    const again = collab.recommend(db, 'ben', 5);
    expect(again.map((r) => r.trackId)).not.toContain(recs[0].trackId);
    const similar = collab.similar('t02', 3);
    expect(similar).toHaveLength(3);
    for (const r of similar) expect(Number(r.trackId.slice(1))).toBeLessThan(15);
    expect(collab.similar('nope', 3)).toEqual([]);
    db.close();
  });

  it('refuses a corrupt model file with BAD_MODEL and says how to rebuild it', () => {
    const { db, dbPath } = library();
    const { dir: modelDir } = trainLibraryCollab(db, dbPath);
    expect(modelDir).toBe(join(dir, 'models', 'collab'));
    const bin = join(modelDir, 'collab.bin');
    const bytes = readFileSync(bin);
    bytes[bytes.length - 1] ^= 0xff;
    writeFileSync(bin, bytes);
    expect(() => openLibraryCollab(db, dbPath)).toThrow(/checksum[\s\S]*audiio-ml train/);
    try {
      openLibraryCollab(db, dbPath);
    } catch (e) {
      expect((e as { code?: string }).code).toBe('BAD_MODEL');
    }
    db.close();
  });
});
