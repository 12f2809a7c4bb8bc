import type { LibraryDb } from './db.js';

/** The value stored under `key` in the library's key-value meta table, or undefined. */
export function getMeta(db: LibraryDb, key: string): string | undefined {
  return (db.prepare(`SELECT value FROM meta WHERE key = ?`).get(key) as { value: string } | undefined)?.value;
}

/** Stores (replacing) `value` under `key` in the meta table. */
export function setMeta(db: LibraryDb, key: string, value: string): void {
  db.prepare(`INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)`).run(key, value);
}
