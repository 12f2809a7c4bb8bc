/**
 * The seed's `UserProfileBuilder`: from what a listener did (plays, skips, ratings, exclusions) to
 * a profile the recommender reads: track weights (profile/weights.ts), a taste vector (their
 * weighted average over the current model's track vectors, or content vectors before any model
 * is trained), a few taste clusters (profile/clusters.ts), artist and genre weights, and the
 * recently played, liked, disliked and excluded sets.
 */
import type { Exclusion, StateTuple } from '../store/listens.js';
import { DEFAULT_CLUSTERS, tasteClusters, type ClusterConfig, type TasteCluster } from './clusters.js';
import { artistId } from './ids.js';
import { addPlay, addRating, DEFAULT_WEIGHTS, emptyEvidence, trackWeight, type TrackEvidence, type WeightConfig } from './weights.js';

/** One event as the profile reads it: a play (possibly with a rating) or a rating, skip rule applied. */
export interface ProfileEvent {
  trackId: string;
  kind: 'play' | 'rating';
  /** Epoch ms. */
  ts: number;
  /** Storage order: breaks ties between ratings at the same instant (the later recorded wins). */
  seq: number;
  completed: boolean;
  /** The history's skip rule (history/state.ts `isSkip`) applied. */
  skip: boolean;
  rating: 'like' | 'dislike' | 'none' | null;
}

/** Everything {@link UserProfileBuilder} reads, so it runs over a library or over plain data alike. */
export interface ProfileSource {
  /** A user's matched events, in any order. */
  events(userId: string): readonly ProfileEvent[];
  /**
   * The same history folded per track with recency-decayed sums (store `stateTuples`), when the
   * source keeps them, for this half-life: used instead of `events` when the profile's half-life is
   * `stateHalfLifeDays` (one row per track instead of one per listen).
   */
  trackStates?(userId: string): readonly StateTuple[];
  /** Half-life (days) and reference instant (ms) of `trackStates`' decayed sums. */
  readonly stateDecay?: { halfLifeDays: number; refMs: number };
  /** The artist and genre of a track, when it is known. */
  track(trackId: string): { artist: string | null; genre: string | null } | undefined;
  /** The track's vector (any length, not necessarily unit), or undefined when it has none. */
  vector(trackId: string): Float32Array | undefined;
  /** The user's exclusions. */
  exclusions(userId: string): readonly Exclusion[];
  /** Which vectors `vector` returns. */
  readonly vectors: 'embedding' | 'content' | 'none';
  /** Version of the embedding model, when `vectors` is `embedding`. */
  readonly modelVersion?: string;
}

/** The constants of a profile: weights, clusters and the length of the recent list. */
export interface ProfileConfig extends WeightConfig {
  clusters: ClusterConfig;
  /** How many distinct recently played tracks to keep (the seed's 50). */
  recentCount: number;
  /** How many top artists and genres to list. Default 10. */
  topCount: number;
}

/** The defaults. */
export const DEFAULT_PROFILE: ProfileConfig = { ...DEFAULT_WEIGHTS, clusters: DEFAULT_CLUSTERS, recentCount: 50, topCount: 10 };

/** A listener's profile at a point in time. */
export interface UserProfile {
  userId: string;
  /** The clock the weights were computed at, epoch ms. */
  builtAt: number;
  /** Σ w_t v̂_t / Σ |w_t| over tracks with vectors, L2-normalised; null when no weighted track has a vector. */
  tasteVector: Float32Array | null;
  /** Which vectors the taste is made of. */
  vectors: 'embedding' | 'content' | 'none';
  modelVersion: string | null;
  /** Tastes, heaviest first (at most `clusters.maxClusters`). */
  tasteClusters: TasteCluster[];
  /** Weight of every track the user played or rated, heaviest first. */
  trackWeights: { trackId: string; weight: number }[];
  /** Σ of track weights per artist name. */
  artistWeights: Record<string, number>;
  /** Σ of track weights per genre. */
  genreWeights: Record<string, number>;
  /** The heaviest artists (positive weight): `id` is a slug of the name. */
  topArtists: { id: string; name: string; weight: number }[];
  topGenres: { name: string; weight: number }[];
  /** Distinct tracks by last play, newest first (at most `recentCount`). */
  recentlyPlayed: string[];
  /** Tracks whose latest rating is like / dislike. */
  liked: string[];
  disliked: string[];
  excluded: { artists: string[]; genres: string[]; tracks: string[] };
  counts: { plays: number; skips: number; tracks: number; liked: number; disliked: number };
}

/** Accumulates `value` into `map[key]` (an object without prototype, so any name is safe). */
function add(map: Record<string, number>, key: string | null, value: number): void {
  if (key) map[key] = (map[key] ?? 0) + value;
}

const top = (m: Record<string, number>, n: number) =>
  Object.entries(m)
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);

/**
 * Builds {@link UserProfile}s from a {@link ProfileSource}. Deterministic for the same events,
 * source and clock.
 */
export class UserProfileBuilder {
  readonly config: ProfileConfig;

  constructor(
    private readonly source: ProfileSource,
    config: Partial<Omit<ProfileConfig, 'clusters'>> & { clusters?: Partial<ClusterConfig> } = {},
  ) {
    this.config = { ...DEFAULT_PROFILE, ...config, clusters: { ...DEFAULT_CLUSTERS, ...config.clusters } };
  }

  /** The profile of `userId` as of `now` (epoch ms; default the current time). */
  buildProfile(userId: string, now: number = Date.now()): UserProfile {
    const c = this.config;
    const evidence = this.evidence(userId, now);
    let plays = 0;
    let skips = 0;
    for (const ev of evidence.values()) {
      plays += ev.plays;
      skips += ev.skips;
    }
    const trackWeights: { trackId: string; weight: number }[] = [];
    const artistWeights: Record<string, number> = Object.create(null) as Record<string, number>;
    const genreWeights: Record<string, number> = Object.create(null) as Record<string, number>;
    const artistNames = new Map<string, string>();
    const liked: string[] = [];
    const disliked: string[] = [];
    const recent: { id: string; ts: number }[] = [];
    for (const [trackId, ev] of evidence) {
      const weight = trackWeight(ev, c);
      trackWeights.push({ trackId, weight });
      const t = this.source.track(trackId);
      if (t?.artist) {
        add(artistWeights, t.artist, weight);
        artistNames.set(t.artist, t.artist);
      }
      add(genreWeights, t?.genre ?? null, weight);
      if (ev.rating === 'like') liked.push(trackId);
      if (ev.rating === 'dislike') disliked.push(trackId);
      if (ev.plays > 0) recent.push({ id: trackId, ts: ev.lastPlayed });
    }
    trackWeights.sort((a, b) => b.weight - a.weight || (a.trackId < b.trackId ? -1 : 1));
    recent.sort((a, b) => b.ts - a.ts || (a.id < b.id ? -1 : 1));

    // Taste vector and clusters over the tracks that have vectors.
    const ids: string[] = [];
    const vecs: Float32Array[] = [];
    const ws: number[] = [];
    for (const { trackId, weight } of trackWeights) {
      const v = weight !== 0 ? this.source.vector(trackId) : undefined;
      if (!v) continue;
      ids.push(trackId);
      vecs.push(v);
      ws.push(weight);
    }
    const tasteVector = weightedMean(vecs, ws);
    const clusters = tasteClusters(ids, vecs, ws, c.clusters);

    const exclusions = this.source.exclusions(userId);
    const pick = (kind: Exclusion['kind']) => exclusions.filter((e) => e.kind === kind).map((e) => (kind === 'track' ? e.value : e.label));
    return {
      userId,
      builtAt: now,
      tasteVector,
      vectors: tasteVector ? this.source.vectors : 'none',
      modelVersion: this.source.modelVersion ?? null,
      tasteClusters: clusters,
      trackWeights,
      artistWeights: { ...artistWeights },
      genreWeights: { ...genreWeights },
      topArtists: top(artistWeights, c.topCount).map(([name, weight]) => ({ id: artistId(name), name: artistNames.get(name) ?? name, weight })),
      topGenres: top(genreWeights, c.topCount).map(([name, weight]) => ({ name, weight })),
      recentlyPlayed: recent.slice(0, c.recentCount).map((r) => r.id),
      liked: liked.sort(),
      disliked: disliked.sort(),
      excluded: { artists: pick('artist'), genres: pick('genre'), tracks: pick('track') },
      counts: { plays, skips, tracks: evidence.size, liked: liked.length, disliked: disliked.length },
    };
  }

  /** Each track's evidence: from the decayed state when it fits the half-life, else folded event by event. */
  private evidence(userId: string, now: number): Map<string, TrackEvidence> {
    const c = this.config;
    const evidence = new Map<string, TrackEvidence>();
    const decay = this.source.stateDecay;
    if (this.source.trackStates && decay && decay.halfLifeDays === c.halfLifeDays) {
      const f = Math.pow(0.5, (now - decay.refMs) / 86_400_000 / c.halfLifeDays);
      for (const [trackId, plays, skips, lastPlayed, rating, ratedAt, decayPlays, decayCompleted, decaySkips] of this.source.trackStates(userId)) {
        evidence.set(trackId, {
          positive: (decayPlays + (c.completionBonus - 1) * decayCompleted) * f,
          negative: c.skipPenalty * decaySkips * f,
          plays,
          skips,
          lastPlayed: lastPlayed ?? -Infinity,
          rating,
          ratedAt: ratedAt ?? -Infinity,
          ratedSeq: 0,
        });
      }
      return evidence;
    }
    for (const e of this.source.events(userId)) {
      let ev = evidence.get(e.trackId);
      if (!ev) evidence.set(e.trackId, (ev = emptyEvidence()));
      if (e.kind === 'play') addPlay(ev, e.ts, e.completed, e.skip, now, c);
      if (e.rating) addRating(ev, e.ts, e.seq, e.rating);
    }
    return evidence;
  }
}

/**
 * Σ w_i v̂_i / Σ |w_i| (the seed's weighted average, over unit vectors so no track counts more for
 * its norm), then L2-normalised; null when nothing is left (no vectors, or it cancels out).
 */
export function weightedMean(vectors: readonly Float32Array[], weights: readonly number[]): Float32Array | null {
  if (vectors.length === 0) return null;
  const dim = vectors[0].length;
  const out = new Float64Array(dim);
  for (let i = 0; i < vectors.length; i++) {
    const v = vectors[i];
    let n = 0;
    for (let k = 0; k < dim; k++) n += v[k] * v[k];
    if (n === 0) continue;
    const f = weights[i] / Math.sqrt(n);
    for (let k = 0; k < dim; k++) out[k] += f * v[k];
  }
  let norm = 0;
  for (let k = 0; k < dim; k++) norm += out[k] * out[k];
  if (!(norm > 1e-24)) return null;
  const inv = 1 / Math.sqrt(norm);
  const unit = new Float32Array(dim);
  for (let k = 0; k < dim; k++) unit[k] = out[k] * inv;
  return unit;
}
