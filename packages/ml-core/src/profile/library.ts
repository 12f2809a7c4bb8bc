/**
 * The profile of a library's listener: a {@link ProfileSource} over the library database (its
 * catalogue, the current model's vectors or content vectors, events and exclusions).
 */
import type { LibraryDb } from '../store/db.js';
import { listExclusions, profileEvents } from '../store/listens.js';
import { listTracks } from '../store/tracks.js';
import { libraryVectors } from '../track-index/similar.js';
import { requireUser } from '../history/users.js';
import { UserProfileBuilder, type ProfileConfig, type ProfileSource, type UserProfile } from './builder.js';
import type { ClusterConfig } from './clusters.js';

/**
 * A {@link ProfileSource} over a library: the catalogue is read once, vectors come from the
 * library's track index (the current embedding model's, or content vectors before one is trained).
 */
export function libraryProfileSource(db: LibraryDb, dbPath: string, opts: { onMessage?: (m: string) => void } = {}): ProfileSource {
  const tracks = new Map(listTracks(db).map((t) => [t.id, { artist: t.artist, genre: t.genre }]));
  const v = libraryVectors(db, dbPath, opts);
  return {
    events: (userId) => profileEvents(db, userId),
    track: (id) => tracks.get(id),
    vector: (id) => v.index.vector(id),
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
