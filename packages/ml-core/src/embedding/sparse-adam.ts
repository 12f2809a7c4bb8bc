/**
 * Lazy (sparse) Adam for embedding tables kept in JS arrays: only the rows a
 * batch touched are updated, with the moment estimates of those rows (as
 * TensorFlow's LazyAdamOptimizer; Kingma & Ba 2015 for Adam). Used because the
 * tfjs WASM backend has no gradient kernel for `gather` (UnsortedSegmentSum).
 */
export class SparseAdam {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;

  constructor(
    /** The table, row-major, `dim` floats per row; updated in place. */
    readonly table: Float32Array,
    readonly dim: number,
    readonly lr: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly eps = 1e-8,
  ) {
    this.m = new Float32Array(table.length);
    this.v = new Float32Array(table.length);
  }

  /**
   * Applies one step. `rows[k]` is the table row that batch entry k used and
   * `grad` holds `dim` floats per entry (the gradient w.r.t. that entry's row
   * vector); entries sharing a row are summed first. Rows < 0 are skipped.
   */
  step(rows: Int32Array, grad: Float32Array): void {
    const { dim } = this;
    const acc = new Map<number, Float32Array>();
    for (let k = 0; k < rows.length; k++) {
      const r = rows[k];
      if (r < 0) continue;
      let g = acc.get(r);
      if (!g) acc.set(r, (g = new Float32Array(dim)));
      for (let d = 0; d < dim; d++) g[d] += grad[k * dim + d];
    }
    this.t++;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    const stepSize = (this.lr * Math.sqrt(c2)) / c1;
    for (const [r, g] of acc) {
      const o = r * dim;
      for (let d = 0; d < dim; d++) {
        const m = (this.m[o + d] = this.beta1 * this.m[o + d] + (1 - this.beta1) * g[d]);
        const v = (this.v[o + d] = this.beta2 * this.v[o + d] + (1 - this.beta2) * g[d] * g[d]);
        this.table[o + d] -= (stepSize * m) / (Math.sqrt(v) + this.eps);
      }
    }
  }
}
