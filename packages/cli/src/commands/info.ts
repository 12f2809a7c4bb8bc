import type { Command } from 'commander';
import { openLibrary, SCHEMA_VERSION } from '@audiio-ml/ml-core';
import { dbPathOf } from '../options.js';

/** `audiio-ml info`: where the library is and what it holds. */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the library database location and what it holds')
    .option('--json', 'print one JSON object')
    .action((opts: { json?: boolean }, cmd: Command) => {
      const path = dbPathOf(cmd);
      const db = openLibrary(path);
      const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
      const info = {
        db: path,
        schemaVersion: SCHEMA_VERSION,
        tracks: count('SELECT COUNT(*) AS n FROM tracks'),
        analysed: count('SELECT COUNT(*) AS n FROM features'),
        analysisErrors: count('SELECT COUNT(*) AS n FROM analysis_errors'),
        users: count('SELECT COUNT(*) AS n FROM users'),
        interactions: count('SELECT COUNT(*) AS n FROM interactions'),
      };
      db.close();
      if (opts.json) process.stdout.write(JSON.stringify(info) + '\n');
      else for (const [k, v] of Object.entries(info)) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
    });
}
