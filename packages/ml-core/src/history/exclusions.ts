/**
 * Exclusions: an artist, a genre or a track a listener never wants recommended, with the time it
 * was set. Artists and genres match case-insensitively on their trimmed names; tracks by id.
 */
import { AudiioError } from '../errors.js';
import { inWriteTransaction, type LibraryDb } from '../store/db.js';
import { existingTrackIds } from '../store/interactions.js';
import { deleteExclusion, listExclusions as listStored, putExclusion, type Exclusion } from '../store/listens.js';
import { timestampMs } from './record.js';
import type { ExclusionKind } from './types.js';
import { requireUser } from './users.js';

export type { Exclusion } from '../store/listens.js';

/** What to exclude: exactly one of an artist name, a genre name or a track id. */
export type ExclusionTarget = { artist: string } | { genre: string } | { track: string };

/** The value an exclusion is matched on: a track id as is, an artist or genre name trimmed and lower-cased. */
export function exclusionValue(kind: ExclusionKind, label: string): string {
  return kind === 'track' ? label.trim() : label.trim().toLowerCase();
}

function parseTarget(db: LibraryDb, userId: string, target: ExclusionTarget): { kind: ExclusionKind; label: string } {
  requireUser(db, userId);
  const given = (['artist', 'genre', 'track'] as const).filter((k) => k in target);
  if (given.length !== 1) throw new AudiioError('BAD_ARGUMENT', 'give exactly one of artist, genre or track to exclude');
  const kind = given[0];
  const raw = (target as Record<ExclusionKind, unknown>)[kind];
  const label = typeof raw === 'string' ? raw.trim() : '';
  if (!label) throw new AudiioError('BAD_ARGUMENT', `the ${kind} to exclude is empty`);
  return { kind, label };
}

/**
 * Excludes an artist, genre or track for a user from now on (`at`, default now); setting it again
 * refreshes its time.
 *
 * @throws AudiioError `NOT_FOUND` for an unknown user or track, `BAD_ARGUMENT` for an empty or ambiguous target
 */
export function setExclusion(db: LibraryDb, userId: string, target: ExclusionTarget, options: { at?: Date | number | string } = {}): Exclusion {
  const { kind, label } = parseTarget(db, userId, target);
  if (kind === 'track' && !existingTrackIds(db, [label]).has(label)) throw new AudiioError('NOT_FOUND', `no track "${label}" in the library`);
  const setAt = options.at === undefined ? Date.now() : timestampMs(options.at);
  if (setAt === undefined) throw new AudiioError('BAD_ARGUMENT', `${JSON.stringify(options.at)} is not a date, epoch milliseconds or ISO-8601`);
  const e: Exclusion = { kind, value: exclusionValue(kind, label), label, setAt };
  inWriteTransaction(db, () => putExclusion(db, userId, e));
  return e;
}

/** Lifts an exclusion; false when there was none. @throws AudiioError `NOT_FOUND` for an unknown user */
export function clearExclusion(db: LibraryDb, userId: string, target: ExclusionTarget): boolean {
  const { kind, label } = parseTarget(db, userId, target);
  return inWriteTransaction(db, () => deleteExclusion(db, userId, kind, exclusionValue(kind, label)));
}

/** A user's exclusions, by kind then value. @throws AudiioError `NOT_FOUND` for an unknown user */
export function listExclusions(db: LibraryDb, userId: string): Exclusion[] {
  requireUser(db, userId);
  return listStored(db, userId);
}
