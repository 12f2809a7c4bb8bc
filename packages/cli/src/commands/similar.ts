import type { Command } from 'commander';
import { resolve } from 'node:path';
import {
  AudiioError,
  CONTENT_DIM,
  ExactTrackIndex,
  FEATURE_NAMES,
  contentVectors,
  embeddingsStamp,
  getCurrentModelVersion,
  getTrack,
  getTrackByPath,
  isAudiioError,
  listFeatures,
  openLibrary,
  openLibraryTrackIndex,
  type LibraryDb,
  type TrackIndex,
  type TrackRecord,
} from '@audiio-ml/ml-core';
import { dbPathOf } from '../options.js';

const label = (t: Pick<TrackRecord, 'artist' | 'title'>) => `${t.artist ?? '?'} - ${t.title ?? '?'}`;
const describeTrack = (t: TrackRecord) => `${t.id}  ${label(t)}${t.album ? `  [${t.album}]` : ''}${t.path ? `  ${t.path}` : ''}`;

/**
 * Finds the track `spec` names: a track id, a file path (absolute or relative
 * to the working directory), or "artist - title" (case-insensitive; every
 * " - " is tried as the separator).
 *
 * @throws AudiioError `NOT_FOUND` (with close candidates) when nothing matches,
 * `BAD_ARGUMENT` (listing the candidates) when "artist - title" matches several tracks.
 */
export function resolveTrack(db: LibraryDb, spec: string): TrackRecord {
  const byId = getTrack(db, spec);
  if (byId) return byId;
  const byPath = getTrackByPath(db, resolve(spec));
  if (byPath) return byPath;
  const matches = new Map<string, TrackRecord>();
  const stmt = db.prepare(`SELECT id FROM tracks WHERE artist = ? COLLATE NOCASE AND title = ? COLLATE NOCASE ORDER BY id`);
  for (let at = spec.indexOf(' - '); at >= 0; at = spec.indexOf(' - ', at + 1)) {
    for (const { id } of stmt.all(spec.slice(0, at).trim(), spec.slice(at + 3).trim()) as { id: string }[]) {
      matches.set(id, getTrack(db, id)!);
    }
  }
  if (matches.size === 1) return [...matches.values()][0];
  if (matches.size > 1) {
    throw new AudiioError(
      'BAD_ARGUMENT',
      `"${spec}" matches ${matches.size} tracks; name one by its id or path:\n${[...matches.values()].map((t) => `  ${describeTrack(t)}`).join('\n')}`,
    );
  }
  const like = `%${spec.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const close = (
    db
      .prepare(
        `SELECT id FROM tracks WHERE title LIKE @q ESCAPE '\\' OR (artist || ' - ' || title) LIKE @q ESCAPE '\\' OR path LIKE @q ESCAPE '\\'
         ORDER BY id LIMIT 10`,
      )
      .all({ q: like }) as { id: string }[]
  ).map(({ id }) => getTrack(db, id)!);
  throw new AudiioError(
    'NOT_FOUND',
    `no track with id, path or "artist - title" ${JSON.stringify(spec)}` +
      (close.length ? `; close matches:\n${close.map((t) => `  ${describeTrack(t)}`).join('\n')}` : ''),
  );
}

/** The vectors a similarity search uses, and how they were obtained. */
interface VectorSource {
  index: TrackIndex;
  vectors: 'embedding' | 'content';
  modelVersion?: string;
  indexStatus?: string;
  note: string;
}

/**
 * The current embedding model's index when the library has one, otherwise an
 * exact index over the content vectors (ten z-scored features, key as sin/cos)
 * of every analysed track.
 */
function vectorSource(db: LibraryDb, dbPath: string): VectorSource {
  const modelVersion = getCurrentModelVersion(db);
  if (modelVersion && embeddingsStamp(db, modelVersion).count > 0) {
    const r = openLibraryTrackIndex(db, dbPath, { modelVersion, onMessage: (m) => process.stderr.write(`audiio-ml: ${m}\n`) });
    return {
      index: r.index,
      vectors: 'embedding',
      modelVersion,
      indexStatus: r.status,
      note: `embedding model ${modelVersion} (${r.index.kind} index, ${r.index.size()} tracks, ${r.status})`,
    };
  }
  const rows = listFeatures(db);
  const raw = new Float32Array(rows.length * FEATURE_NAMES.length);
  rows.forEach((r, i) => FEATURE_NAMES.forEach((name, j) => (raw[i * FEATURE_NAMES.length + j] = r.features[name])));
  const cv = contentVectors(raw);
  const index = new ExactTrackIndex(CONTENT_DIM, { initialCapacity: Math.max(1, rows.length) });
  let flat = 0;
  rows.forEach((r, i) => {
    try {
      index.add(r.trackId, cv.subarray(i * CONTENT_DIM, (i + 1) * CONTENT_DIM));
    } catch (err) {
      if (!isAudiioError(err, 'BAD_ARGUMENT')) throw err;
      flat++; // every feature exactly at the mean: no direction
    }
  });
  const why = modelVersion ? `model ${modelVersion} has no stored embeddings` : 'no embedding model trained yet';
  return {
    index,
    vectors: 'content',
    note: `content vectors of ${index.size()} analysed tracks (${why}; exact search${flat ? `; ${flat} tracks with average features left out` : ''})`,
  };
}

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
        const track = resolveTrack(db, spec);
        const source = vectorSource(db, dbPath);
        const query = source.index.vector(track.id);
        if (!query) {
          throw new AudiioError(
            'NOT_FOUND',
            source.vectors === 'embedding'
              ? `track ${track.id} (${label(track)}) has no embedding for model ${source.modelVersion}; embed the library first`
              : `track ${track.id} (${label(track)}) has no analysed features (or only average ones); analyse it first`,
          );
        }
        const results = source.index.findSimilar(query, k, { exclude: [track.id] }).map((n, i) => {
          const t = getTrack(db, n.id);
          return { rank: i + 1, id: n.id, similarity: n.similarity, artist: t?.artist ?? null, title: t?.title ?? null, path: t?.path ?? null };
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
        process.stdout.write(`similar to ${label(track)} (${track.id})\nvectors: ${source.note}\n`);
        if (!results.length) process.stdout.write('no other track to compare with\n');
        for (const r of results) {
          process.stdout.write(`${String(r.rank).padStart(4)}  ${r.similarity.toFixed(4)}  ${label(r)}  (${r.id})\n`);
        }
      } finally {
        db.close();
      }
    });
}
