import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isAudiioError } from '../errors.js';
import { toCsr } from '../ranking/interactions.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { CollaborativeModel } from './model.js';
import { COLLAB_DATA_FILE, COLLAB_FORMAT_VERSION, COLLAB_META_FILE, type CollabMeta } from './persist.js';

/** A seeded random weighted matrix. */
function random(nUsers: number, nItems: number, seed: number): InteractionMatrix {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: number[] = [];
  const cols: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems - 1; i++) {
      if (rnd() < 0.4) {
        rows.push(u);
        cols.push(i);
        w.push(1 + Math.floor(rnd() * 9));
      }
    }
  }
  return toCsr(nUsers, nItems, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(w));
}

const dirOf = () => mkdtempSync(join(tmpdir(), 'audiio-collab-'));
const histories: [number[], number[]][] = [[[0, 3], [2, 1]], [[1], [5]], [[2, 4, 5], [1, 1, 3]]];

function expectBadModel(dir: string, pattern: RegExp): void {
  try {
    CollaborativeModel.load(dir);
    expect.unreachable();
  } catch (err) {
    expect(isAudiioError(err, 'BAD_MODEL')).toBe(true);
    expect(String(err)).toMatch(pattern);
  }
}

describe('save / load', () => {
  const cases = [
    ['EASE item form + RP3β', random(20, 8, 3), { blend: 0.4 }, 'ease+rp3beta', 'item'],
    ['EASE user form', random(5, 12, 4), { blend: 0 }, 'ease', 'user'],
    ['RP3β alone', random(6, 10, 5), { blend: 1, k: 3 }, 'rp3beta', null],
  ] as const;
  for (const [label, m, options, method, form] of cases) {
    it(`round-trips ${label}: same method, options and scores`, () => {
      const itemIds = Array.from({ length: m.nItems }, (_, i) => `track-${i}`);
      const model = CollaborativeModel.train(m, { ...options, itemIds });
      expect(model.method).toBe(method);
      expect(model.state.ease?.form ?? null).toBe(form);
      const dir = dirOf();
      model.save(dir);
      const back = CollaborativeModel.load(dir);
      expect(back.method).toBe(method);
      expect(back.state.options).toEqual(model.state.options);
      expect(back.state.nUsers).toBe(m.nUsers);
      const a = new Float32Array(m.nItems);
      const b = new Float32Array(m.nItems);
      for (const [items, weights] of histories) {
        model.scoreHistory(items, weights, a);
        back.scoreHistory(items, weights, b);
        expect(b).toEqual(a);
      }
      const meta = JSON.parse(readFileSync(join(dir, COLLAB_META_FILE), 'utf8')) as CollabMeta;
      expect(meta.formatVersion).toBe(COLLAB_FORMAT_VERSION);
      expect(meta.checksum).toMatch(/^sha256:[0-9a-f]{64}$/);
      rmSync(dir, { recursive: true });
    });
  }

  describe('rejects corrupt or incompatible files with BAD_MODEL', () => {
    const saved = () => {
      const dir = dirOf();
      CollaborativeModel.train(random(6, 10, 5), { blend: 0.5 }).save(dir);
      return dir;
    };
    const editMeta = (dir: string, edit: (meta: Record<string, unknown>) => void) => {
      const path = join(dir, COLLAB_META_FILE);
      const meta = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
      edit(meta);
      writeFileSync(path, JSON.stringify(meta));
    };

    it('a flipped payload byte (checksum), a truncated or missing payload', () => {
      let dir = saved();
      const bin = readFileSync(join(dir, COLLAB_DATA_FILE));
      bin[bin.length >> 1] ^= 0xff;
      writeFileSync(join(dir, COLLAB_DATA_FILE), bin);
      expectBadModel(dir, /payload is corrupt \(checksum mismatch\); train the collaborative model again/);
      dir = saved();
      truncateSync(join(dir, COLLAB_DATA_FILE), 16);
      expectBadModel(dir, /payload is 16 bytes, its metadata says \d+/);
      dir = saved();
      rmSync(join(dir, COLLAB_DATA_FILE));
      expectBadModel(dir, /payload is missing or unreadable/);
    });

    it('metadata that is not JSON, of another format version, or off its schema', () => {
      let dir = saved();
      writeFileSync(join(dir, COLLAB_META_FILE), '{"format": "audiio-ml-col');
      expectBadModel(dir, /metadata is corrupt \(not JSON\)/);
      dir = saved();
      editMeta(dir, (m) => (m.formatVersion = COLLAB_FORMAT_VERSION + 1));
      expectBadModel(dir, new RegExp(`format ${COLLAB_FORMAT_VERSION + 1} is not the supported ${COLLAB_FORMAT_VERSION}`));
      dir = saved();
      editMeta(dir, (m) => delete m.checksum);
      expectBadModel(dir, /metadata is corrupt \(checksum: /);
      dir = saved();
      editMeta(dir, (m) => ((m.params as Record<string, unknown>).weighting = 'sqrt'));
      expectBadModel(dir, /inconsistent \(parameters: weighting/);
      dir = saved();
      editMeta(dir, (m) => (m.method = 'als'));
      expectBadModel(dir, /unknown method als/);
    });

    it('arrays that do not fit the model (even with a valid checksum)', () => {
      const dir = saved();
      const meta = JSON.parse(readFileSync(join(dir, COLLAB_META_FILE), 'utf8')) as CollabMeta;
      const bin = readFileSync(join(dir, COLLAB_DATA_FILE));
      const e = meta.arrays.find((a) => a.name === 'graphIndices');
      expect(e).toBeDefined();
      bin.writeInt32LE(99, e!.offset); // an item index beyond the catalogue
      writeFileSync(join(dir, COLLAB_DATA_FILE), bin);
      meta.checksum = `sha256:${createHash('sha256').update(bin).digest('hex')}`;
      writeFileSync(join(dir, COLLAB_META_FILE), JSON.stringify(meta));
      expectBadModel(dir, /graph refers to index 99 outside 0…9/);
    });

    it('NOT_FOUND when nothing is saved there', () => {
      try {
        CollaborativeModel.load(join(dirOf(), 'nothing'));
        expect.unreachable();
      } catch (err) {
        expect(isAudiioError(err, 'NOT_FOUND')).toBe(true);
      }
    });
  });
});
