/**
 * How much each track counts in a listener's profile: the seed's `calculateWeight`, with its
 * defects fixed (it decayed by position in the list; here time decays) and every constant named,
 * documented and configurable.
 *
 * For the plays of track t, each at age a_i days before the clock:
 *   r_i      = 0.5^(a_i / halfLifeDays)                          recency (a half-life, not a list position)
 *                                                                (the history keeps these sums per track for the
 *                                                                default half-life: a profile reads one row per track)
 *   P_t      = Σ over plays that are not skips of r_i · (completionBonus if completed, else 1)
 *   N_t      = Σ over skips of skipPenalty · r_i                  a skip is a weak negative
 *   base_t   = ln(1 + P_t) − N_t                                  repeated plays add with diminishing returns
 * and the latest rating, which does not decay (an explicit statement outlives a mood):
 *   like     → w_t = likeMultiplier · max(base_t, ln 2)           (ln 2 = one fresh play)
 *   dislike  → w_t = −dislikeMultiplier · max(|base_t|, ln 2)
 *   none     → w_t = base_t
 * Skips follow the history's rule (history/state.ts `isSkip`): flagged, or under 30 s or half the track.
 */

import { STATE_HALF_LIFE_DAYS } from '../history/state.js';

/** The constants of the weights (see the module doc). */
export interface WeightConfig {
  /** Days after which a play counts half. Default 90. */
  halfLifeDays: number;
  /** Factor of a play that reached the end (the seed's 1.5). */
  completionBonus: number;
  /** Weight of a skip, subtracted per skip, recency-decayed. Default 0.3. */
  skipPenalty: number;
  /** Factor of a liked track (the seed's ×2). */
  likeMultiplier: number;
  /** Factor of a disliked track's (negative) weight (the seed's ×−1 is 1). */
  dislikeMultiplier: number;
}

/** The defaults (the seed's factors where it had them). */
export const DEFAULT_WEIGHTS: WeightConfig = {
  // The half-life the history keeps decayed sums for: profiles with it read one row per track.
  halfLifeDays: STATE_HALF_LIFE_DAYS,
  completionBonus: 1.5,
  skipPenalty: 0.3,
  likeMultiplier: 2,
  dislikeMultiplier: 1,
};

const DAY_MS = 86_400_000;

/**
 * Recency factor of something that happened at `ts` (ms), seen at `now`: 0.5 per half-life (above 1
 * for an event after the clock, so that the factor is the same exponential everywhere: the state's
 * decayed sums, history/state.ts, read at any clock give exactly these weights).
 */
export function recency(ts: number, now: number, halfLifeDays: number): number {
  return Math.pow(0.5, (now - ts) / DAY_MS / halfLifeDays);
}

/** The running sums of one track's plays, folded play by play by {@link addPlay}. */
export interface TrackEvidence {
  /** Σ (decayed, completion-weighted) plays that were not skips. */
  positive: number;
  /** Σ decayed skip penalties. */
  negative: number;
  plays: number;
  skips: number;
  lastPlayed: number;
  /** Latest rating, its time and storage order (the latest by time wins; ties: the later recorded). */
  rating: 'like' | 'dislike' | null;
  ratedAt: number;
  ratedSeq: number;
}

/** A fresh, empty {@link TrackEvidence}. */
export const emptyEvidence = (): TrackEvidence => ({
  positive: 0,
  negative: 0,
  plays: 0,
  skips: 0,
  lastPlayed: -Infinity,
  rating: null,
  ratedAt: -Infinity,
  ratedSeq: -Infinity,
});

/** Folds one play into a track's evidence. */
export function addPlay(ev: TrackEvidence, ts: number, completed: boolean, skip: boolean, now: number, c: WeightConfig): void {
  const r = recency(ts, now, c.halfLifeDays);
  ev.plays++;
  if (skip) {
    ev.skips++;
    ev.negative += c.skipPenalty * r;
  } else ev.positive += r * (completed ? c.completionBonus : 1);
  if (ts > ev.lastPlayed) ev.lastPlayed = ts;
}

/** Folds one rating (`none` clears) into a track's evidence: the latest by time wins (ties: the later recorded, `seq`). */
export function addRating(ev: TrackEvidence, ts: number, seq: number, rating: 'like' | 'dislike' | 'none'): void {
  if (ts < ev.ratedAt || (ts === ev.ratedAt && seq < ev.ratedSeq)) return;
  ev.ratedAt = ts;
  ev.ratedSeq = seq;
  ev.rating = rating === 'none' ? null : rating;
}

/** A track's weight from its evidence (module doc): > 0 liked or played, < 0 disliked or skipped. */
export function trackWeight(ev: TrackEvidence, c: WeightConfig): number {
  const base = Math.log1p(ev.positive) - ev.negative;
  if (ev.rating === 'like') return c.likeMultiplier * Math.max(base, Math.LN2);
  if (ev.rating === 'dislike') return -c.dislikeMultiplier * Math.max(Math.abs(base), Math.LN2);
  return base;
}
