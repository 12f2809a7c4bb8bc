/** Listeners: adding, listing and removing the users of a library. */
import { AudiioError } from '../errors.js';
import { inWriteTransaction, type LibraryDb } from '../store/db.js';
import { deleteUser, getUser, insertUser, type UserRecord } from '../store/interactions.js';

/** A user name: 1–64 letters, digits, `.`, `_`, `-` or `@`, starting with a letter or digit (it is also the user's id). */
const USER_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._@-]{0,63}$/u;

/**
 * Adds a listener named `name` (also their id).
 *
 * @throws AudiioError `BAD_ARGUMENT` for a malformed name or one that is taken
 */
export function addUser(db: LibraryDb, name: string): UserRecord {
  const id = name.trim();
  if (!USER_NAME.test(id)) {
    throw new AudiioError('BAD_ARGUMENT', `user name ${JSON.stringify(name)} must be 1–64 letters, digits, ".", "_", "-" or "@", starting with a letter or digit`);
  }
  const user: UserRecord = { id, name: id, source: 'local' };
  if (!inWriteTransaction(db, () => insertUser(db, user))) throw new AudiioError('BAD_ARGUMENT', `user "${id}" exists already`);
  return user;
}

/**
 * Removes a user and everything of theirs (history, ratings, exclusions, imported interactions).
 *
 * @throws AudiioError `NOT_FOUND` when there is no such user
 */
export function removeUser(db: LibraryDb, id: string): void {
  if (!inWriteTransaction(db, () => deleteUser(db, id))) throw new AudiioError('NOT_FOUND', `no user "${id}"`);
}

/** The user with this id. @throws AudiioError `NOT_FOUND` */
export function requireUser(db: LibraryDb, id: string): UserRecord {
  const u = getUser(db, id);
  if (!u) throw new AudiioError('NOT_FOUND', `no user "${id}"; add it first (audiio-ml user add ${id})`);
  return u;
}
