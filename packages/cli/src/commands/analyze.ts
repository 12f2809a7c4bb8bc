import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { relative } from 'node:path';
import {
  AudiioError,
  FEATURE_NAMES,
  analyzeLibrary,
  tuneGcForAnalysis,
  openLibrary,
  rematchListens,
  type AnalyzedFile,
  type AnalyzeSummary,
  type AudioFeatures,
} from '@audiio-ml/ml-core';
import { EXIT } from '../exit.js';
import { formatFeatureTable } from '../feature-table.js';
import { dbPathOf, showProgress } from '../options.js';

interface AnalyzeOptions {
  force?: boolean;
  json?: boolean;
  jobs?: string;
}

/** Rows printed in the table of a run without --json; the rest are counted. */
const TABLE_ROWS = 40;

/** The ten features in the seed's order and names. */
function orderedFeatures(f: AudioFeatures): AudioFeatures {
  return Object.fromEntries(FEATURE_NAMES.map((k) => [k, f[k]])) as unknown as AudioFeatures;
}

/** One JSON Lines object of `analyze --json`. */
export function jsonLine(f: AnalyzedFile): string {
  const o: Record<string, unknown> = { path: f.path, ok: f.ok };
  if (!f.ok && f.error) {
    o.error = f.error.message;
    o.code = f.error.code;
  }
  o.skipped = f.skipped;
  o.durationSec = f.durationSec ?? null;
  o.features = f.features ? orderedFeatures(f.features) : null;
  o.keyConfidence = f.keyConfidence ?? null;
  o.tags = f.tags ?? null;
  o.warnings = f.warnings ?? [];
  return JSON.stringify(o);
}

function parseJobs(s: string | undefined): number | undefined {
  if (s === undefined) return undefined;
  const n = Number(s);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new AudiioError('BAD_ARGUMENT', `--jobs must be a whole number from 1 to 256, got "${s}"`);
  return n;
}

function summaryLine(s: AnalyzeSummary): string {
  const secs = (s.elapsedMs / 1000).toFixed(1);
  const speed = s.analyzed && s.elapsedMs > 0 ? `; ${Math.round(s.audioSec)} s of audio at ${Math.round(s.audioSec / (s.elapsedMs / 1000))}× realtime` : '';
  return `analyze: ${s.found} audio file${s.found === 1 ? '' : 's'}: ${s.analyzed} analysed, ${s.unchanged} unchanged (skipped), ${s.failed} failed in ${secs} s${speed}\n`;
}

/** `audiio-ml analyze DIR [--force] [--json] [--jobs N]`: analyse a music folder into the library. */
export function registerAnalyze(program: Command): void {
  program
    .command('analyze')
    .argument('<dir>', 'music folder, scanned recursively (mp3 flac ogg opus wav m4a aac aiff …)')
    .description('analyse every audio file of a folder: ten audio features and tags into the library database')
    .option('--force', 're-analyse every file, even unchanged ones')
    .option('--json', 'print one JSON object per file (JSON Lines) on stdout')
    .option('--jobs <n>', 'worker threads (default: every core)')
    .addHelpText(
      'after',
      '\nFiles whose size and mtime are unchanged since their last analysis (with the current features version) are skipped.\n' +
        'Exit status: 0 every file analysed (or unchanged), 2 some files failed (each reported), 1 bad arguments,\n' +
        '130 interrupted (Ctrl-C): results so far are saved and the next run resumes.',
    )
    .action(async (dir: string, opts: AnalyzeOptions, cmd: Command) => {
      const jobs = parseJobs(opts.jobs);
      const db = openLibrary(dbPathOf(cmd));
      tuneGcForAnalysis(); // the analysis workers share this process's V8 flags
      const bar = showProgress()
        ? new cliProgress.SingleBar(
            {
              format: 'analyze [{bar}] {percentage}% | {value}/{total} files | ETA {eta_formatted} | {failed} failed',
              stream: process.stderr,
              hideCursor: true,
              etaBuffer: 50,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      // Ctrl-C (or SIGTERM) stops the batch cleanly: what is written stays, the next run resumes; a second Ctrl-C kills.
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      const done: AnalyzedFile[] = [];
      const failures: AnalyzedFile[] = [];
      let failed = 0;
      try {
        const summary = await analyzeLibrary(db, dir, {
          force: opts.force,
          jobs,
          signal: stop.signal,
          onPlan: ({ toAnalyze, unreadable }) => bar?.start(toAnalyze + unreadable, 0, { failed: 0 }),
          onFile: (f) => {
            if (opts.json) process.stdout.write(jsonLine(f) + '\n');
            if (!f.ok) {
              failed++;
              failures.push(f);
            } else if (!f.skipped) done.push(f);
            if (!f.skipped) bar?.increment(1, { failed });
          },
        });
        bar?.stop();
        if (!opts.json) {
          if (done.length) {
            const rows = done
              .sort((a, b) => (a.path < b.path ? -1 : 1))
              .slice(0, TABLE_ROWS)
              .map((f) => ({ name: relative(dir, f.path), features: f.features! }));
            process.stdout.write(formatFeatureTable(rows, 40));
            if (done.length > TABLE_ROWS) process.stdout.write(`… and ${done.length - TABLE_ROWS} more (--json lists every file)\n`);
          }
          for (const f of failures) process.stderr.write(`failed: [${f.error?.code}] ${f.error?.message}\n`);
          for (const f of done) for (const w of f.warnings ?? []) process.stderr.write(`warning: ${f.path}: ${w}\n`);
        }
        process.stderr.write(summaryLine(summary));
        // Listens imported before their music was in the library may match now.
        const rematched = rematchListens(db);
        if (rematched.matched) process.stderr.write(`analyze: matched ${rematched.matched} of ${rematched.unmatched} imported listens that had no track\n`);
        if (summary.interrupted) {
          process.stderr.write('analyze: interrupted; every result above is saved: run the same command again to resume\n');
          process.exitCode = EXIT.INTERRUPTED;
        } else process.exitCode = summary.failed > 0 ? EXIT.PARTIAL : EXIT.OK;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        bar?.stop();
        db.close();
      }
    });
}
