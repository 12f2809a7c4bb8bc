/**
 * Recording what listeners do: plays (the seed's `ListenEntry`) and ratings, validated at the
 * boundary with zod, stored as append-only events, idempotent by event id, one transaction per
 * batch. Bad events are reported by their index and the rest of the batch is stored.
 */
import { hash } from 'node:crypto';
import { z } from 'zod';
import { AudiioError, type ErrorCode } from '../errors.js';
import { inWriteTransaction, type LibraryDb } from '../store/db.js';
import { appendListenEvents, type EventTuple, type NewListenEvent } from '../store/listens.js';
import { trackDurations } from '../store/tracks.js';
import { foldEvents } from './state.js';
import type { ListenEntry, Rating } from './types.js';
import { requireUser } from './users.js';

/** How far in the future (ms) a timestamp may lie before it is refused: clocks drift. */
export const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** ISO-8601 date or date-time, e.g. `2024-05-01`, `2024-05-01T12:30:00Z`, `2024-05-01T14:30+02:00`. */
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * A timestamp as epoch milliseconds, from a Date, a number of milliseconds or an ISO-8601
 * string; undefined when it is none of these.
 */
export function timestampMs(v: unknown): number | undefined {
  if (v instanceof Date) return Number.isFinite(v.getTime()) ? v.getTime() : undefined;
  if (typeof v === 'number') return Number.isFinite(v) && v >= 0 ? v : undefined;
  if (typeof v === 'string' && ISO_8601.test(v.trim())) {
    const t = Date.parse(v.trim());
    return Number.isFinite(t) ? t : undefined;
  }
  return undefined;
}

/** The schema of one {@link ListenEntry} (unknown fields are ignored). */
export const listenEntrySchema = z.object({
  trackId: z.string({ error: 'trackId must be a string' }).trim().min(1, 'trackId is empty'),
  timestamp: z.unknown().transform((v, ctx) => {
    const t = timestampMs(v);
    if (t === undefined) {
      ctx.addIssue({ code: 'custom', message: `timestamp ${JSON.stringify(v) ?? String(v)} is not a date, epoch milliseconds or ISO-8601` });
      return z.NEVER;
    }
    return t;
  }),
  duration: z
    .number({ error: 'duration must be a number of seconds' })
    .finite('duration must be finite')
    .nonnegative('duration must not be negative')
    .optional(),
  completed: z.boolean({ error: 'completed must be true or false' }).optional(),
  skipped: z.boolean({ error: 'skipped must be true or false' }).optional(),
  rating: z.enum(['like', 'dislike'], { error: 'rating must be "like" or "dislike"' }).optional(),
  eventId: z.string({ error: 'eventId must be a string' }).trim().min(1).max(256).optional(),
});

/**
 * The id of an event not given one: derived from user, kind, track and time, so a repeat is
 * recognised. It starts with the time (12 hex digits of epoch ms), so that ids of new events sort
 * after older ones: the unique index grows at its end instead of at random places (a batch of
 * random ids dirties a page per event).
 */
export function deriveEventId(userId: string, kind: 'play' | 'rating', trackId: string, ts: number): string {
  return timeOrderedId('d', ts, `${userId}\0${kind}\0${trackId}\0${ts}`);
}

/**
 * `<prefix>:<ts, 12 hex digits>:<24 hex digits of SHA-1(identity)>`: unique per identity (an
 * identity hash, not a security one: SHA-1's one-shot form is the fastest Node offers), ordered by
 * time.
 */
export function timeOrderedId(prefix: string, ts: number, identity: string): string {
  const t = Math.max(0, Math.floor(ts)).toString(16).padStart(12, '0');
  return `${prefix}:${t}:${hash('sha1', identity).slice(0, 24)}`;
}

/** One event of a batch that was not stored, and why. */
export interface EventFailure {
  /** Its position in the batch (0-based). */
  index: number;
  code: ErrorCode;
  message: string;
}

/** What {@link recordListens} did with a batch. */
export interface RecordReport {
  /** Events stored now. */
  recorded: number;
  /** Events already stored before (same event id): ignored, not an error. */
  duplicates: number;
  /** Events refused, each with its index and reason; the rest was stored. */
  failed: EventFailure[];
}

/** Options of {@link recordListens} and {@link rateTrack}. */
export interface RecordOptions {
  /** Where the events come from: `api` (default), `cli`, `import:<format>`, … */
  source?: string;
  /** The clock (epoch ms): timestamps later than this plus {@link FUTURE_TOLERANCE_MS} are refused. Default `Date.now()`. */
  now?: number;
}

function describeIssue(e: z.ZodError): string {
  return e.issues.map((i) => (i.path.length && !i.message.startsWith(String(i.path[0])) ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}

/**
 * Records one listen or a batch of them for a user, in one transaction: every event is validated
 * (its track must exist; duration ≥ 0 s; rating `like` or `dislike`; a timestamp no more than a few
 * minutes in the future), a bad one is reported by its index and the rest stored; an event whose
 * id is already stored (given, or derived from user + track + timestamp) is counted as a duplicate.
 * A listen with a rating also rates the track.
 *
 * @throws AudiioError `NOT_FOUND` when the user does not exist (nothing is stored)
 */
export function recordListens(db: LibraryDb, userId: string, events: ListenEntry | readonly ListenEntry[], options: RecordOptions = {}): RecordReport {
  requireUser(db, userId);
  const list: readonly unknown[] = Array.isArray(events) ? events : [events];
  const now = options.now ?? Date.now();
  const source = options.source ?? 'api';
  const failed: EventFailure[] = [];
  const valid: { index: number; event: NewListenEvent }[] = [];
  for (let index = 0; index < list.length; index++) {
    const parsed = listenEntrySchema.safeParse(list[index]);
    if (!parsed.success) {
      failed.push({ index, code: 'BAD_REQUEST', message: `event ${index}: ${describeIssue(parsed.error)}` });
      continue;
    }
    const e = parsed.data;
    if (e.timestamp > now + FUTURE_TOLERANCE_MS) {
      failed.push({ index, code: 'BAD_REQUEST', message: `event ${index}: timestamp ${new Date(e.timestamp).toISOString()} is in the future` });
      continue;
    }
    valid.push({
      index,
      event: {
        eventId: e.eventId ?? deriveEventId(userId, 'play', e.trackId, e.timestamp),
        userId,
        trackId: e.trackId,
        kind: 'play',
        ts: e.timestamp,
        duration: e.duration ?? null,
        completed: e.completed ?? null,
        skipped: e.skipped ?? null,
        rating: e.rating ?? null,
        source,
        raw: null,
      },
    });
  }
  const durations = trackDurations(db, valid.map((v) => v.event.trackId as string));
  const storable = valid.filter((v) => {
    if (durations.has(v.event.trackId as string)) return true;
    failed.push({ index: v.index, code: 'NOT_FOUND', message: `event ${v.index}: no track "${v.event.trackId}" in the library` });
    return false;
  });
  const stored = storable.length ? inWriteTransaction(db, () => store(db, userId, storable.map((v) => v.event), now, durations)) : [];
  const recorded = stored.filter(Boolean).length;
  failed.sort((a, b) => a.index - b.index);
  return { recorded, duplicates: stored.length - recorded, failed };
}

/**
 * Rates a track for a user (`none` clears the rating), as an event at `options.at` (default now):
 * the latest rating by time is the one that counts.
 *
 * @returns true when stored, false when the same rating event was stored before
 * @throws AudiioError `NOT_FOUND` for an unknown user or track, `BAD_ARGUMENT` for another rating
 */
export function rateTrack(
  db: LibraryDb,
  userId: string,
  trackId: string,
  rating: Rating | 'none',
  options: RecordOptions & { at?: Date | number | string } = {},
): boolean {
  requireUser(db, userId);
  if (rating !== 'like' && rating !== 'dislike' && rating !== 'none') {
    throw new AudiioError('BAD_ARGUMENT', `rating must be like, dislike or none, got ${JSON.stringify(rating)}`);
  }
  const durations = trackDurations(db, [trackId]);
  if (!durations.has(trackId)) throw new AudiioError('NOT_FOUND', `no track "${trackId}" in the library`);
  const now = options.now ?? Date.now();
  const ts = options.at === undefined ? now : timestampMs(options.at);
  if (ts === undefined) throw new AudiioError('BAD_ARGUMENT', `${JSON.stringify(options.at)} is not a date, epoch milliseconds or ISO-8601`);
  if (ts > now + FUTURE_TOLERANCE_MS) throw new AudiioError('BAD_ARGUMENT', `the time ${new Date(ts).toISOString()} is in the future`);
  const event: NewListenEvent = {
    eventId: deriveEventId(userId, 'rating', trackId, ts),
    userId,
    trackId,
    kind: 'rating',
    ts,
    duration: null,
    completed: null,
    skipped: null,
    rating,
    source: options.source ?? 'api',
    raw: null,
  };
  return inWriteTransaction(db, () => store(db, userId, [event], now, durations))[0];
}

/**
 * Appends matched events of one user and folds the new ones into the derived state, in the
 * caller's transaction.
 */
function store(db: LibraryDb, userId: string, events: NewListenEvent[], now: number, durations: Map<string, number | null>): boolean[] {
  const stored = appendListenEvents(db, events, now);
  const fresh: EventTuple[] = [];
  stored.forEach((ok, i) => {
    // seq only orders ratings at the same instant: batch order stands in for it here.
    if (ok) fresh.push(eventTuple(i, events[i]));
  });
  foldEvents(db, userId, fresh, durations);
  return stored;
}

/**
 * Stores events an importer built (matched to a track or not), in one transaction, and folds the
 * new matched ones into the derived state. Idempotent by event id, as {@link recordListens}.
 *
 * @returns for each event, true when it was stored now, false when it was a duplicate
 */
export function recordImportedEvents(db: LibraryDb, userId: string, events: readonly NewListenEvent[], now = Date.now()): boolean[] {
  requireUser(db, userId);
  const durations = trackDurations(db, events.flatMap((e) => (e.trackId ? [e.trackId] : [])));
  return inWriteTransaction(db, () => {
    const stored = appendListenEvents(db, events, now);
    const fresh: EventTuple[] = [];
    stored.forEach((ok, i) => {
      const e = events[i];
      if (ok && e.trackId !== null) fresh.push(eventTuple(i, e));
    });
    foldEvents(db, userId, fresh, durations);
    return stored;
  });
}

/** An event as the state's derivation reads it; `seq` stands for its order among events stored together. */
function eventTuple(seq: number, e: NewListenEvent): EventTuple {
  const bit = (v: boolean | null) => (v === null ? null : v ? 1 : 0);
  return [seq, e.trackId as string, e.kind, e.ts, e.duration, bit(e.completed), bit(e.skipped), e.rating];
}
