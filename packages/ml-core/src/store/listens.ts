/**
 * Listening history in the library database: append-only events (plays and ratings), the state
 * derived from them per user and track (play counts, skips, last played, latest rating), and
 * exclusions. Every statement of the history lives here.
 *
 * A **skip** is a play flagged `skipped` by the player or the export, or, unless it is flagged
 * completed, a play of known duration under {@link SKIP_SECONDS} s or under
 * {@link SKIP_FRACTION} of the track's length. The rule is one SQL expression ({@link skipSql}),
 * used when the state is updated, when it is rebuilt and when a profile reads the events.
 */
import type { LibraryDb } from './db.js';

/** A play shorter than this (seconds) is a skip. */
export const SKIP_SECONDS = 30;
/** A play shorter than this fraction of the track's length is a skip. */
export const SKIP_FRACTION = 0.5;

/** The skip rule over an event row `e` and its track row `t` (module doc). */
export function skipSql(e = 'e', t = 't'): string {
  return `(CASE WHEN ${e}.skipped = 1 THEN 1 WHEN ${e}.completed = 1 THEN 0 WHEN ${e}.duration IS NULL THEN 0
    WHEN ${e}.duration < ${SKIP_SECONDS} THEN 1
    WHEN ${t}.duration_sec IS NOT NULL AND ${e}.duration < ${SKIP_FRACTION} * ${t}.duration_sec THEN 1 ELSE 0 END)`;
}

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

/**
 * The upsert of one event's contribution into listen_state, computed in SQL from the event row
 * (`@…` parameters) and its track (for the skip rule). A rating only replaces an older one
 * (by event time); `none` clears it.
 */
const STATE_UPSERT = `
  INSERT INTO listen_state (user_id, track_id, plays, completed_plays, skips, first_played, last_played, rating, rated_at)
  SELECT @userId, @trackId,
    CASE WHEN @kind = 'play' THEN 1 ELSE 0 END,
    CASE WHEN @kind = 'play' AND e.completed = 1 THEN 1 ELSE 0 END,
    CASE WHEN @kind = 'play' THEN ${skipSql('e', 't')} ELSE 0 END,
    CASE WHEN @kind = 'play' THEN @ts END,
    CASE WHEN @kind = 'play' THEN @ts END,
    CASE WHEN @rating IN ('like', 'dislike') THEN @rating END,
    CASE WHEN @rating IS NOT NULL THEN @ts END
  FROM (SELECT @duration AS duration, @completed AS completed, @skipped AS skipped) e
  LEFT JOIN tracks t ON t.id = @trackId
  WHERE true
  ON CONFLICT(user_id, track_id) DO UPDATE SET
    plays = plays + excluded.plays,
    completed_plays = completed_plays + excluded.completed_plays,
    skips = skips + excluded.skips,
    first_played = CASE WHEN excluded.first_played IS NULL THEN first_played
      WHEN first_played IS NULL OR excluded.first_played < first_played THEN excluded.first_played ELSE first_played END,
    last_played = CASE WHEN excluded.last_played IS NULL THEN last_played
      WHEN last_played IS NULL OR excluded.last_played > last_played THEN excluded.last_played ELSE last_played END,
    rating = CASE WHEN excluded.rated_at IS NOT NULL AND (rated_at IS NULL OR excluded.rated_at >= rated_at)
      THEN excluded.rating ELSE rating END,
    rated_at = CASE WHEN excluded.rated_at IS NOT NULL AND (rated_at IS NULL OR excluded.rated_at >= rated_at)
      THEN excluded.rated_at ELSE rated_at END`;

/** Statements prepared once per database handle. */
function statements(db: LibraryDb) {
  let s = prepared.get(db);
  if (!s) {
    s = {
      insert: db.prepare(
        `INSERT OR IGNORE INTO listen_events (event_id, user_id, track_id, kind, ts, duration, completed, skipped, rating, source, raw, recorded_at)
         VALUES (@eventId, @userId, @trackId, @kind, @ts, @duration, @completed, @skipped, @rating, @source, @raw, @recordedAt)`,
      ),
      state: db.prepare(STATE_UPSERT),
    };
    prepared.set(db, s);
  }
  return s;
}
const prepared = new WeakMap<LibraryDb, { insert: ReturnType<LibraryDb['prepare']>; state: ReturnType<LibraryDb['prepare']> }>();

/**
 * Appends events and folds each new one into listen_state, all in the caller's transaction.
 * An event whose id is already stored is ignored (idempotent ingestion).
 *
 * @returns for each event, true when it was stored now, false when it was a duplicate
 */
export function appendListenEvents(db: LibraryDb, events: readonly NewListenEvent[], recordedAt = Date.now()): boolean[] {
  const { insert, state } = statements(db);
  return events.map((e) => {
    const row = { ...e, completed: flag(e.completed), skipped: flag(e.skipped), recordedAt };
    if (insert.run(row).changes === 0) return false;
    if (e.trackId !== null) state.run(row);
    return true;
  });
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

/** One event with what a profile needs: its track, time, weight inputs and the skip rule's verdict. */
export interface ProfileEventRow {
  trackId: string;
  kind: 'play' | 'rating';
  ts: number;
  duration: number | null;
  completed: 0 | 1 | null;
  rating: 'like' | 'dislike' | 'none' | null;
  skip: 0 | 1;
}

/** Every matched event of a user in time order (oldest first), with the skip rule applied. */
export function profileEvents(db: LibraryDb, userId: string): ProfileEventRow[] {
  return db
    .prepare(
      `SELECT e.track_id AS trackId, e.kind, e.ts, e.duration, e.completed, e.rating, ${skipSql('e', 't')} AS skip
       FROM listen_events e LEFT JOIN tracks t ON t.id = e.track_id
       WHERE e.user_id = ? AND e.track_id IS NOT NULL ORDER BY e.ts, e.seq`,
    )
    .all(userId) as ProfileEventRow[];
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
}

const STATE_COLUMNS = `user_id AS userId, track_id AS trackId, plays, completed_plays AS completedPlays, skips,
  first_played AS firstPlayed, last_played AS lastPlayed, rating, rated_at AS ratedAt`;

/** The state of every track a user played or rated (or of everyone when `userId` is omitted), by user then track. */
export function listListenState(db: LibraryDb, userId?: string): ListenState[] {
  return (
    userId === undefined
      ? db.prepare(`SELECT ${STATE_COLUMNS} FROM listen_state ORDER BY user_id, track_id`).all()
      : db.prepare(`SELECT ${STATE_COLUMNS} FROM listen_state WHERE user_id = ? ORDER BY track_id`).all(userId)
  ) as ListenState[];
}

/**
 * Recomputes listen_state from the events (in the caller's transaction): the state is derived
 * data, and this is the derivation in one statement (the latest rating by event time wins; ties
 * go to the later recorded).
 */
export function rebuildListenState(db: LibraryDb): void {
  db.exec(`DELETE FROM listen_state;
    INSERT INTO listen_state (user_id, track_id, plays, completed_plays, skips, first_played, last_played, rating, rated_at)
    SELECT g.user_id, g.track_id, g.plays, g.completed_plays, g.skips, g.first_played, g.last_played,
      CASE WHEN r.rating IN ('like', 'dislike') THEN r.rating END, r.ts
    FROM (
      SELECT e.user_id, e.track_id,
        SUM(e.kind = 'play') AS plays,
        SUM(e.kind = 'play' AND e.completed = 1) AS completed_plays,
        SUM(CASE WHEN e.kind = 'play' THEN ${skipSql('e', 't')} ELSE 0 END) AS skips,
        MIN(CASE WHEN e.kind = 'play' THEN e.ts END) AS first_played,
        MAX(CASE WHEN e.kind = 'play' THEN e.ts END) AS last_played
      FROM listen_events e LEFT JOIN tracks t ON t.id = e.track_id
      WHERE e.track_id IS NOT NULL GROUP BY e.user_id, e.track_id
    ) g
    LEFT JOIN (
      SELECT user_id, track_id, rating, ts, ROW_NUMBER() OVER (PARTITION BY user_id, track_id ORDER BY ts DESC, seq DESC) AS n
      FROM listen_events WHERE track_id IS NOT NULL AND rating IS NOT NULL
    ) r ON r.user_id = g.user_id AND r.track_id = g.track_id AND r.n = 1;`);
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
 * Attaches unmatched events to the tracks found for them (in the caller's transaction) and folds
 * each into listen_state, as if it had been matched on arrival.
 */
export function attachListenEvents(db: LibraryDb, matches: readonly { seq: number; trackId: string }[]): number {
  const set = db.prepare(`UPDATE listen_events SET track_id = ? WHERE seq = ? AND track_id IS NULL`);
  const get = db.prepare(`SELECT ${EVENT_COLUMNS} FROM listen_events WHERE seq = ?`);
  const { state } = statements(db);
  let n = 0;
  for (const m of matches) {
    if (set.run(m.trackId, m.seq).changes === 0) continue;
    const e = get.get(m.seq) as EventRow;
    state.run({ ...e });
    n++;
  }
  return n;
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
  return db
    .prepare(`SELECT kind, value, label, set_at AS setAt FROM exclusions WHERE user_id = ? ORDER BY kind, value`)
    .all(userId) as Exclusion[];
}
