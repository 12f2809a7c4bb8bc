import type { Command } from 'commander';
import {
  AudiioError,
  importInteractions,
  importListenExport,
  importListensJsonl,
  type ListenExportReport,
  importSpotifyCsv,
  openLibrary,
  summariseIssues,
  type RowIssue,
} from '@audiio-ml/ml-core';
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
  cmd
    .command('listens <file>')
    .description('import a JSON Lines file of listens (trackId, timestamp, duration, completed, rating, eventId) for one listener')
    .requiredOption('--user <name>', 'the listener')
    .option('--batch <n>', 'events per transaction', '5000')
    .option('--json', 'print the report as one JSON object')
    .action(async (file: string, opts: { user: string; batch: string; json?: boolean }, sub: Command) => {
      const batchSize = Number(opts.batch);
      if (!Number.isInteger(batchSize) || batchSize < 1) throw new AudiioError('BAD_ARGUMENT', `--batch must be a positive integer, got ${JSON.stringify(opts.batch)}`);
      const db = openLibrary(dbPathOf(sub));
      try {
        const r = await importListensJsonl(db, opts.user, file, { batchSize });
        if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
        else {
          process.stdout.write(`${file}: ${r.read} events read: ${r.recorded} recorded, ${r.duplicates} already stored, ${r.failed.length} failed\n`);
          for (const f of r.failed.slice(0, 20)) process.stderr.write(`  ${f.message}\n`);
          if (r.failed.length > 20) process.stderr.write(`  … and ${r.failed.length - 20} more (--json lists every one)\n`);
        }
        process.exitCode = r.failed.length ? EXIT.PARTIAL : EXIT.OK;
      } finally {
        db.close();
      }
    });
  for (const [name, format, what] of [
    ['listenbrainz', 'listenbrainz', 'a ListenBrainz export: the ZIP (listens/<year>/<month>.jsonl, feedback.jsonl), or the older JSON array'],
    ['lastfm', 'lastfm', 'Last.fm scrobbles as CSV (header uts,utc_time,artist,…,track,track_mbid, or headerless artist,album,track,date)'],
    ['spotify-history', 'spotify', 'Spotify streaming history: extended (Streaming_History_Audio_*.json) or StreamingHistory*.json, a folder of them, or the ZIP'],
  ] as const) {
    cmd
      .command(`${name} <path>`)
      .description(`import ${what} as a listener's history`)
      .requiredOption('--user <name>', 'the listener')
      .option('--json', 'print the report as one JSON object')
      .action(async (path: string, opts: { user: string; json?: boolean }, sub: Command) => {
        const db = openLibrary(dbPathOf(sub));
        try {
          const r = await importListenExport(db, opts.user, path, format);
          if (opts.json) process.stdout.write(JSON.stringify(r) + '\n');
          else printExportReport(r);
          process.exitCode = r.badLines.length ? EXIT.PARTIAL : EXIT.OK;
        } finally {
          db.close();
        }
      });
  }
}

function printExportReport(r: ListenExportReport): void {
  const by = Object.entries(r.byMethod).filter(([, n]) => n > 0).map(([m, n]) => `${n} by ${m}`).join(', ');
  process.stdout.write(
    `${r.path}: ${r.read} listens read: ${r.matched} matched${by ? ` (${by})` : ''}, ${r.unmatched} kept unmatched, ${r.duplicates} already imported\n`,
  );
  if (r.feedback.read) {
    process.stdout.write(`  feedback: ${r.feedback.read} read: ${r.feedback.applied} ratings, ${r.feedback.unmatched} kept unmatched, ${r.feedback.duplicates} already imported\n`);
  }
  if (r.topUnmatchedArtists.length) {
    process.stdout.write(`  most frequent unmatched artists: ${r.topUnmatchedArtists.map((a) => `${a.artist} (${a.listens})`).join(', ')}\n`);
    process.stdout.write('  (unmatched listens are matched again after the next `audiio-ml analyze`)\n');
  }
  for (const b of r.badLines.slice(0, 20)) process.stderr.write(`  skipped ${b.file}:${b.line}: ${b.reason}\n`);
  if (r.badLines.length > 20) process.stderr.write(`  … and ${r.badLines.length - 20} more bad lines (--json lists every one)\n`);
}
