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
  /** The taste vector and clusters are made of at most this many tracks, the heaviest by |weight|. Default 500. */
  maxTasteTracks: number;
}

/** The defaults. */
export const DEFAULT_PROFILE: ProfileConfig = { ...DEFAULT_WEIGHTS, clusters: DEFAULT_CLUSTERS, recentCount: 50, topCount: 10, maxTasteTracks: 500 };

/** A listener's profile at a point in time. */
export interface UserProfile {
  userId: string;
  /** The clock the weights were computed at, epoch ms. */
  builtAt: number;
  /**
   * Σ w_t v̂_t / Σ |w_t| over the tracks with vectors (at most `maxTasteTracks`, the heaviest by
   * |weight|), L2-normalised; null when no weighted track has a vector.
   */
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

/** Adds `value` to `map[key]`. */
function add(map: Map<string, number>, key: string | null | undefined, value: number): void {
  if (key) map.set(key, (map.get(key) ?? 0) + value);
}

const top = (m: Map<string, number>, n: number) =>
  [...m]
    .filter(([, w]) => w > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, n);

/** One track's evidence: the state row's or the events' (profile/weights.ts). */
interface Evidence extends TrackEvidence {
  trackId: string;
}

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
    const trackWeights = new Array<{ trackId: string; weight: number }>(evidence.length);
    const artistWeights = new Map<string, number>();
    const genreWeights = new Map<string, number>();
    const liked: string[] = [];
    const disliked: string[] = [];
    const recent: { id: string; ts: number }[] = [];
    for (let i = 0; i < evidence.length; i++) {
      const ev = evidence[i];
      plays += ev.plays;
      skips += ev.skips;
      const weight = trackWeight(ev, c);
      trackWeights[i] = { trackId: ev.trackId, weight };
      const t = this.source.track(ev.trackId);
      if (t) {
        add(artistWeights, t.artist, weight);
        add(genreWeights, t.genre, weight);
      }
      if (ev.rating === 'like') liked.push(ev.trackId);
      else if (ev.rating === 'dislike') disliked.push(ev.trackId);
      if (ev.plays > 0) recent.push({ id: ev.trackId, ts: ev.lastPlayed });
    }
    trackWeights.sort((a, b) => b.weight - a.weight || (a.trackId < b.trackId ? -1 : 1));
    recent.sort((a, b) => b.ts - a.ts || (a.id < b.id ? -1 : 1));

    // Taste vector and clusters over the heaviest tracks (by |weight|) that have vectors.
    const byMagnitude = trackWeights.filter((t) => t.weight !== 0);
    if (byMagnitude.length > c.maxTasteTracks) byMagnitude.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight) || (a.trackId < b.trackId ? -1 : 1));
    const ids: string[] = [];
    const vecs: Float32Array[] = [];
    const ws: number[] = [];
    for (const { trackId, weight } of byMagnitude) {
      if (ids.length >= c.maxTasteTracks) break;
      const v = this.source.vector(trackId);
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
      artistWeights: Object.fromEntries(artistWeights),
      genreWeights: Object.fromEntries(genreWeights),
      topArtists: top(artistWeights, c.topCount).map(([name, weight]) => ({ id: artistId(name), name, weight })),
      topGenres: top(genreWeights, c.topCount).map(([name, weight]) => ({ name, weight })),
      recentlyPlayed: recent.slice(0, c.recentCount).map((r) => r.id),
      liked: liked.sort(),
      disliked: disliked.sort(),
      excluded: { artists: pick('artist'), genres: pick('genre'), tracks: pick('track') },
      counts: { plays, skips, tracks: evidence.length, liked: liked.length, disliked: disliked.length },
    };
  }

  /** Each track's evidence: from the decayed state when it fits the half-life, else folded event by event. */
  private evidence(userId: string, now: number): Evidence[] {
    const c = this.config;
    const decay = this.source.stateDecay;
    if (this.source.trackStates && decay && decay.halfLifeDays === c.halfLifeDays) {
      const f = Math.pow(0.5, (now - decay.refMs) / 86_400_000 / c.halfLifeDays);
      return this.source.trackStates(userId).map(([trackId, plays, skips, lastPlayed, rating, ratedAt, decayPlays, decayCompleted, decaySkips]) => ({
        trackId,
        positive: (decayPlays + (c.completionBonus - 1) * decayCompleted) * f,
        negative: c.skipPenalty * decaySkips * f,
        plays,
        skips,
        lastPlayed: lastPlayed ?? -Infinity,
        rating,
        ratedAt: ratedAt ?? -Infinity,
        ratedSeq: 0,
      }));
    }
    const byTrack = new Map<string, Evidence>();
    for (const e of this.source.events(userId)) {
      let ev = byTrack.get(e.trackId);
      if (!ev) byTrack.set(e.trackId, (ev = { ...emptyEvidence(), trackId: e.trackId }));
      if (e.kind === 'play') addPlay(ev, e.ts, e.completed, e.skip, now, c);
      if (e.rating) addRating(ev, e.ts, e.seq, e.rating);
    }
    return [...byTrack.values()];
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
