/**
 * V8 garbage-collector setting for processes that analyse audio in bulk.
 *
 * The analysis keeps a small JavaScript heap (~9 MB) but passes ~17 MB of buffers per 30 s
 * clip that live outside it (the decoded PCM, the mono signal, the spectrogram). V8 counts
 * external memory allocated since the last full collection against the old generation's
 * allocation limit, which it sets only ~16 MB above a heap that small: with the default
 * heuristics every file started a full mark-compact (70 for 96 files), most of it marking on
 * helper threads, for nothing (those buffers are already unreachable and freed by the young
 * generation's scavenges). Growing the limit to 4× the live heap instead of ~1.1–2× brought
 * that to 11 and the CPU per 30 s MP3 from 127 to 107 ms (median of 4 alternating runs).
 */
import v8 from 'node:v8';

/** Heap growing factor set by {@link tuneGcForAnalysis}, as V8's `--heap-growing-percent`. */
export const ANALYSIS_HEAP_GROWING_PERCENT = 300;

/**
 * Lets the V8 heap grow to 4× its live size between full collections (`--heap-growing-percent=300`),
 * for the whole process and its worker threads (V8 flags are per process). Worth it in a process
 * that analyses many files (`audiio-ml analyze` calls it); a process that does little analysis
 * has no reason to. The cost is a JavaScript heap up to ~4× its live size (tens of MB here).
 */
export function tuneGcForAnalysis(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${ANALYSIS_HEAP_GROWING_PERCENT}`);
}
