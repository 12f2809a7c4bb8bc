/**
 * The state derived from listening events, per user and track (play counts, completions, skips,
 * first and last play, the latest rating), and the rules that derive it. It is folded in with every
 * batch of events and can be rebuilt from the events at any time.
 *
 * A **skip** is a play flagged `skipped` (by the player or the export); or, unless it is flagged
 * completed, a play of known duration under {@link SKIP_FRACTION} of the track's length, or under
 * {@link SKIP_SECONDS} s, the latter only for tracks longer than that (a whole 20 s interlude is
 * no skip) or of unknown length. The **rating** that counts is the latest by event time (ties: the later
 * recorded); `none` clears it. Beside the counts the state keeps recency-decayed sums of plays,
 * completed plays and skips ({@link decayTerm}), so that a profile's time-decayed weights come from
 * one row per track.
 */
import { inWriteTransaction, type LibraryDb } from '../store/db.js';
import { clearListenState, foldListenState, matchedEventTuples, usersWithEvents, type EventTuple, type ListenStateDelta } from '../store/listens.js';
import { trackDurations } from '../store/tracks.js';

/**
 * Half-life of the recency-decayed sums kept in the state, days: a profile with this half-life
 * (the default) reads one state row per track instead of every event.
 */
export const STATE_HALF_LIFE_DAYS = 90;
/** The reference instant of the decayed sums (2020-01-01 UTC): each play adds 2^((t − ref) / half-life). */
export const STATE_DECAY_REF_MS = Date.UTC(2020, 0, 1);

/** 2^((ts − ref) / half-life): a play's share of a decayed sum; multiply by 2^(−(now − ref)/half-life) to read it at `now`. */
export const decayTerm = (ts: number): number => Math.pow(2, (ts - STATE_DECAY_REF_MS) / (STATE_HALF_LIFE_DAYS * 86_400_000));

/** A play shorter than this (seconds) is a skip. */
export const SKIP_SECONDS = 30;
/** A play shorter than this fraction of the track's length is a skip. */
export const SKIP_FRACTION = 0.5;

/** The skip rule (module doc): `duration` s listened, the track's length `trackSec` when known. */
export function isSkip(duration: number | null, completed: boolean | null, skipped: boolean | null, trackSec: number | null | undefined): boolean {
  if (skipped === true) return true;
  if (completed === true || duration === null) return false;
  if (trackSec == null) return duration < SKIP_SECONDS;
  return duration < SKIP_FRACTION * trackSec || (duration < SKIP_SECONDS && trackSec > SKIP_SECONDS);
}

/** What the events `events` of `userId` add to the state, one delta per track. */
export function stateDeltas(userId: string, events: readonly EventTuple[], trackSec: (trackId: string) => number | null | undefined): ListenStateDelta[] {
  const byTrack = new Map<string, ListenStateDelta & { ratedSeq: number }>();
  for (const [seq, trackId, kind, ts, duration, completed, skipped, rating] of events) {
    let d = byTrack.get(trackId);
    if (!d) {
      d = {
        userId, trackId, plays: 0, completedPlays: 0, skips: 0, firstPlayed: null, lastPlayed: null, rating: null, ratedAt: null, ratedSeq: -1,
        decayPlays: 0, decayCompleted: 0, decaySkips: 0,
      };
      byTrack.set(trackId, d);
    }
    if (kind === 'play') {
      d.plays++;
      if (completed === 1) d.completedPlays++;
      const w = decayTerm(ts);
      if (isSkip(duration, completed === null ? null : completed === 1, skipped === null ? null : skipped === 1, trackSec(trackId))) {
        d.skips++;
        d.decaySkips += w;
      } else {
        d.decayPlays += w;
        if (completed === 1) d.decayCompleted += w;
      }
      if (d.firstPlayed === null || ts < d.firstPlayed) d.firstPlayed = ts;
      if (d.lastPlayed === null || ts > d.lastPlayed) d.lastPlayed = ts;
    }
    if (rating !== null && (d.ratedAt === null || ts > d.ratedAt || (ts === d.ratedAt && seq > d.ratedSeq))) {
      d.rating = rating;
      d.ratedAt = ts;
      d.ratedSeq = seq;
    }
  }
  return [...byTrack.values()].map(({ ratedSeq: _, ...d }) => d);
}

/** Folds the events of one user into the state (in the caller's transaction). */
export function foldEvents(db: LibraryDb, userId: string, events: readonly EventTuple[], durations?: Map<string, number | null>): void {
  if (!events.length) return;
  const sec = durations ?? trackDurations(db, events.map((e) => e[1]));
  foldListenState(db, stateDeltas(userId, events, (id) => sec.get(id)));
}

/**
 * Recomputes the whole derived state from the events, one user at a time, in one transaction:
 * the state is derived data, and this is its derivation.
 */
export function rebuildListenState(db: LibraryDb): void {
  inWriteTransaction(db, () => {
    clearListenState(db);
    for (const user of usersWithEvents(db)) foldEvents(db, user, matchedEventTuples(db, user));
  });
}
