import { AudiioError } from '../errors.js';

/**
 * Copies `v` into `out` (at `offset`) scaled to unit L2 norm, so that cosine
 * similarity becomes a dot product.
 *
 * @throws AudiioError `BAD_ARGUMENT` on a wrong length, a non-finite value or a zero vector.
 */
export function normalizeInto(v: ArrayLike<number>, dim: number, out: Float32Array, offset = 0): void {
  if (v.length !== dim) throw new AudiioError('BAD_ARGUMENT', `vector has ${v.length} dimensions, the index expects ${dim}`);
  let sq = 0;
  for (let i = 0; i < dim; i++) sq += v[i] * v[i];
  if (!Number.isFinite(sq) || sq === 0) {
    throw new AudiioError('BAD_ARGUMENT', sq === 0 ? 'zero vector has no direction (cosine undefined)' : 'vector has a non-finite value');
  }
  const inv = 1 / Math.sqrt(sq);
  for (let i = 0; i < dim; i++) out[offset + i] = v[i] * inv;
}

/** A unit-norm copy of `v` as a Float32Array (see {@link normalizeInto}). */
export function normalized(v: ArrayLike<number>, dim: number): Float32Array {
  const out = new Float32Array(dim);
  normalizeInto(v, dim, out);
  return out;
}

/**
 * Bounded min-heap keeping the `k` largest scores seen, with an integer payload
 * each (a row or label). Typed arrays, no allocation per push.
 */
export class TopK {
  readonly scores: Float64Array;
  readonly items: Int32Array;
  length = 0;

  constructor(readonly k: number) {
    this.scores = new Float64Array(Math.max(k, 1));
    this.items = new Int32Array(Math.max(k, 1));
  }

  /** The smallest kept score, or -Infinity while fewer than k are kept. */
  threshold(): number {
    return this.length < this.k ? -Infinity : this.scores[0];
  }

  /** Offers a scored item; it is kept when it is among the k best so far. */
  push(score: number, item: number): void {
    const s = this.scores;
    const it = this.items;
    if (this.length < this.k) {
      let i = this.length++;
      while (i > 0) {
        const p = (i - 1) >> 1;
        if (s[p] <= score) break;
        s[i] = s[p];
        it[i] = it[p];
        i = p;
      }
      s[i] = score;
      it[i] = item;
      return;
    }
    if (this.k === 0 || score <= s[0]) return;
    const n = this.length;
    let i = 0;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= n) break;
      if (c + 1 < n && s[c + 1] < s[c]) c++;
      if (s[c] >= score) break;
      s[i] = s[c];
      it[i] = it[c];
      i = c;
    }
    s[i] = score;
    it[i] = item;
  }

  /** The kept items with their scores, best first. */
  sorted(): { item: number; score: number }[] {
    const out: { item: number; score: number }[] = [];
    for (let i = 0; i < this.length; i++) out.push({ item: this.items[i], score: this.scores[i] });
    return out.sort((a, b) => b.score - a.score || a.item - b.item);
  }
}

/** The exclusion option as a Set (no copy when it already is one). */
export function toSet(exclude: ReadonlySet<string> | readonly string[] | undefined): ReadonlySet<string> {
  if (!exclude) return new Set();
  return exclude instanceof Set ? exclude : new Set(exclude as readonly string[]);
}
