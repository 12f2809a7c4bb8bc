import type { Command } from 'commander';
import { AudiioError, openLibrary, similarTracks, trackLabel } from '@audiio-ml/ml-core';
import { dbPathOf } from '../options.js';

/** `audiio-ml similar TRACK`: the tracks nearest to a track, with their cosine similarity. */
export function registerSimilar(program: Command): void {
  program
    .command('similar')
    .description('list the tracks most similar to TRACK (a track id, a file path, or "artist - title")')
    .argument('<track>', 'track id, file path, or "artist - title"')
    .option('--k <n>', 'how many tracks to list (1–1000)', '10')
    .option('--json', 'print one JSON object')
    .action((spec: string, opts: { k: string; json?: boolean }, cmd: Command) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1 || k > 1000) throw new AudiioError('BAD_ARGUMENT', `--k must be an integer from 1 to 1000, got ${JSON.stringify(opts.k)}`);
      const dbPath = dbPathOf(cmd);
      const db = openLibrary(dbPath);
      try {
        const { track, source, results } = similarTracks(db, dbPath, spec, k, {
          onMessage: (m) => process.stderr.write(`audiio-ml: ${m}\n`),
        });
        if (opts.json) {
          process.stdout.write(
            JSON.stringify({
              track: { id: track.id, artist: track.artist, title: track.title, path: track.path },
              vectors: source.vectors,
              modelVersion: source.modelVersion ?? null,
              index: { kind: source.index.kind, size: source.index.size(), status: source.indexStatus ?? 'built' },
              results,
            }) + '\n',
          );
          return;
        }
        process.stdout.write(`similar to ${trackLabel(track)} (${track.id})\nvectors: ${source.note}\n`);
        if (!results.length) process.stdout.write('no other track to compare with\n');
        for (const r of results) {
          process.stdout.write(`${String(r.rank).padStart(4)}  ${r.similarity.toFixed(4)}  ${trackLabel(r)}  (${r.id})\n`);
        }
      } finally {
        db.close();
      }
    });
}
