/**
 * Listening history in the library database: append-only events (plays and ratings), the state
 * derived from them per user and track (play counts, skips, last played, latest rating), and
 * exclusions. Every statement of the history lives here; the rules that derive the state (what a
 * skip is, which rating counts) live in history/state.ts.
 */
import type { Statement } from 'better-sqlite3';
import { cachedStatement, type LibraryDb } from './db.js';

/** One event to append (validated by the caller). */
export interface NewListenEvent {
  eventId: string;
  userId: string;
  /** Null for an imported listen not (yet) matched to a library track. */
  trackId: string | null;
  kind: 'play' | 'rating';
  /** Epoch milliseconds. */
  ts: number;
  /** Seconds listened; null when unknown. */
  duration: number | null;
  completed: boolean | null;
  skipped: boolean | null;
  /** `none` clears an earlier rating. */
  rating: 'like' | 'dislike' | 'none' | null;
  /** `cli`, `api`, `import:<format>`, … */
  source: string;
  /** The export's metadata (artist, title, album, ids), kept for listens to match later; JSON. */
  raw: string | null;
}

/** A stored event. */
export interface StoredListenEvent extends NewListenEvent {
  seq: number;
  recordedAt: number;
}

const EVENT_COLUMNS = `seq, event_id AS eventId, user_id AS userId, track_id AS trackId, kind, ts, duration, completed, skipped,
  rating, source, raw, recorded_at AS recordedAt`;

interface EventRow extends Omit<StoredListenEvent, 'completed' | 'skipped'> {
  completed: 0 | 1 | null;
  skipped: 0 | 1 | null;
}

const flag = (v: boolean | null): 0 | 1 | null => (v === null ? null : v ? 1 : 0);
const bool = (v: 0 | 1 | null): boolean | null => (v === null ? null : v === 1);
const toEvent = (r: EventRow): StoredListenEvent => ({ ...r, completed: bool(r.completed), skipped: bool(r.skipped) });

/** What a batch of events adds to the state of one user and track (history/state.ts computes it). */
export interface ListenStateDelta {
  userId: string;
  trackId: string;
  plays: number;
  completedPlays: number;
  skips: number;
  /** Earliest and latest play of the batch, epoch ms; null when it holds no play. */
  firstPlayed: number | null;
  lastPlayed: number | null;
  /** The batch's latest rating (`none` clears), with its time; null when it holds none. */
  rating: 'like' | 'dislike' | 'none' | null;
  ratedAt: number | null;
  /** Σ 2^((t − ref)/h) over the plays that were not skips, over those of them completed, and over the skips (history/state.ts). */
  decayPlays: number;
  decayCompleted: number;
  decaySkips: number;
}

/** Statements prepared once per database handle. */
function statements(db: LibraryDb) {
  let s = prepared.get(db);
  if (!s) {
    s = {
      insert: db.prepare<unknown[]>(
        `INSERT OR IGNORE INTO listen_events (event_id, user_id, track_id, kind, ts, duration, completed, skipped, rating, source, raw, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      fold: db.prepare<ListenStateDelta[]>(
        `INSERT INTO listen_state (user_id, track_id, plays, completed_plays, skips, first_played, last_played, rating, rated_at,
           decay_plays, decay_completed, decay_skips)
         VALUES (@userId, @trackId, @plays, @completedPlays, @skips, @firstPlayed, @lastPlayed,
           CASE WHEN @rating IN ('like', 'dislike') THEN @rating END, @ratedAt, @decayPlays, @decayCompleted, @decaySkips)
         ON CONFLICT(user_id, track_id) DO UPDATE SET
           plays = plays + excluded.plays,
           decay_plays = decay_plays + excluded.decay_plays,
           decay_completed = decay_completed + excluded.decay_completed,
           decay_skips = decay_skips + excluded.decay_skips,
           completed_plays = completed_plays + excluded.completed_plays,
           skips = skips + excluded.skips,
           first_played = CASE WHEN excluded.first_played IS NULL THEN first_played
             WHEN first_played IS NULL OR excluded.first_played < first_played THEN excluded.first_played ELSE first_played END,
           last_played = CASE WHEN excluded.last_played IS NULL THEN last_played
             WHEN last_played IS NULL OR excluded.last_played > last_played THEN excluded.last_played ELSE last_played END,
           rating = CASE WHEN excluded.rated_at IS NOT NULL AND (rated_at IS NULL OR excluded.rated_at >= rated_at)
             THEN excluded.rating ELSE rating END,
           rated_at = CASE WHEN excluded.rated_at IS NOT NULL AND (rated_at IS NULL OR excluded.rated_at >= rated_at)
             THEN excluded.rated_at ELSE rated_at END`,
      ),
    };
    prepared.set(db, s);
  }
  return s;
}
const prepared = new WeakMap<LibraryDb, { insert: Statement<unknown[]>; fold: Statement<ListenStateDelta[]> }>();

/**
 * Appends events, in the caller's transaction. An event whose id is already stored is ignored
 * (idempotent ingestion); the caller folds the stored ones into the state.
 *
 * @returns for each event, true when it was stored now, false when it was a duplicate
 */
export function appendListenEvents(db: LibraryDb, events: readonly NewListenEvent[], recordedAt = Date.now()): boolean[] {
  const { insert } = statements(db);
  // Positional parameters: binding by name costs a third more per event.
  return events.map(
    (e) =>
      insert.run(e.eventId, e.userId, e.trackId, e.kind, e.ts, e.duration, flag(e.completed), flag(e.skipped), e.rating, e.source, e.raw, recordedAt).changes > 0,
  );
}

/** Adds deltas to listen_state, in the caller's transaction (a rating only replaces an older one). */
export function foldListenState(db: LibraryDb, deltas: readonly ListenStateDelta[]): void {
  const { fold } = statements(db);
  for (const d of deltas) fold.run(d);
}

/** Empties listen_state (before a rebuild), in the caller's transaction. */
export function clearListenState(db: LibraryDb, userId?: string): void {
  if (userId === undefined) db.prepare(`DELETE FROM listen_state`).run();
  else db.prepare(`DELETE FROM listen_state WHERE user_id = ?`).run(userId);
}

/**
 * One matched event as the derivations read it: `[seq, trackId, kind, ts, duration, completed,
 * skipped, rating]` (a tuple: a user with 100,000 listens reads fast).
 */
export type EventTuple = [
  seq: number,
  trackId: string,
  kind: 'play' | 'rating',
  ts: number,
  duration: number | null,
  completed: 0 | 1 | null,
  skipped: 0 | 1 | null,
  rating: 'like' | 'dislike' | 'none' | null,
];

/** Every matched event of a user, in storage order (unsorted: the derivations do not need an order). */
export function matchedEventTuples(db: LibraryDb, userId: string): EventTuple[] {
  return cachedStatement(db, `SELECT seq, track_id, kind, ts, duration, completed, skipped, rating FROM listen_events WHERE user_id = ? AND track_id IS NOT NULL`)
    .raw()
    .all(userId) as EventTuple[];
}

/**
 * The state rows of one user as tuples `[trackId, plays, skips, lastPlayed, rating, ratedAt,
 * decayPlays, decayCompleted, decaySkips]` (what a profile reads: one row per track, however long
 * the history).
 */
export type StateTuple = [
  trackId: string,
  plays: number,
  skips: number,
  lastPlayed: number | null,
  rating: 'like' | 'dislike' | null,
  ratedAt: number | null,
  decayPlays: number,
  decayCompleted: number,
  decaySkips: number,
];

/** The state of every track a user played or rated, as {@link StateTuple}s. */
export function stateTuples(db: LibraryDb, userId: string): StateTuple[] {
  return cachedStatement(
    db,
    `SELECT track_id, plays, skips, last_played, rating, rated_at, decay_plays, decay_completed, decay_skips FROM listen_state WHERE user_id = ?`,
  )
    .raw()
    .all(userId) as StateTuple[];
}

/** The ids of the users with events. */
export function usersWithEvents(db: LibraryDb): string[] {
  return db.prepare(`SELECT DISTINCT user_id FROM listen_events ORDER BY user_id`).pluck().all() as string[];
}

/** Options of {@link listListenEvents}. */
export interface ListEventsOptions {
  /** Only events at or after this time, epoch ms. */
  since?: number;
  /** At most this many, newest first (default: all). */
  limit?: number;
  /** Include imported listens not matched to a track (default false). */
  unmatched?: boolean;
}

/** A user's events, newest first (ties: last recorded first). */
export function listListenEvents(db: LibraryDb, userId: string, options: ListEventsOptions = {}): StoredListenEvent[] {
  const rows = db
    .prepare(
      `SELECT ${EVENT_COLUMNS} FROM listen_events
       WHERE user_id = @userId AND ts >= @since ${options.unmatched ? '' : 'AND track_id IS NOT NULL'}
       ORDER BY ts DESC, seq DESC LIMIT @limit`,
    )
    .all({ userId, since: options.since ?? -8.64e15, limit: options.limit ?? -1 }) as EventRow[];
  return rows.map(toEvent);
}

/** The derived state of one user and track. */
export interface ListenState {
  userId: string;
  trackId: string;
  plays: number;
  completedPlays: number;
  skips: number;
  firstPlayed: number | null;
  lastPlayed: number | null;
  rating: 'like' | 'dislike' | null;
  ratedAt: number | null;
  /** Recency-decayed sums (see {@link ListenStateDelta}). */
  decayPlays: number;
  decayCompleted: number;
  decaySkips: number;
}

const STATE_COLUMNS = `user_id AS userId, track_id AS trackId, plays, completed_plays AS completedPlays, skips,
  first_played AS firstPlayed, last_played AS lastPlayed, rating, rated_at AS ratedAt,
  decay_plays AS decayPlays, decay_completed AS decayCompleted, decay_skips AS decaySkips`;

/** The state of every track a user played or rated (or of everyone when `userId` is omitted), by user then track. */
export function listListenState(db: LibraryDb, userId?: string): ListenState[] {
  return (
    userId === undefined
      ? db.prepare(`SELECT ${STATE_COLUMNS} FROM listen_state ORDER BY user_id, track_id`).all()
      : db.prepare(`SELECT ${STATE_COLUMNS} FROM listen_state WHERE user_id = ? ORDER BY track_id`).all(userId)
  ) as ListenState[];
}

/** How many events the library holds: all, matched to a track, and per user when asked. */
export function countListenEvents(db: LibraryDb, userId?: string): { events: number; matched: number } {
  const r = (
    userId === undefined
      ? db.prepare(`SELECT COUNT(*) AS events, COUNT(track_id) AS matched FROM listen_events`).get()
      : db.prepare(`SELECT COUNT(*) AS events, COUNT(track_id) AS matched FROM listen_events WHERE user_id = ?`).get(userId)
  ) as { events: number; matched: number };
  return r;
}

/** Imported events of a user (or of everyone) that no track matched yet, with their raw metadata. */
export function unmatchedListenEvents(db: LibraryDb, userId?: string): { seq: number; userId: string; raw: string | null }[] {
  return (
    userId === undefined
      ? db.prepare(`SELECT seq, user_id AS userId, raw FROM listen_events WHERE track_id IS NULL ORDER BY seq`).all()
      : db.prepare(`SELECT seq, user_id AS userId, raw FROM listen_events WHERE track_id IS NULL AND user_id = ? ORDER BY seq`).all(userId)
  ) as { seq: number; userId: string; raw: string | null }[];
}

/**
 * Attaches unmatched events to the tracks found for them (in the caller's transaction).
 *
 * @returns the events attached now (for the caller to fold into the state)
 */
export function attachListenEvents(db: LibraryDb, matches: readonly { seq: number; trackId: string }[]): EventTuple[] {
  const set = db.prepare(`UPDATE listen_events SET track_id = ? WHERE seq = ? AND track_id IS NULL`);
  const get = db.prepare(`SELECT seq, track_id, kind, ts, duration, completed, skipped, rating FROM listen_events WHERE seq = ?`).raw();
  const out: EventTuple[] = [];
  for (const m of matches) if (set.run(m.trackId, m.seq).changes > 0) out.push(get.get(m.seq) as EventTuple);
  return out;
}

/** One exclusion of a user: an artist, a genre or a track they never want recommended. */
export interface Exclusion {
  kind: 'artist' | 'genre' | 'track';
  /** The normalised value it is matched on (a track id, or a lower-cased trimmed name). */
  value: string;
  /** As the user gave it. */
  label: string;
  /** When it was set, epoch ms. */
  setAt: number;
}

/** Sets (or refreshes) an exclusion. */
export function putExclusion(db: LibraryDb, userId: string, e: Exclusion): void {
  db.prepare(
    `INSERT INTO exclusions (user_id, kind, value, label, set_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(user_id, kind, value) DO UPDATE SET label = excluded.label, set_at = excluded.set_at`,
  ).run(userId, e.kind, e.value, e.label, e.setAt);
}

/** Removes an exclusion; true when there was one. */
export function deleteExclusion(db: LibraryDb, userId: string, kind: Exclusion['kind'], value: string): boolean {
  return db.prepare(`DELETE FROM exclusions WHERE user_id = ? AND kind = ? AND value = ?`).run(userId, kind, value).changes > 0;
}

/** A user's exclusions, by kind then value. */
export function listExclusions(db: LibraryDb, userId: string): Exclusion[] {
  return cachedStatement(db, `SELECT kind, value, label, set_at AS setAt FROM exclusions WHERE user_id = ? ORDER BY kind, value`).all(userId) as Exclusion[];
}
