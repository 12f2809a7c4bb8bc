import type { Command } from 'commander';
import { libraryInfo, openLibrary } from '@audiio-ml/ml-core';
import { dbPathOf } from '../options.js';

/** `audiio-ml info`: where the library is, what it holds, and which compute backends run. */
export function registerInfo(program: Command): void {
  program
    .command('info')
    .description('show the library database location, what it holds, the current model and the compute backends')
    .option('--json', 'print one JSON object')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const path = dbPathOf(cmd);
      const db = openLibrary(path);
      try {
        const info = await libraryInfo(db, path);
        if (opts.json) {
          process.stdout.write(JSON.stringify(info) + '\n');
          return;
        }
        const { fft, tfjs, ...plain } = info;
        const backend = (b: { backend: string; reason?: string }) => `${b.backend}${b.reason ? ` (fallback: ${b.reason})` : ''}`;
        const rows: [string, string][] = [
          ...Object.entries(plain).map(([k, v]): [string, string] => [k, v === null ? '–' : String(v)]),
          ['fft', backend(fft)],
          ['tfjs', backend(tfjs)],
        ];
        for (const [k, v] of rows) process.stdout.write(`${k.padEnd(16)} ${v}\n`);
      } finally {
        db.close();
      }
    });
}
