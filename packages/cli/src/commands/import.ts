import type { Command } from 'commander';
import { importInteractions, importSpotifyCsv, openLibrary, summariseIssues, type RowIssue } from '@audiio-ml/ml-core';
import { EXIT } from '../exit.js';
import { dbPathOf } from '../options.js';

function reportSkipped(path: string, issues: readonly RowIssue[]): void {
  if (!issues.length) return;
  process.stderr.write(`import: ${path}: skipped ${issues.length} row(s):\n`);
  for (const line of summariseIssues(issues)) process.stderr.write(`  ${line}\n`);
}

/** `audiio-ml import spotify-csv FILE` and `audiio-ml import interactions FILE [--items F]`. */
export function registerImport(program: Command): void {
  const cmd = program.command('import').description('import a dataset (tracks, users, interactions) into the library');
  cmd
    .command('spotify-csv <file>')
    .description('import a spotify_songs.csv-shaped file: tracks with features, playlists as users, memberships as likes')
    .option('--json', 'print the report as one JSON object')
    .action((file: string, opts: { json?: boolean }, sub: Command) => {
      const db = openLibrary(dbPathOf(sub));
      try {
        const r = importSpotifyCsv(db, file);
        if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          process.stdout.write(
            `${file}: ${r.rows} rows → ${r.tracks} tracks (${r.tracksWithFeatures} with features), ${r.users} playlists as users, ${r.interactions} likes\n`,
          );
          reportSkipped(file, r.issues);
        }
        process.exitCode = r.issues.length ? EXIT.PARTIAL : EXIT.OK;
      } finally {
        db.close();
      }
    });
  cmd
    .command('interactions <file>')
    .description('import interactions.csv (user,item[,weight][,timestamp]) and optionally items.csv')
    .option('--items <file>', 'items.csv: item plus any of artist, album, genre, release_date, popularity and the ten features')
    .option('--source <name>', 'source recorded on new users and tracks', 'import')
    .option('--json', 'print the report as one JSON object')
    .action((file: string, opts: { items?: string; source: string; json?: boolean }, sub: Command) => {
      const db = openLibrary(dbPathOf(sub));
      try {
        const r = importInteractions(db, file, { items: opts.items, source: opts.source });
        if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          process.stdout.write(
            `${file}: ${r.rows} rows → ${r.interactions} interactions of ${r.users} users; ${r.tracks} tracks (${r.tracksWithFeatures} with features, ${r.bareTracks} without attributes)\n`,
          );
          reportSkipped(file, r.issues);
          if (r.itemsFile) reportSkipped(r.itemsFile.path, r.itemsFile.issues);
        }
        const skipped = r.issues.length + (r.itemsFile?.issues.length ?? 0);
        process.exitCode = skipped ? EXIT.PARTIAL : EXIT.OK;
      } finally {
        db.close();
      }
    });
}
