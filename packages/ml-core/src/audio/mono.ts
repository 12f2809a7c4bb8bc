/**
 * Channel downmix: the mean of all channels (ITU-style equal weights; for 5.1
 * the LFE channel is averaged like the others, which matters little for the
 * features computed from the mono signal).
 */
import type { DecodedAudio } from './types.js';

/** Mono downmix of `decoded`: the per-sample mean of its channels (a view of channel 0 when mono). */
export function downmix(decoded: DecodedAudio): Float32Array {
  const chs = decoded.channels;
  if (chs.length === 1) return chs[0];
  const n = chs[0].length;
  const out = new Float32Array(n);
  if (chs.length === 2) {
    const [l, r] = chs;
    for (let i = 0; i < n; i++) out[i] = 0.5 * (l[i] + r[i]);
    return out;
  }
  for (const ch of chs) for (let i = 0; i < n; i++) out[i] += ch[i];
  const g = 1 / chs.length;
  for (let i = 0; i < n; i++) out[i] *= g;
  return out;
}
