import type { Command } from 'commander';
import { z } from 'zod';
import { getTrack, listHistory, openLibrary, trackLabel } from '@audiio-ml/ml-core';
import { dbPathOf, isoTimeArg, parseArgs, positiveIntArg } from '../options.js';

const historyArgs = z.object({
  user: z.string().min(1),
  limit: positiveIntArg(1_000_000).optional(),
  since: isoTimeArg.optional(),
  unmatched: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** `audiio-ml history --user U [--limit N] [--since ISO] [--json]`: a listener's events, newest first. */
export function registerHistory(program: Command): void {
  program
    .command('history')
    .description("a listener's plays and ratings, newest first")
    .requiredOption('--user <name>', 'the listener')
    .option('--limit <n>', 'at most this many', '50')
    .option('--since <time>', 'only since this time (ISO-8601)')
    .option('--unmatched', 'also imported listens no library track matched yet')
    .option('--json', 'one JSON object per event (JSON Lines)')
    .action((raw: unknown, cmd: Command) => {
      const o = parseArgs(historyArgs, raw);
      const db = openLibrary(dbPathOf(cmd));
      try {
        for (const e of listHistory(db, o.user, { limit: o.limit, since: o.since, unmatched: o.unmatched })) {
          if (o.json) {
            process.stdout.write(JSON.stringify(e) + '\n');
            continue;
          }
          const t = e.trackId ? getTrack(db, e.trackId) : undefined;
          const what =
            e.kind === 'rating'
              ? `rated ${e.rating ?? ''}`
              : `played${e.duration !== null ? ` ${Math.round(e.duration)} s` : ''}${e.completed ? ', to the end' : ''}${e.skipped ? ', skipped' : ''}${e.rating ? `, ${e.rating}d` : ''}`;
          process.stdout.write(`${e.timestamp.toISOString()}  ${t ? trackLabel(t) : '(not matched yet)'}  ${what}  [${e.source}]\n`);
        }
      } finally {
        db.close();
      }
    });
}
