import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { AudiioError } from '../errors.js';
import { MIGRATIONS } from './migrations.js';

/** An open library database (better-sqlite3 handle). */
export type LibraryDb = Database.Database;

/**
 * The default library database: `$AUDIIO_ML_DB` when set, otherwise
 * `~/.audiio-ml/library.db`.
 */
export function defaultDbPath(): string {
  return process.env.AUDIIO_ML_DB ? resolve(process.env.AUDIIO_ML_DB) : join(homedir(), '.audiio-ml', 'library.db');
}

/**
 * Opens (creating when needed) the library database at `path` (`':memory:'` for
 * a throwaway one) and brings its schema up to date. WAL journaling makes each
 * committed write durable even if the process is killed right after.
 *
 * @throws AudiioError `BAD_DATABASE` when the file is not a database or its
 * schema is newer than this version of audiio-ml knows.
 */
export function openLibrary(path: string = defaultDbPath()): LibraryDb {
  if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
  let db: LibraryDb;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
  } catch (cause) {
    throw new AudiioError('BAD_DATABASE', `cannot open the library database (${(cause as Error).message})`, { path, cause });
  }
  migrate(db, path);
  return db;
}

/** Applies every migration the database has not run yet, each in its own transaction. */
function migrate(db: LibraryDb, path: string): void {
  let version: number;
  try {
    version = db.pragma('user_version', { simple: true }) as number;
  } catch (cause) {
    db.close();
    throw new AudiioError('BAD_DATABASE', `not a library database (${(cause as Error).message})`, { path, cause });
  }
  if (version > MIGRATIONS.length) {
    db.close();
    throw new AudiioError(
      'BAD_DATABASE',
      `schema version ${version} is newer than this audiio-ml knows (${MIGRATIONS.length}); upgrade audiio-ml`,
      { path },
    );
  }
  for (let v = version; v < MIGRATIONS.length; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

/** The schema version this build of audiio-ml writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Runs `fn` in one transaction (better-sqlite3's `db.transaction`): every store call inside
 * commits together or not at all; nested calls become savepoints.
 */
export function inTransaction<T>(db: LibraryDb, fn: () => T): T {
  return db.transaction(fn)();
}

/** How often {@link inWriteTransaction} retries a transaction that found the database busy. */
export const WRITE_RETRIES = 20;

/**
 * Runs `fn` in one write transaction (`BEGIN IMMEDIATE`: the write lock is taken at the start, so
 * two writers never deadlock upgrading read locks). Another process holding the lock is waited
 * for (the connection's 5 s busy timeout), and a transaction that still finds the database busy
 * (`SQLITE_BUSY`) is retried, up to {@link WRITE_RETRIES} times with growing pauses (≈ 30 s in
 * all): many writers at once lose nothing and do not fail.
 */
export function inWriteTransaction<T>(db: LibraryDb, fn: () => T): T {
  const tx = db.transaction(fn);
  for (let attempt = 0; ; attempt++) {
    try {
      return tx.immediate();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if ((code !== 'SQLITE_BUSY' && code !== 'SQLITE_LOCKED') || attempt >= WRITE_RETRIES) throw err;
      sleepSync(Math.min(2000, 10 * 2 ** attempt));
    }
  }
}

/** Blocks the thread for `ms` milliseconds (between retries of a busy write). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

const statementCache = new WeakMap<LibraryDb, Map<string, Database.Statement>>();

/**
 * The prepared statement for `sql` on this connection, prepared once and reused (hot paths such as
 * a profile's reads or a listen's user check would otherwise prepare it on every call). A mode set
 * on it (`raw()`, `pluck()`) stays: give each SQL text one mode.
 */
export function cachedStatement<P extends unknown[] | object = unknown[], R = unknown>(db: LibraryDb, sql: string): Database.Statement<P, R> {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map<string, Database.Statement>()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt as unknown as Database.Statement<P, R>;
}
