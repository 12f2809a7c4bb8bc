import type { Command } from 'commander';
import { z } from 'zod';
import { buildUserProfile, getTrack, openLibrary, trackLabel, type UserProfile } from '@audiio-ml/ml-core';
import { dbPathOf, isoTimeArg, parseArgs } from '../options.js';

const profileArgs = z.object({ user: z.string().min(1), at: isoTimeArg.optional(), json: z.boolean().optional() });

/** The profile as JSON: vectors as plain arrays, weights rounded to 6 decimals. */
function profileJson(p: UserProfile): unknown {
  const r6 = (x: number) => Math.round(x * 1e6) / 1e6;
  return {
    ...p,
    tasteVector: p.tasteVector ? Array.from(p.tasteVector, r6) : null,
    tasteClusters: p.tasteClusters.map((c) => ({ ...c, centroid: Array.from(c.centroid, r6), weight: r6(c.weight), share: r6(c.share) })),
    trackWeights: p.trackWeights.map((t) => ({ trackId: t.trackId, weight: r6(t.weight) })),
    builtAt: new Date(p.builtAt).toISOString(),
  };
}

/** `audiio-ml profile --user U [--json]`: what the engine knows of a listener's taste. */
export function registerProfile(program: Command): void {
  program
    .command('profile')
    .description("a listener's profile: top artists and genres, taste clusters with an example track each, counts")
    .requiredOption('--user <name>', 'the listener')
    .option('--at <time>', 'the clock the recency weights use (ISO-8601; default now)')
    .option('--json', 'print the whole profile as one JSON object')
    .action((raw: unknown, cmd: Command) => {
      const o = parseArgs(profileArgs, raw);
      const dbPath = dbPathOf(cmd);
      const db = openLibrary(dbPath);
      try {
        const p = buildUserProfile(db, dbPath, o.user, { now: o.at, onMessage: (m) => process.stderr.write(`audiio-ml: ${m}\n`) });
        if (o.json) {
          process.stdout.write(JSON.stringify(profileJson(p)) + '\n');
          return;
        }
        const label = (id: string) => {
          const t = getTrack(db, id);
          return t ? trackLabel(t) : id;
        };
        const c = p.counts;
        const lines = [
          `profile of ${p.userId} at ${new Date(p.builtAt).toISOString()}`,
          `  ${c.plays} plays (${c.skips} skips) of ${c.tracks} tracks; ${c.liked} liked, ${c.disliked} disliked; taste from ${p.vectors} vectors${p.modelVersion ? ` (${p.modelVersion})` : ''}`,
          `  top artists: ${p.topArtists.map((a) => `${a.name} (${a.weight.toFixed(2)})`).join(', ') || '–'}`,
          `  top genres:  ${p.topGenres.map((g) => `${g.name} (${g.weight.toFixed(2)})`).join(', ') || '–'}`,
          `  tastes:`,
          ...(p.tasteClusters.length
            ? p.tasteClusters.map((k, i) => `    ${i + 1}. ${Math.round(k.share * 100)}% — ${k.trackIds.length} tracks, e.g. ${label(k.exampleTrackId)}`)
            : ['    – (no history yet)']),
          `  recently played: ${p.recentlyPlayed.slice(0, 5).map(label).join(' · ') || '–'}`,
          ...(p.excluded.artists.length + p.excluded.genres.length + p.excluded.tracks.length
            ? [`  excluded: ${[...p.excluded.artists.map((a) => `artist ${a}`), ...p.excluded.genres.map((g) => `genre ${g}`), ...p.excluded.tracks.map((t) => `track ${label(t)}`)].join(', ')}`]
            : []),
        ];
        process.stdout.write(lines.join('\n') + '\n');
      } finally {
        db.close();
      }
    });
}
