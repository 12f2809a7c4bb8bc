import { describe, expect, it } from 'vitest';
import { Matrix, inverse } from 'ml-matrix';
import { toCsr } from '../ranking/interactions.js';
import type { InteractionMatrix } from '../ranking/types.js';
import { fitEase, scoreEase, scoreEaseHistory } from './ease.js';

/** A random weighted matrix (seeded LCG), with item `nItems − 1` never interacted with. */
function random(nUsers: number, nItems: number, seed: number): InteractionMatrix {
  let s = seed;
  const rnd = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const rows: number[] = [];
  const cols: number[] = [];
  const w: number[] = [];
  for (let u = 0; u < nUsers; u++) {
    for (let i = 0; i < nItems - 1; i++) {
      if (rnd() < 0.45) {
        rows.push(u);
        cols.push(i);
        w.push(1 + Math.floor(rnd() * 4));
      }
    }
  }
  return toCsr(nUsers, nItems, Int32Array.from(rows), Int32Array.from(cols), Float32Array.from(w));
}

/** x·B of Steck 2019 with ml-matrix: B = I − P·diag(P)⁻¹, P = (XᵀX + λI)⁻¹ over the warm items. */
function closedForm(m: InteractionMatrix, lambda: number, items: number[], weights: number[]): Map<number, number> {
  const warm = [...Array(m.nItems).keys()].filter((i) => m.indices.includes(i));
  const x = Matrix.zeros(m.nUsers, warm.length);
  for (let u = 0; u < m.nUsers; u++) for (let p = m.indptr[u]; p < m.indptr[u + 1]; p++) x.set(u, warm.indexOf(m.indices[p]), m.weights[p]);
  const p = inverse(x.transpose().mmul(x).add(Matrix.eye(warm.length).mul(lambda)));
  return new Map(
    warm.map((j, b) => {
      let s = 0;
      items.forEach((i, q) => {
        const a = warm.indexOf(i);
        if (a >= 0 && a !== b) s -= (weights[q] * p.get(a, b)) / p.get(b, b);
      });
      return [j, s];
    }),
  );
}

describe('EASE fold-in', () => {
  for (const [form, nUsers, nItems] of [['user', 5, 9], ['item', 12, 6]] as const) {
    it(`${form} form: fold-in of a training row equals the fitted score, and any history equals x·B`, () => {
      const m = random(nUsers, nItems, 7);
      const f = fitEase(m, 3);
      expect(f.form).toBe(form);
      const fitted = new Float32Array(nItems);
      const folded = new Float32Array(nItems);
      for (let u = 0; u < nUsers; u++) {
        scoreEase(f, u, fitted);
        scoreEaseHistory(f, m.indices.subarray(m.indptr[u], m.indptr[u + 1]), m.weights.subarray(m.indptr[u], m.indptr[u + 1]), folded);
        for (let j = 0; j < nItems - 1; j++) expect(folded[j]).toBeCloseTo(fitted[j], 4);
        expect(folded[nItems - 1]).toBe(-Infinity); // never interacted with
      }
      // A new listener: items 0 and 2 with weights 2 and 1, item 1 with 0.5.
      const items = [0, 1, 2];
      const weights = [2, 0.5, 1];
      scoreEaseHistory(f, items, weights, folded);
      const want = closedForm(m, 3, items, weights);
      expect(want.size).toBe(nItems - 1);
      for (const [j, v] of want) expect(folded[j]).toBeCloseTo(v, 4);
    });
  }
});
