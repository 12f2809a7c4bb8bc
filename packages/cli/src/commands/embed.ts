import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { resolve } from 'node:path';
import { AudiioError, EmbeddingModel, embedLibrary, modelDirOf, openLibrary, recordModelDir } from '@audiio-ml/ml-core';
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
        const dir = opts.model ? resolve(opts.model) : modelDirOf(db, dbPath);
        if (!dir) throw new AudiioError('NOT_FOUND', 'this library has no trained model yet; run `audiio-ml train` first');
        const model = await EmbeddingModel.load(dir);
        const bar = showProgress()
          ? new cliProgress.SingleBar({ format: 'embedding [{bar}] {value}/{total} tracks | {eta}s', stream: process.stderr, hideCursor: true }, cliProgress.Presets.shades_classic)
          : undefined;
        const t = performance.now();
        let started = false;
        const { embedded, skipped } = embedLibrary(db, model, {
          batchSize,
          onProgress: (done, total) => {
            if (!bar) return;
            if (!started) bar.start(total, 0);
            started = true;
            bar.update(done);
          },
        });
        if (started) bar?.stop();
        if (opts.model) recordModelDir(db, dir);
        const seconds = (performance.now() - t) / 1000;
        const summary = {
          version: model.version,
          dir,
          embedded,
          skipped,
          seconds: Number(seconds.toFixed(2)),
          tracksPerSecond: embedded > 0 ? Math.round(embedded / seconds) : 0,
        };
        model.dispose();
        if (opts.json) process.stdout.write(JSON.stringify(summary) + '\n');
        else for (const [k, v] of Object.entries(summary)) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
      } finally {
        db.close();
      }
    });
}
