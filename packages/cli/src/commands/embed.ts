import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AudiioError, embedLibraryWithModel, openLibrary } from '@audiio-ml/ml-core';
import { dbPathOf, showProgress } from '../options.js';

/** `audiio-ml embed`: embeds every track that has no vector of the current model yet. */
export function registerEmbed(program: Command): void {
  program
    .command('embed')
    .description('embed every analysed track that has no vector of the current model yet (after analyze/import)')
    .option('--batch <n>', 'tracks per forward pass', '4096')
    .option('--model <dir>', 'model directory (default: the model of the last `audiio-ml train`)')
    .option('--json', 'print one JSON object')
    .action(async (opts: { batch: string; model?: string; json?: boolean }, cmd: Command) => {
      const batchSize = Number(opts.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new AudiioError('BAD_ARGUMENT', `--batch must be a positive integer, got "${opts.batch}"`);
      const dbPath = dbPathOf(cmd);
      const db = openLibrary(dbPath);
      try {
        const bar = showProgress()
          ? new cliProgress.SingleBar({ format: 'embedding [{bar}] {value}/{total} tracks | {eta}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
          : undefined;
        let started = false;
        const { version, dir, embedded, skipped, seconds } = await embedLibraryWithModel(db, dbPath, {
          modelDir: opts.model,
          batchSize,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        if (started) bar?.stop();
        const summary = {
          version,
          dir,
          embedded,
          skipped,
          seconds: Number(seconds.toFixed(2)),
          tracksPerSecond: embedded > 0 ? Math.round(embedded / seconds) : 0,
        };
        if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
        else for (const [k, v] of Object.entries(summary)) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
      } finally {
        db.close();
      }
    });
}
