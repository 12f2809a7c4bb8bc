/**
 * Lagged products of a series, the kernel of every autocorrelation in the analysis (tempo.ts's
 * tempogram, descriptors.ts's envelope periodicity).
 */

/**
 * r[lag] = Σᵢ x[i]·x[i + lag] for lag = `minLag` … `maxLag` (entries below `minLag` stay 0), with
 * `maxLag` clipped to x.length − 1. Four lags per sweep over x (four independent sums, each over i
 * in increasing order), so the values equal the plain double loop's exactly.
 */
export function lagProducts(x: Float32Array | Float64Array, minLag: number, maxLag: number): Float64Array {
  const n = x.length;
  const L = Math.min(maxLag, n - 1);
  const r = new Float64Array(Math.max(0, L) + 1);
  let lag = Math.max(0, minLag);
  for (; lag + 3 <= L; lag += 4) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    const end = n - lag - 3;
    let i = 0;
    for (; i < end; i++) {
      const v = x[i];
      s0 += v * x[i + lag];
      s1 += v * x[i + lag + 1];
      s2 += v * x[i + lag + 2];
      s3 += v * x[i + lag + 3];
    }
    for (let j = i; j + lag + 2 < n; j++) s2 += x[j] * x[j + lag + 2];
    for (let j = i; j + lag + 1 < n; j++) s1 += x[j] * x[j + lag + 1];
    for (let j = i; j + lag < n; j++) s0 += x[j] * x[j + lag];
    r[lag] = s0;
    r[lag + 1] = s1;
    r[lag + 2] = s2;
    r[lag + 3] = s3;
  }
  for (; lag <= L; lag++) {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i] * x[i + lag];
    r[lag] = s;
  }
  return r;
}
