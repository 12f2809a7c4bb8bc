/**
 * The profile of a library's listener: a {@link ProfileSource} over the library database (its
 * catalogue, the current model's vectors or content vectors, events and exclusions).
 */
import type { LibraryDb } from '../store/db.js';
import { listExclusions, matchedEventTuples, stateTuples } from '../store/listens.js';
import { isSkip, STATE_DECAY_REF_MS, STATE_HALF_LIFE_DAYS } from '../history/state.js';
import { listTracks } from '../store/tracks.js';
import { loadEmbeddings } from '../store/embeddings.js';
import { libraryVectors } from '../track-index/similar.js';
import { requireUser } from '../history/users.js';
import { UserProfileBuilder, type ProfileConfig, type ProfileSource, type UserProfile } from './builder.js';
import type { ClusterConfig } from './clusters.js';

/**
 * A {@link ProfileSource} over a library: the catalogue is read once, vectors come from the
 * library's track index (the current embedding model's, or content vectors before one is trained).
 */
export function libraryProfileSource(db: LibraryDb, dbPath: string, opts: { onMessage?: (m: string) => void } = {}): ProfileSource {
  const tracks = new Map(listTracks(db).map((t) => [t.id, { artist: t.artist, genre: t.genre, durationSec: t.durationSec }]));
  const v = libraryVectors(db, dbPath, opts);
  // The embedding index may be HNSW, whose per-id vector read is a native copy: keep the vectors at hand.
  const vectors = v.vectors === 'embedding' && v.modelVersion ? new Map(loadEmbeddings(db, v.modelVersion).map((r) => [r.trackId, r.vector])) : null;
  return {
    events: (userId) =>
      matchedEventTuples(db, userId).map(([seq, trackId, kind, ts, duration, completed, skipped, rating]) => ({
        trackId,
        kind,
        ts,
        seq,
        completed: completed === 1,
        skip: kind === 'play' && isSkip(duration, completed === null ? null : completed === 1, skipped === null ? null : skipped === 1, tracks.get(trackId)?.durationSec),
        rating,
      })),
    trackStates: (userId) => stateTuples(db, userId),
    stateDecay: { halfLifeDays: STATE_HALF_LIFE_DAYS, refMs: STATE_DECAY_REF_MS },
    track: (id) => tracks.get(id),
    vector: vectors ? (id) => vectors.get(id) : (id) => v.index.vector(id),
    exclusions: (userId) => listExclusions(db, userId),
    vectors: v.vectors,
    modelVersion: v.modelVersion,
  };
}

/** Options of {@link buildUserProfile}. */
export interface BuildProfileOptions {
  /** The clock, epoch ms (default now). */
  now?: number;
  config?: Partial<Omit<ProfileConfig, 'clusters'>> & { clusters?: Partial<ClusterConfig> };
  onMessage?: (m: string) => void;
}

/**
 * The profile of one listener of the library at `dbPath` (see {@link UserProfileBuilder}).
 *
 * @throws AudiioError `NOT_FOUND` for an unknown user
 */
export function buildUserProfile(db: LibraryDb, dbPath: string, userId: string, options: BuildProfileOptions = {}): UserProfile {
  requireUser(db, userId);
  return new UserProfileBuilder(libraryProfileSource(db, dbPath, options), options.config).buildProfile(userId, options.now);
}
