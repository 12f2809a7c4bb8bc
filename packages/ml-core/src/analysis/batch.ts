/**
 * Batch analysis of a music folder into the library database: scan, skip what
 * is unchanged, analyse the rest on a pool of worker threads (piscina), and
 * write each result as soon as it arrives, each in its own transaction, so a
 * killed run loses nothing already written and the next run resumes.
 */
import { setMaxListeners } from 'node:events';
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { AudiioError, errorMessage, type ErrorCode } from '../errors.js';
import type { AudioFeatures } from '../features/types.js';
import { FEATURES_VERSION } from '../features/extract.js';
import { inTransaction, type LibraryDb } from '../store/db.js';
import {
  clearAnalysisError,
  deleteFeatures,
  fileTrackId,
  getFeatures,
  getTrack,
  listFileStates,
  recordAnalysisError,
  saveFeatures,
  upsertTrack,
  type StoredFileState,
} from '../store/tracks.js';
import { scanAudioFiles, type ScannedFile } from './scan.js';
import type { TrackTags } from './tags.js';
import type { AnalyzeTask, AnalyzeTaskResult } from './worker.js';

/** The outcome for one file, reported as soon as it is known. */
export interface AnalyzedFile {
  /** Absolute path. */
  path: string;
  /** True when the file has features in the library (analysed now, or unchanged). */
  ok: boolean;
  /** True when the file was unchanged and its stored result is reported. */
  skipped: boolean;
  /** Why it failed (when not ok); the message names the file. */
  error?: { code: ErrorCode; message: string };
  trackId?: string;
  /** Length of the audio, seconds. */
  durationSec?: number | null;
  features?: AudioFeatures;
  /** 0–1, see `TrackAnalysis.keyConfidence`. */
  keyConfidence?: number | null;
  tags?: TrackTags;
  /** What the decoder had to give up (analysed files only; e.g. `truncated at 71.2 s: …`). */
  warnings?: string[];
  /** Time spent in the worker (analysed files only), ms. */
  timings?: { decodeMs: number; featuresMs: number };
}

/** What {@link analyzeLibrary} did. */
export interface AnalyzeSummary {
  /** Audio files found under the folder. */
  found: number;
  /** Files analysed successfully in this run. */
  analyzed: number;
  /** Files skipped because size, mtime and features version were unchanged. */
  unchanged: number;
  /** Files that failed (each recorded in `analysis_errors`). */
  failed: number;
  /** Wall-clock time of the whole run, ms. */
  elapsedMs: number;
  /** Seconds of audio analysed in this run. */
  audioSec: number;
  /** Sums over the analysed files of the workers' decode and feature times, ms. */
  decodeMs: number;
  featuresMs: number;
  /** True when `signal` stopped the run early; files not reported were left for the next run. */
  interrupted: boolean;
}

/** Options of {@link analyzeLibrary}. */
export interface AnalyzeLibraryOptions {
  /** Re-analyse every file, changed or not. */
  force?: boolean;
  /** Worker threads, ≥ 1; default: every core (`os.availableParallelism()`). */
  jobs?: number;
  /** Called once the folder is scanned: files found, to analyse, unchanged, and unreadable (reported as failed without analysis). */
  onPlan?: (plan: { found: number; toAnalyze: number; unchanged: number; unreadable: number }) => void;
  /** Called for each file as its result is written (unchanged files too, first, with their stored result). */
  onFile?: (file: AnalyzedFile) => void;
  /** Stops the run: files in flight are dropped unwritten (the next run analyses them), the rest is not started. */
  signal?: AbortSignal;
}

/** True when the stored row for `f` is current: same size and mtime, features of this version or newer. */
export function isUnchanged(f: ScannedFile, s: StoredFileState | undefined): boolean {
  return !!s && s.size === f.size && s.mtimeMs === f.mtimeMs && s.featuresVersion !== null && s.featuresVersion >= FEATURES_VERSION;
}

/**
 * Analyses every audio file under `dir` into `db`: tracks (path, size, mtime,
 * tags), features (with `FEATURES_VERSION`, key confidence and descriptors) or
 * an `analysis_errors` row. Files whose size and mtime are unchanged and whose
 * features are of the current version are skipped unless `force`. A file that
 * fails never stops the batch.
 *
 * @throws AudiioError `FILE_UNREADABLE` when `dir` is not a readable folder,
 * `BAD_ARGUMENT` for a bad `jobs`.
 */
export async function analyzeLibrary(db: LibraryDb, dir: string, opts: AnalyzeLibraryOptions = {}): Promise<AnalyzeSummary> {
  if (opts.jobs !== undefined && !(Number.isInteger(opts.jobs) && opts.jobs >= 1)) {
    throw new AudiioError('BAD_ARGUMENT', `jobs must be a whole number ≥ 1, got ${opts.jobs}`);
  }
  const t0 = performance.now();
  const summary: AnalyzeSummary = { found: 0, analyzed: 0, unchanged: 0, failed: 0, elapsedMs: 0, audioSec: 0, decodeMs: 0, featuresMs: 0, interrupted: false };
  const scanErrors: { path: string; err: unknown }[] = [];
  const files = await scanAudioFiles(dir, (path, err) => scanErrors.push({ path, err }));
  const states = listFileStates(db);
  const todo: ScannedFile[] = [];
  const unchanged: ScannedFile[] = [];
  for (const f of files) (!opts.force && isUnchanged(f, states.get(f.path)) ? unchanged : todo).push(f);
  summary.found = files.length;
  summary.unchanged = unchanged.length;
  opts.onPlan?.({ found: files.length, toAnalyze: todo.length, unchanged: unchanged.length, unreadable: scanErrors.length });

  for (const f of unchanged) opts.onFile?.(storedResult(db, f));
  for (const { path, err } of scanErrors) {
    const message = `${path}: cannot read (${errorMessage(err)})`;
    recordAnalysisError(db, { path, size: null, mtimeMs: null, code: 'FILE_UNREADABLE', message });
    summary.failed++;
    opts.onFile?.({ path, ok: false, skipped: false, error: { code: 'FILE_UNREADABLE', message } });
  }

  if (todo.length > 0 && !opts.signal?.aborted) {
    const jobs = Math.max(1, Math.min(todo.length, opts.jobs ?? availableParallelism()));
    const pool = new Piscina<AnalyzeTask, AnalyzeTaskResult>({ ...workerModule(), minThreads: jobs, maxThreads: jobs });
    const write = writer(db);
    // Every queued task listens for the abort: one local signal, relayed once from the caller's, may have that many listeners.
    const stop = new AbortController();
    setMaxListeners(0, stop.signal);
    const relay = () => stop.abort();
    opts.signal?.addEventListener('abort', relay, { once: true });
    try {
      await Promise.all(
        todo.map(async (f) => {
          let r: AnalyzeTaskResult;
          try {
            r = await pool.run({ path: f.path }, { signal: stop.signal });
          } catch (err) {
            if (opts.signal?.aborted) return;
            // The worker itself died (crash, out of memory): that file fails, the pool replaces the worker.
            r = { ok: false, path: f.path, code: 'INTERNAL', message: `${f.path}: analysis worker failed (${errorMessage(err)})` };
          }
          const out = write(f, r);
          if (out.ok) {
            summary.analyzed++;
            summary.audioSec += out.durationSec ?? 0;
            summary.decodeMs += out.timings?.decodeMs ?? 0;
            summary.featuresMs += out.timings?.featuresMs ?? 0;
          } else summary.failed++;
          opts.onFile?.(out);
        }),
      );
    } finally {
      opts.signal?.removeEventListener('abort', relay);
      await pool.destroy();
    }
  }
  summary.interrupted = opts.signal?.aborted ?? false;
  summary.elapsedMs = performance.now() - t0;
  return summary;
}

/** Writes one worker result to the library in one transaction and returns the file's outcome. */
function writer(db: LibraryDb): (f: ScannedFile, r: AnalyzeTaskResult) => AnalyzedFile {
  const ok = (f: ScannedFile, r: Extract<AnalyzeTaskResult, { ok: true }>, trackId: string) =>
    inTransaction(db, () => {
    const { tags, analysis: a } = r;
    upsertTrack(db, {
      id: trackId,
      path: f.path,
      size: f.size,
      mtimeMs: f.mtimeMs,
      title: tags.title,
      artist: tags.artist,
      album: tags.album,
      albumId: null,
      genre: tags.genre,
      releaseDate: tags.releaseDate,
      year: tags.year,
      durationSec: a.durationSec,
      popularity: null,
      source: 'file',
      mbid: tags.mbid,
    });
    saveFeatures(db, {
      trackId,
      featuresVersion: a.featuresVersion,
      features: a.features,
      keyConfidence: a.keyConfidence,
      descriptors: a.descriptors,
      descriptorsVersion: a.descriptorsVersion,
    });
    clearAnalysisError(db, f.path);
    });
  const failed = (f: ScannedFile, r: Extract<AnalyzeTaskResult, { ok: false }>, trackId: string) =>
    inTransaction(db, () => {
    // The file changed (or never worked): stale features would be wrong, so drop them.
    deleteFeatures(db, trackId);
    recordAnalysisError(db, { path: f.path, size: f.size, mtimeMs: f.mtimeMs, code: r.code, message: r.message });
    });
  return (f, r) => {
    const trackId = fileTrackId(f.path);
    if (!r.ok) {
      failed(f, r, trackId);
      return { path: f.path, ok: false, skipped: false, error: { code: r.code, message: r.message } };
    }
    ok(f, r, trackId);
    const a = r.analysis;
    return {
      path: f.path,
      ok: true,
      skipped: false,
      trackId,
      durationSec: a.durationSec,
      features: a.features,
      keyConfidence: a.keyConfidence,
      tags: r.tags,
      warnings: a.warnings,
      timings: a.timings,
    };
  };
}

/** The stored result of an unchanged file. */
function storedResult(db: LibraryDb, f: ScannedFile): AnalyzedFile {
  const trackId = fileTrackId(f.path);
  const t = getTrack(db, trackId);
  const feats = getFeatures(db, trackId);
  return {
    path: f.path,
    ok: true,
    skipped: true,
    trackId,
    durationSec: t?.durationSec ?? null,
    features: feats?.features,
    keyConfidence: feats?.keyConfidence ?? null,
    tags: {
      title: t?.title ?? null,
      artist: t?.artist ?? null,
      album: t?.album ?? null,
      genre: t?.genre ?? null,
      year: t?.year ?? null,
      releaseDate: t?.releaseDate ?? null,
      durationSec: t?.durationSec ?? null,
      mbid: t?.mbid ?? null,
    },
  };
}

/**
 * Where the worker module is and how to start it: the built `worker.js`, or
 * under tsx/vitest (this file is `.ts`) `worker.ts` with the tsx loader.
 */
function workerModule(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  if (!/\.[cm]?ts$/.test(new URL(here).pathname)) return { filename: new URL('./worker.js', here).href, execArgv: [] };
  let tsx = 'tsx';
  try {
    tsx = import.meta.resolve('tsx');
  } catch {
    // Resolve from the working directory instead.
  }
  return { filename: new URL('./worker.ts', here).href, execArgv: ['--import', tsx] };
}
