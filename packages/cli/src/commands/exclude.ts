import type { Command } from 'commander';
import { z } from 'zod';
import { AudiioError, clearExclusion, listExclusions, openLibrary, resolveTrack, setExclusion, type ExclusionTarget } from '@audiio-ml/ml-core';
import { dbPathOf, parseArgs, print } from '../options.js';

const excludeArgs = z.object({
  user: z.string().min(1),
  artist: z.string().trim().min(1).optional(),
  genre: z.string().trim().min(1).optional(),
  track: z.string().trim().min(1).optional(),
  remove: z.boolean().optional(),
  list: z.boolean().optional(),
  json: z.boolean().optional(),
});

/** `audiio-ml exclude --user U (--artist A | --genre G | --track T) [--remove]`, and `--list`. */
export function registerExclude(program: Command): void {
  program
    .command('exclude')
    .description('never recommend an artist, a genre or a track to a listener (or lift that with --remove; --list shows them)')
    .requiredOption('--user <name>', 'the listener')
    .option('--artist <name>', 'an artist')
    .option('--genre <name>', 'a genre')
    .option('--track <track>', 'a track (id, file path, or "artist - title")')
    .option('--remove', 'lift the exclusion instead')
    .option('--list', "list the listener's exclusions")
    .option('--json', 'print JSON')
    .action((raw: unknown, cmd: Command) => {
      const o = parseArgs(excludeArgs, raw);
      const db = openLibrary(dbPathOf(cmd));
      try {
        if (o.list) {
          const all = listExclusions(db, o.user);
          print(o.json, all, () => (all.length ? all.map((e) => `${e.kind.padEnd(6)} ${e.label}  (since ${new Date(e.setAt).toISOString()})\n`).join('') : 'no exclusions\n'));
          return;
        }
        const given = [o.artist && 'artist', o.genre && 'genre', o.track && 'track'].filter(Boolean);
        if (given.length !== 1) throw new AudiioError('BAD_ARGUMENT', 'give exactly one of --artist, --genre or --track (or --list)');
        const target: ExclusionTarget = o.artist ? { artist: o.artist } : o.genre ? { genre: o.genre } : { track: resolveTrack(db, o.track as string).id };
        if (o.remove) {
          const removed = clearExclusion(db, o.user, target);
          print(o.json, { removed }, () => (removed ? 'exclusion lifted\n' : 'there was no such exclusion\n'));
        } else {
          const e = setExclusion(db, o.user, target);
          print(o.json, e, () => `excluded ${e.kind} ${e.label} for ${o.user}\n`);
        }
      } finally {
        db.close();
      }
    });
}
