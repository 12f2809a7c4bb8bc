import { cachedStatement, type LibraryDb } from './db.js';

/** A user (listener, or a playlist standing in for one), as stored. */
export interface UserRecord {
  id: string;
  name: string | null;
  /** Where the user came from: `local`, `spotify`, `import`, ... */
  source: string;
}

/** One user–track interaction, as stored. */
export interface InteractionRow {
  userId: string;
  trackId: string;
  /** > 0; 1 for a like or playlist membership. */
  weight: number;
  /** Milliseconds since the epoch, or null. */
  timestamp: number | null;
}

/** Inserts or updates users (name and source), in one transaction. */
export function upsertUsers(db: LibraryDb, users: readonly UserRecord[]): void {
  const stmt = db.prepare(
    `INSERT INTO users (id, name, source) VALUES (@id, @name, @source)
     ON CONFLICT(id) DO UPDATE SET name = excluded.name, source = excluded.source`,
  );
  db.transaction(() => {
    for (const u of users) stmt.run(u);
  })();
}

/**
 * Inserts or updates interactions (weight and timestamp of an existing pair are replaced, so
 * importing the same file twice leaves the same rows), in one transaction. The user and track
 * must exist.
 */
export function upsertInteractions(db: LibraryDb, rows: readonly InteractionRow[]): void {
  const stmt = db.prepare(
    `INSERT INTO interactions (user_id, track_id, weight, timestamp) VALUES (@userId, @trackId, @weight, @timestamp)
     ON CONFLICT(user_id, track_id) DO UPDATE SET weight = excluded.weight, timestamp = excluded.timestamp`,
  );
  db.transaction(() => {
    for (const r of rows) stmt.run(r);
  })();
}

/** Every user, ordered by id. */
export function listUsers(db: LibraryDb): UserRecord[] {
  return db.prepare(`SELECT id, name, source FROM users ORDER BY id`).all() as UserRecord[];
}

/** The interactions of one user (or of everyone when `userId` is omitted), ordered by user then track. */
export function listInteractions(db: LibraryDb, userId?: string): InteractionRow[] {
  const cols = `user_id AS userId, track_id AS trackId, weight, timestamp`;
  return (
    userId === undefined
      ? db.prepare(`SELECT ${cols} FROM interactions ORDER BY user_id, track_id`).all()
      : db.prepare(`SELECT ${cols} FROM interactions WHERE user_id = ? ORDER BY track_id`).all(userId)
  ) as InteractionRow[];
}

/** Ids of the tracks that exist among `ids` (for checking references before an import). */
export function existingTrackIds(db: LibraryDb, ids: Iterable<string>): Set<string> {
  const stmt = db.prepare(`SELECT 1 FROM tracks WHERE id = ?`).pluck();
  const out = new Set<string>();
  for (const id of ids) if (stmt.get(id) !== undefined) out.add(id);
  return out;
}

/** The user with this id, or undefined. */
export function getUser(db: LibraryDb, id: string): UserRecord | undefined {
  return cachedStatement(db, `SELECT id, name, source FROM users WHERE id = ?`).get(id) as UserRecord | undefined;
}

/** Inserts a user; false when the id is taken (nothing changed). */
export function insertUser(db: LibraryDb, user: UserRecord): boolean {
  return db.prepare(`INSERT OR IGNORE INTO users (id, name, source) VALUES (@id, @name, @source)`).run(user).changes > 0;
}

/** Deletes a user with everything of theirs (interactions, listening history, exclusions); false when there was none. */
export function deleteUser(db: LibraryDb, id: string): boolean {
  return db.prepare(`DELETE FROM users WHERE id = ?`).run(id).changes > 0;
}
