import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEvalDataset, loadEvalDataset } from './dataset.js';
import { evaluate } from './harness.js';
import { findModel, formatModel, paramGrid, parseModelSpec } from './registry.js';
import { tuneModel } from './tune.js';
import { renderMetricsSvg } from './plot.js';
import type { InteractionRecord } from '../import/records.js';
import type { Recommender } from '../ranking/types.js';
import { isAudiioError } from '../errors.js';

const pairs = (s: string): InteractionRecord[] =>
  s.split(' ').map((p, k) => {
    const [user, item] = p.split(':');
    return { user, item, weight: 1, timestamp: null, line: k + 2 };
  });

/** Scores every item 0 except the listed ones. */
function fixed(scores: Record<string, number>): Recommender {
  let ids: string[] = [];
  return {
    name: 'fixed',
    params: {},
    fit: (input) => void (ids = input.items.ids),
    scoreUser: (_u, out) => ids.forEach((id, i) => (out[i] = scores[id] ?? 0)),
  };
}

describe('evaluate', () => {
  // Catalogue (code-point order): A B a b c d. u1 trained on a, held out b and d; u2 trained on b, held out A.
  const data = buildEvalDataset({ train: pairs('u1:a u2:b u3:c'), test: pairs('u1:b u1:d u2:A'), items: undefined });

  it('masks training items, breaks ties by item id in code-point order, averages over users', async () => {
    expect(data.items.ids).toEqual(['A', 'a', 'b', 'c', 'd']);
    // All ties: u1 ranks A, b, c, d (a masked); u2 ranks A, a, c, d (b masked).
    const r = await evaluate(fixed({}), data, { ks: [1, 2, 10] });
    expect(r.users).toBe(2); // u3 has nothing held out
    // u1: R@1 0, R@2 = 1/2 (b at rank 2); u2: R@1 = 1 (A first).
    expect(r.metrics['recall@1']).toBeCloseTo((0 + 1) / 2, 12);
    expect(r.metrics['recall@2']).toBeCloseTo((0.5 + 1) / 2, 12);
    expect(r.metrics['recall@10']).toBeCloseTo((1 + 1) / 2, 12); // fewer held-out items than K
    const u1n10 = (1 / Math.log2(3) + 1 / Math.log2(5)) / (1 + 1 / Math.log2(3));
    expect(r.metrics['ndcg@10']).toBeCloseTo((u1n10 + 1) / 2, 12);
    // top-20 lists cover A b c d (u1) and A a c d (u2): all 5 items.
    expect(r.metrics['coverage@20']).toBe(1);
  });

  it('ranks by score before id and streams users through one buffer', async () => {
    const r = await evaluate(fixed({ d: 5, a: 9 }), data, { ks: [1] });
    // u1: d first (a masked) → hit; u2: a first → miss.
    expect(r.metrics['recall@1']).toBe(0.5);
    expect(r.model).toBe('fixed');
  });
});

describe('loading a split', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audiio-eval-'));
  const file = (name: string, text: string) => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  it('reports unknown users and items of the test file and malformed lines with line numbers', () => {
    const train = file('train.csv', 'user,item,weight\nu1,a\nu1,b,2\nu2,a\n,zz\nu2,c,notanumber\n"u3,a\n');
    const test = file('test.csv', 'user,item\nu1,c\nu9,a\nu2,q\nu1,a\n');
    const items = file('items.csv', 'item,artist\na,X\nb,Y\nc,X\n');
    const data = loadEvalDataset({ train, test, items });
    const byPath = Object.fromEntries(data.issues.map((f) => [f.path, f.issues]));
    expect(byPath[train]).toEqual([
      { line: 5, reason: 'missing user' },
      { line: 6, reason: 'weight is not a positive number' },
      expect.objectContaining({ line: 7, reason: expect.stringMatching(/malformed CSV line/) }),
    ]);
    expect(byPath[test]).toEqual([
      { line: 3, reason: 'user has no training interactions (unknown user)' },
      { line: 4, reason: 'item not in the items file (unknown item)' },
      { line: 5, reason: 'pair is also in the training file' },
    ]);
    expect(data.test.indices.length).toBe(1);
    expect(data.items.artist).toEqual(['X', 'Y', 'X']);
  });

  it('rejects empty files and files without the user,item header', () => {
    const empty = file('empty.csv', '');
    const ok = file('ok.csv', 'user,item\nu,a\n');
    expect(() => loadEvalDataset({ train: empty, test: ok })).toThrowError(/empty/);
    const noHeader = file('nohead.csv', 'u,a\nu,b\n');
    try {
      loadEvalDataset({ train: noHeader, test: ok });
      expect.unreachable();
    } catch (err) {
      expect(isAudiioError(err, 'BAD_FILE')).toBe(true);
      expect(String(err)).toMatch(/nohead\.csv:1: missing column\(s\) user, item/);
    }
    expect(() => loadEvalDataset({ train: join(dir, 'nope.csv'), test: ok })).toThrowError(/cannot read/);
  });

  it('derives a track genre from training memberships only (leakage rule)', () => {
    const header =
      'track_id,track_name,track_artist,track_popularity,track_album_id,track_album_name,track_album_release_date,playlist_name,playlist_id,playlist_genre,playlist_subgenre,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms';
    const row = (t: string, p: string, g: string) => `${t},n,art,50,al,Al,2019-01-01,P,${p},${g},sub,0.5,0.5,5,-6,1,0.1,0.1,0,0.1,0.5,120,200000`;
    const songs = file('songs.csv', [header, row('t1', 'p1', 'rock'), row('t1', 'p2', 'pop'), row('t1', 'p3', 'pop'), row('t2', 'p1', 'rock')].join('\n'));
    const train = file('tr.csv', 'user,item\np1,t1\np1,t2\np2,t2\n');
    const test = file('te.csv', 'user,item\np2,t1\n');
    const data = loadEvalDataset({ train, test, items: songs });
    // t1 is held out for p2 (pop) and p3 has no training pairs at all: only p1's "rock" may be used.
    expect(data.items.genre).toEqual(['rock', 'rock']);
    expect(data.items.features?.length).toBe(20);
  });
});

describe('model registry and tuning', () => {
  it('parses NAME:key=value specs, with defaults and clear errors', () => {
    const spec = parseModelSpec('itemknn:k=50,shrink=0');
    expect(spec.params).toEqual({ k: 50, shrink: 0 });
    expect(parseModelSpec('ease').params.lambda).toBe(100);
    expect(() => parseModelSpec('nosuch')).toThrowError(/unknown model "nosuch"; known: random, popularity/);
    expect(() => parseModelSpec('itemknn:q=1')).toThrowError(/no parameter "q" \(known: k, shrink\)/);
    expect(() => parseModelSpec('itemknn:k=ten')).toThrowError(/k must be a number/);
    expect(() => parseModelSpec('ease:lambda')).toThrowError(/expected key=value/);
    expect(formatModel('itemknn', { k: 50, shrink: 0 })).toBe('itemknn:k=50,shrink=0');
  });

  it('builds the grid from declared values, keeping given parameters fixed', () => {
    const f = findModel('rp3beta');
    expect(paramGrid(f)).toHaveLength(12);
    expect(paramGrid(f, { beta: 0 }).every((p) => p.beta === 0)).toBe(true);
    expect(paramGrid(f, { beta: 0 })).toHaveLength(4);
  });

  it('tunes on the validation split and picks the best value', async () => {
    // Validation users like items by their training artist; audio alone points at a look-alike (c1, d1)
    // by another artist: cosine(a1, a2) = −1, cosine(a1, c1) = 1, so only an artist weight > 2 ranks a2 first.
    const f = { a1: [100, 0.2], a2: [160, 0.8], c1: [100, 0.2], b1: [160, 0.2], b2: [100, 0.8], d1: [160, 0.2] };
    const items = Object.entries(f).map(([id, [tempo, energy]]) => ({
      id, title: null, artist: id[0], album: null, albumId: null, genre: null, releaseDate: null, popularity: NaN, durationSec: null,
      features: Float32Array.from([tempo, 3, 1, energy, 0.5, 0.5, 0.5, 0.5, 0.5, -8]),
      line: 0,
    }));
    const val = buildEvalDataset({ train: pairs('u1:a1 u2:b1'), test: pairs('u1:a2 u2:b2'), items });
    const t = await tuneModel(findModel('content'), {}, val, { metric: 'recall@1', ks: [10] });
    expect(t.trials).toHaveLength(5);
    expect(t.trials[0].value).toBe(0); // artist = 0: the look-alike wins
    expect(t.best.artist).toBe(4); // the first grid value above 2
    expect(t.bestValue).toBe(1);
    await expect(tuneModel(findModel('popularity'), {}, val, { metric: 'nope@3' })).rejects.toThrow(/unknown tuning metric/);
  });

  it('draws an SVG with one line per model in each panel', () => {
    const svg = renderMetricsSvg(
      [
        { label: 'ease:lambda=100', metrics: { 'recall@10': 0.02, 'recall@20': 0.03, 'ndcg@10': 0.01, 'ndcg@20': 0.02 } },
        { label: 'a<b', metrics: { 'recall@10': 0.1, 'recall@20': 0.2, 'ndcg@10': 0.1, 'ndcg@20': 0.15 } },
      ],
      [10, 20],
    );
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/<polyline/g)).toHaveLength(4);
    expect(svg).toContain('a&lt;b');
    expect(svg).toContain('Recall@K');
  });
});
