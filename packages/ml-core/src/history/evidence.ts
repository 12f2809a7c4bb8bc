/**
 * What the models learn from: every user's positive evidence per track, from imported interactions
 * (playlist memberships, imported likes) and from the listening history, as one weight per
 * (user, track). The embedding model reads which tracks a user has together; the collaborative
 * model also reads how much.
 *
 * The weight of a pair is the imported interaction's weight plus, from the history's state,
 *   P = completionBonus × completed plays + the plays that were neither completed nor skips
 * (skips add nothing), and for a liked track max(P, 1) × likeMultiplier instead of P. A disliked
 * track is left out whatever else there is (an explicit "no" outweighs a playlist or old plays),
 * as is a pair whose weight is 0 (only skips). Unlike a profile, nothing decays: the models learn
 * which tracks go together, which does not age as a person's current taste does.
 */
import type { LibraryDb } from '../store/db.js';
import { listInteractions } from '../store/interactions.js';
import { listListenState } from '../store/listens.js';

/** The factors of the weights (see the module doc); the profile's defaults (profile/weights.ts). */
export interface EvidenceWeights {
  completionBonus: number;
  likeMultiplier: number;
}

/** Defaults of {@link EvidenceWeights}: the seed's factors, as in the profile. */
export const DEFAULT_EVIDENCE_WEIGHTS: EvidenceWeights = { completionBonus: 1.5, likeMultiplier: 2 };

/** One user's evidence for one track (> 0). */
export interface EvidenceRow {
  userId: string;
  trackId: string;
  weight: number;
}

/** The history's part of a pair's weight (0 when it has only skips), or null for a disliked track. */
export function listenEvidence(
  s: { plays: number; completedPlays: number; skips: number; rating: 'like' | 'dislike' | null },
  w: EvidenceWeights = DEFAULT_EVIDENCE_WEIGHTS,
): number | null {
  if (s.rating === 'dislike') return null;
  const p = w.completionBonus * s.completedPlays + Math.max(0, s.plays - s.completedPlays - s.skips);
  return s.rating === 'like' ? Math.max(p, 1) * w.likeMultiplier : p;
}

/**
 * Every user's evidence (or one user's), ordered by user id then track id (code-unit order), one
 * row per pair with a positive weight.
 */
export function listEvidence(db: LibraryDb, userId?: string, w: EvidenceWeights = DEFAULT_EVIDENCE_WEIGHTS): EvidenceRow[] {
  const byPair = new Map<string, EvidenceRow>();
  const disliked = new Set<string>();
  const key = (u: string, t: string) => `${u}\u0000${t}`;
  for (const r of listInteractions(db, userId)) byPair.set(key(r.userId, r.trackId), { userId: r.userId, trackId: r.trackId, weight: r.weight });
  for (const s of listListenState(db, userId)) {
    const k = key(s.userId, s.trackId);
    const e = listenEvidence(s, w);
    if (e === null) {
      disliked.add(k);
      continue;
    }
    const row = byPair.get(k);
    if (row) row.weight += e;
    else byPair.set(k, { userId: s.userId, trackId: s.trackId, weight: e });
  }
  const rows: EvidenceRow[] = [];
  for (const [k, r] of byPair) if (r.weight > 0 && !disliked.has(k)) rows.push(r);
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return rows.sort((a, b) => cmp(a.userId, b.userId) || cmp(a.trackId, b.trackId));
}
