/**
 * The analysis worker: runs in a worker thread of the pool ({@link analyzeLibrary}),
 * reads one file, extracts its features and tags, and returns them. It never
 * touches the database (writes stay in the main thread) and never throws: a
 * failure comes back as `{ ok: false }` with the error's code and message.
 */
import { readAudioBytes } from '../audio/decode.js';
import { AudiioError, errorMessage, isAudiioError, type ErrorCode } from '../errors.js';
import { extractFeatures } from '../features/extract.js';
import type { TrackAnalysis } from '../features/types.js';
import { readTagsAndFormat, type TrackTags } from './tags.js';

/** One file to analyse. */
export interface AnalyzeTask {
  path: string;
}

/** What the worker sends back for a file. */
export type AnalyzeTaskResult =
  | { ok: true; path: string; analysis: TrackAnalysis; tags: TrackTags }
  | { ok: false; path: string; code: ErrorCode; message: string };

/**
 * Analyses one file: reads its bytes once, then tags and stream format (one music-metadata
 * parse) and features (`extractFeatures`, which also makes Ogg Opus and `moov`-last MP4
 * decodable, see containers.ts) from them.
 */
export async function analyzeFileTask(task: AnalyzeTask): Promise<AnalyzeTaskResult> {
  const { path } = task;
  try {
    const bytes = await readAudioBytes(path);
    const { tags, native } = await readTagsAndFormat(bytes, path); // one header parse for both
    const analysis = await extractFeatures(bytes, { name: path, native });
    // The header's duration when it tells; the decoded length otherwise.
    return { ok: true, path, analysis, tags: { ...tags, durationSec: tags.durationSec ?? analysis.durationSec } };
  } catch (err) {
    const e = isAudiioError(err)
      ? err
      : new AudiioError('INTERNAL', `analysis failed unexpectedly (${errorMessage(err)})`, { path, cause: err });
    return { ok: false, path, code: e.code, message: e.path ? e.message : `${path}: ${e.message}` };
  }
}

/** Piscina calls the default export. */
export default analyzeFileTask;
