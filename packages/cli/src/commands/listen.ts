import type { Command } from 'commander';
import { z } from 'zod';
import { openLibrary, rateTrack, recordListens, resolveTrack, trackLabel } from '@audiio-ml/ml-core';
import { EXIT } from '../exit.js';
import { dbPathOf, isoTimeArg, parseArgs, print, secondsArg } from '../options.js';

const listenArgs = z.object({
  user: z.string().min(1),
  duration: secondsArg.optional(),
  completed: z.boolean().optional(),
  skipped: z.boolean().optional(),
  rating: z.enum(['like', 'dislike'], { error: 'must be like or dislike' }).optional(),
  at: isoTimeArg.optional(),
  json: z.boolean().optional(),
});

/** `audiio-ml listen --user U TRACK [--duration S] [--completed] [--at ISO]`: record that a listener played a track. */
export function registerListen(program: Command): void {
  program
    .command('listen')
    .description('record that a listener played TRACK (a track id, a file path, or "artist - title")')
    .argument('<track>', 'track id, file path, or "artist - title"')
    .requiredOption('--user <name>', 'the listener')
    .option('--duration <s>', 'seconds listened')
    .option('--completed', 'the track played to its end')
    .option('--skipped', 'the listener skipped it')
    .option('--rating <r>', 'like or dislike, given while it played')
    .option('--at <time>', 'when it started (ISO-8601; default now)')
    .option('--json', 'print the result as one JSON object')
    .action((spec: string, raw: unknown, cmd: Command) => {
      const o = parseArgs(listenArgs, raw);
      const db = openLibrary(dbPathOf(cmd));
      try {
        const track = resolveTrack(db, spec);
        const now = Date.now();
        const r = recordListens(
          db,
          o.user,
          { trackId: track.id, timestamp: o.at ?? now, duration: o.duration, completed: o.completed, skipped: o.skipped, rating: o.rating },
          { source: 'cli', now },
        );
        if (r.failed.length) {
          process.stderr.write(`listen: ${r.failed.map((f) => f.message.replace(/^event 0: /, '')).join('; ')}\n`);
          process.exitCode = EXIT.USAGE;
          return;
        }
        print(o.json, { trackId: track.id, ...r }, () => `${r.recorded ? 'recorded' : 'already recorded'}: ${o.user} played ${trackLabel(track)}\n`);
      } finally {
        db.close();
      }
    });
}

const rateArgs = z.object({ user: z.string().min(1), at: isoTimeArg.optional(), json: z.boolean().optional() });

/** `audiio-ml rate --user U TRACK like|dislike|none`: rate a track (none clears the rating). */
export function registerRate(program: Command): void {
  program
    .command('rate')
    .description('rate TRACK for a listener: like, dislike, or none to clear')
    .argument('<track>', 'track id, file path, or "artist - title"')
    .argument('<rating>', 'like, dislike or none')
    .requiredOption('--user <name>', 'the listener')
    .option('--at <time>', 'when (ISO-8601; default now)')
    .option('--json', 'print the result as one JSON object')
    .action((spec: string, rating: string, raw: unknown, cmd: Command) => {
      const o = parseArgs(rateArgs, raw);
      const r = parseArgs(z.object({ rating: z.enum(['like', 'dislike', 'none'], { error: 'must be like, dislike or none' }) }), { rating }, true).rating;
      const db = openLibrary(dbPathOf(cmd));
      try {
        const track = resolveTrack(db, spec);
        const stored = rateTrack(db, o.user, track.id, r, { at: o.at, source: 'cli' });
        print(o.json, { trackId: track.id, rating: r, recorded: stored }, () => `${o.user} ${r === 'none' ? 'cleared the rating of' : `rated ${r}:`} ${trackLabel(track)}\n`);
      } finally {
        db.close();
      }
    });
}
