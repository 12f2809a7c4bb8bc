/** Reading a listener's history back, newest first, in the seed's `ListenEntry` names. */
import { AudiioError } from '../errors.js';
import type { LibraryDb } from '../store/db.js';
import { listListenEvents } from '../store/listens.js';
import { timestampMs } from './record.js';
import type { Rating } from './types.js';
import { requireUser } from './users.js';

/** One stored event as {@link listHistory} returns it. */
export interface ListenRecord {
  eventId: string;
  /** `play` (a listen, possibly with a rating) or `rating` (a rating given outside a play). */
  kind: 'play' | 'rating';
  /** The library track; null for an imported listen no track matched yet. */
  trackId: string | null;
  timestamp: Date;
  /** Seconds listened; null when unknown. */
  duration: number | null;
  completed: boolean | null;
  skipped: boolean | null;
  /** `none`: a rating was cleared. */
  rating: Rating | 'none' | null;
  source: string;
}

/** Options of {@link listHistory}. */
export interface ListHistoryOptions {
  /** Only events at or after this time. */
  since?: Date | number | string;
  /** At most this many (the newest). */
  limit?: number;
  /** Also imported listens that no library track matched yet (default false). */
  unmatched?: boolean;
}

/**
 * A user's listening history, newest first.
 *
 * @throws AudiioError `NOT_FOUND` for an unknown user, `BAD_ARGUMENT` for a bad `since` or `limit`
 */
export function listHistory(db: LibraryDb, userId: string, options: ListHistoryOptions = {}): ListenRecord[] {
  requireUser(db, userId);
  const since = options.since === undefined ? undefined : timestampMs(options.since);
  if (options.since !== undefined && since === undefined) throw new AudiioError('BAD_ARGUMENT', `since ${JSON.stringify(options.since)} is not a date`);
  if (options.limit !== undefined && !(Number.isInteger(options.limit) && options.limit > 0)) {
    throw new AudiioError('BAD_ARGUMENT', `limit must be a positive integer, got ${options.limit}`);
  }
  return listListenEvents(db, userId, { since, limit: options.limit, unmatched: options.unmatched }).map((e) => ({
    eventId: e.eventId,
    kind: e.kind,
    trackId: e.trackId,
    timestamp: new Date(e.ts),
    duration: e.duration,
    completed: e.completed,
    skipped: e.skipped,
    rating: e.rating,
    source: e.source,
  }));
}
