import { describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ParamValue } from '@audiio-ml/ml-core';
import { runCli } from './helpers/cli.js';

/** One line of `eval --json`: the model, its parameters, every metric by name (`recall@10`, `ndcg@20`…), timings, and the tuning when asked. */
interface EvalLine {
  model: string;
  params: Record<string, ParamValue>;
  [metric: `${string}@${number}`]: number;
  seconds: number;
  fitSeconds: number;
  users: number;
  tuned?: { metric: string; value: number; trials: number };
}

const dir = mkdtempSync(join(tmpdir(), 'audiio-eval-cli-'));
const file = (name: string, lines: string[]) => {
  const p = join(dir, name);
  writeFileSync(p, lines.join('\n') + '\n');
  return p;
};

// Six items by three artists; u1..u4 trained, each with one held-out item.
const items = file('items.csv', [
  'item,artist,tempo,key,mode,energy,danceability,valence,acousticness,instrumentalness,speechiness,loudness',
  'a,X,100,0,1,0.2,0.5,0.5,0.5,0.5,0.05,-8',
  'b,X,104,1,1,0.25,0.5,0.5,0.5,0.5,0.05,-8',
  'c,Y,160,5,0,0.8,0.7,0.3,0.1,0.0,0.05,-5',
  'd,Y,150,6,0,0.9,0.6,0.3,0.2,0.0,0.05,-5',
  'e,Z,120,9,1,0.5,0.6,0.6,0.4,0.2,0.3,-7',
  'f,Z,125,9,1,0.5,0.6,0.6,0.4,0.2,0.3,-7',
]);
const train = file('train.csv', ['user,item', 'u1,a', 'u1,c', 'u2,c', 'u2,e', 'u3,a', 'u3,e', 'u4,c']);
const test = file('test.csv', ['user,item', 'u1,b', 'u2,d', 'u3,f', 'u4,d']);

describe('audiio-ml eval', () => {
  it('prints one JSON object per model with the documented fields, and draws the chart', () => {
    const svg = join(dir, 'chart.svg');
    const r = runCli(['eval', '--train', train, '--test', test, '--items', items, '--model', 'popularity', '--model', 'itemknn:k=2,shrink=0', '--model', 'content:artist=4', '--json', '--plot', svg]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as EvalLine);
    expect(lines.map((l) => l.model)).toEqual(['popularity', 'itemknn', 'content']);
    for (const l of lines) {
      for (const k of ['params', 'recall@10', 'recall@20', 'recall@50', 'ndcg@10', 'ndcg@20', 'ndcg@50', 'coverage@20', 'seconds']) expect(l).toHaveProperty(k);
    }
    expect(lines[1].params).toEqual({ k: 2, shrink: 0 });
    // Popularity: counts a2 c3 e2 (b d f cold). u1 (a, c) ranks e, b, d, f → b at rank 2;
    // u2 (c, e) ranks a, b, d, f → d at 3; u3 (a, e) ranks c, b, d, f → f at 4; u4 (c) ranks a, e, b, d, f → d at 4.
    const p = lines[0];
    expect(p['recall@10']).toBe(1);
    const dcg = (r: number) => 1 / Math.log2(r + 1);
    expect(p['ndcg@10']).toBeCloseTo((dcg(2) + dcg(3) + dcg(4) + dcg(4)) / 4, 10);
    expect(p['coverage@20']).toBe(1);
    expect(existsSync(svg) && readFileSync(svg, 'utf8')).toMatch(/^<svg[\s\S]*content:artist=4[\s\S]*<\/svg>/);
  });

  it('prints a table, and tunes on the validation files when asked', () => {
    const table = runCli(['eval', '--train', train, '--test', test, '--items', items, '--model', 'random', '--k', '5']);
    expect(table.status).toBe(0);
    expect(table.stdout).toMatch(/model\s+R@5\s+N@5\s+cov@20\s+artists@20\s+seconds\nrandom\s+\d\.\d{4}/);
    const tuned = runCli(['eval', '--train', train, '--test', test, '--items', items, '--model', 'content', '--tune', '--val-train', train, '--val', test, '--json']);
    expect(tuned.status).toBe(0);
    const row = JSON.parse(tuned.stdout.trim()) as EvalLine;
    expect(row.tuned).toMatchObject({ metric: 'ndcg@20', trials: 5 });
    expect([0, 4, 16, 64, 256]).toContain(row.params.artist);
  });

  it('reports unknown users and items and malformed lines with line numbers (exit 2), and bad arguments (exit 1)', () => {
    const badTest = file('bad-test.csv', ['user,item', 'u1,b', 'ghost,a', 'u2,nope', 'u3,f,1,2,3', 'u4,d']);
    const r = runCli(['eval', '--train', train, '--test', badTest, '--items', items, '--model', 'popularity']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad-test\.csv: skipped 3 row\(s\)/);
    expect(r.stderr).toMatch(/1 × user has no training interactions \(unknown user\) \(line 3\)/);
    expect(r.stderr).toMatch(/1 × item not in the items file \(unknown item\) \(line 4\)/);
    expect(r.stderr).toMatch(/malformed CSV line .* \(line 5\)/);
    expect(r.stdout).toMatch(/popularity/);

    const empty = file('empty.csv', ['']);
    const e = runCli(['eval', '--train', empty, '--test', test, '--model', 'popularity']);
    expect(e.status).toBe(1);
    expect(e.stderr).toMatch(/\[BAD_FILE\] .*empty\.csv: the file is empty/);

    const unknown = runCli(['eval', '--train', train, '--test', test, '--model', 'nosuch']);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/unknown model "nosuch"/);

    const noVal = runCli(['eval', '--train', train, '--test', test, '--model', 'ease', '--tune']);
    expect(noVal.status).toBe(1);
    expect(noVal.stderr).toMatch(/--tune needs --val-train and --val/);
  });

  it('reports a model that cannot run and still evaluates the others (exit 2)', () => {
    const r = runCli(['eval', '--train', train, '--test', test, '--model', 'content', '--model', 'ease:lambda=10,max_gram=2', '--model', 'rp3beta']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/model content:artist=0 failed: \[BAD_ARGUMENT\] content: the catalogue has no audio features/);
    expect(r.stderr).toMatch(/ease:lambda=10,max_gram=2 failed: .*exceed max_gram=2/);
    expect(r.stdout).toMatch(/rp3beta:alpha=0.5,beta=0.25/);
  });
});
