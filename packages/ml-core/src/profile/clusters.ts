/**
 * A listener's several tastes: clusters of the vectors of their positively weighted tracks, after
 * PinnerSage (Pal et al., "PinnerSage: Multi-Modal User Embedding Framework for Recommendations at
 * Pinterest", KDD 2020): Ward agglomerative clustering of the user's items, each cluster
 * represented by its medoid-like member (the track nearest its centroid) and ranked by importance
 * (the summed weight of its tracks). The average of jazz and metal is neither; each centroid is one
 * of them.
 *
 * Method: the `maxItems` heaviest tracks (unit vectors x_i, weights normalised to mean 1 as Ward
 * sizes s_i) start as singletons; the pair with the least Ward cost
 *   Δ(A, B) = s_A s_B / (s_A + s_B) · ‖μ_A − μ_B‖²
 * merges, updated by the Lance–Williams recurrence, while the least cost is at most `threshold` or
 * more than `maxClusters` clusters remain. Clusters holding under `minShare` of the weight are
 * dropped (noise), unless nothing else is left.
 */

/** Parameters of {@link tasteClusters}. */
export interface ClusterConfig {
  /** At most this many clusters. Default 5. */
  maxClusters: number;
  /** Merge while the least Ward cost is at most this (squared-distance units at unit weight). Default 1. */
  threshold: number;
  /** Cluster at most this many tracks (the heaviest). Default 64. */
  maxItems: number;
  /** Clusters holding less than this share of the weight are dropped. Default 0.1. */
  minShare: number;
}

/** The defaults of {@link ClusterConfig}. */
export const DEFAULT_CLUSTERS: ClusterConfig = { maxClusters: 5, threshold: 1, maxItems: 64, minShare: 0.1 };

/** One taste cluster. */
export interface TasteCluster {
  /** Unit-length weighted mean of its tracks' vectors. */
  centroid: Float32Array;
  /** The member nearest the centroid: an example of the taste. */
  exampleTrackId: string;
  trackIds: string[];
  /** Σ of its tracks' weights. */
  weight: number;
  /** Its share of the clustered weight, 0–1. */
  share: number;
}

/** L2-normalised copy (zero stays zero). */
function unit(v: Float32Array): Float32Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}

/**
 * Clusters tracks (`ids[i]` with vector `vectors[i]`, weight `weights[i]` > 0) into tastes, heaviest
 * first (module doc). Deterministic: ties go to the lower index.
 */
export function tasteClusters(
  ids: readonly string[],
  vectors: readonly Float32Array[],
  weights: readonly number[],
  config: Partial<ClusterConfig> = {},
): TasteCluster[] {
  const c = { ...DEFAULT_CLUSTERS, ...config };
  const order = ids.map((_, i) => i).filter((i) => weights[i] > 0).sort((a, b) => weights[b] - weights[a] || a - b).slice(0, c.maxItems);
  const n = order.length;
  if (n === 0) return [];
  const x = order.map((i) => unit(vectors[i]));
  const meanW = order.reduce((s, i) => s + weights[i], 0) / n;
  const size = order.map((i) => weights[i] / meanW);
  const dim = x[0].length;
  // Ward costs of every pair; for unit vectors ‖x − y‖² = 2 − 2 x·y.
  const d = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = x[i];
    for (let j = i + 1; j < n; j++) {
      const xj = x[j];
      let dot = 0;
      for (let k = 0; k < dim; k++) dot += xi[k] * xj[k];
      d[i * n + j] = d[j * n + i] = ((size[i] * size[j]) / (size[i] + size[j])) * Math.max(0, 2 - 2 * dot);
    }
  }
  // Each cluster's nearest other cluster (row minima), kept up to date, so a merge costs O(n) on average.
  const alive = new Uint8Array(n).fill(1);
  const nearest = new Int32Array(n).fill(-1);
  const nearestCost = new Float64Array(n).fill(Infinity);
  const rescan = (i: number) => {
    let best = Infinity;
    let arg = -1;
    for (let j = 0; j < n; j++) {
      if (j !== i && alive[j] && d[i * n + j] < best) {
        best = d[i * n + j];
        arg = j;
      }
    }
    nearest[i] = arg;
    nearestCost[i] = best;
  };
  for (let i = 0; i < n; i++) rescan(i);
  const members: number[][] = order.map((_, i) => [i]);
  for (let count = n; count > 1; count--) {
    let bi = -1;
    for (let i = 0; i < n; i++) if (alive[i] && (bi < 0 || nearestCost[i] < nearestCost[bi])) bi = i;
    const bj = nearest[bi];
    const best = nearestCost[bi];
    if (best > c.threshold && count <= c.maxClusters) break;
    // Lance–Williams for Ward: Δ(k, i∪j) = ((s_i+s_k)Δ(k,i) + (s_j+s_k)Δ(k,j) − s_k Δ(i,j)) / (s_i+s_j+s_k).
    for (let k = 0; k < n; k++) {
      if (!alive[k] || k === bi || k === bj) continue;
      const v = ((size[bi] + size[k]) * d[k * n + bi] + (size[bj] + size[k]) * d[k * n + bj] - size[k] * best) / (size[bi] + size[bj] + size[k]);
      d[k * n + bi] = d[bi * n + k] = v;
    }
    size[bi] += size[bj];
    members[bi].push(...members[bj]);
    alive[bj] = 0;
    // Rows whose nearest was one of the pair, and the merged row itself, look again; any other row
    // only needs to see whether the merged cluster is now nearer (Ward costs never drop on merging,
    // so a row's other distances are unchanged).
    for (let k = 0; k < n; k++) {
      if (!alive[k]) continue;
      if (k === bi || nearest[k] === bi || nearest[k] === bj) rescan(k);
      else if (d[k * n + bi] < nearestCost[k]) {
        nearestCost[k] = d[k * n + bi];
        nearest[k] = bi;
      }
    }
  }
  const total = order.reduce((s, i) => s + weights[i], 0);
  let clusters = members
    .filter((_, i) => alive[i])
    .map((m) => {
      const mean = new Float32Array(dim);
      let w = 0;
      for (const i of m) {
        const wi = weights[order[i]];
        w += wi;
        for (let k = 0; k < dim; k++) mean[k] += wi * x[i][k];
      }
      const centroid = unit(mean);
      let example = m[0];
      let bestSim = -Infinity;
      for (const i of m) {
        let s = 0;
        for (let k = 0; k < dim; k++) s += x[i][k] * centroid[k];
        if (s > bestSim + 1e-12 || (Math.abs(s - bestSim) <= 1e-12 && order[i] < order[example])) {
          bestSim = s;
          example = i;
        }
      }
      return { centroid, exampleTrackId: ids[order[example]], trackIds: m.map((i) => ids[order[i]]), weight: w, share: w / total };
    })
    .sort((a, b) => b.weight - a.weight || (a.exampleTrackId < b.exampleTrackId ? -1 : 1));
  const kept = clusters.filter((k) => k.share >= c.minShare);
  clusters = kept.length ? kept : clusters.slice(0, 1);
  return clusters.slice(0, c.maxClusters);
}
