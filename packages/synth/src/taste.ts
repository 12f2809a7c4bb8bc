import { FEATURE_NAMES, type FitInput } from '@audiio-ml/ml-core';
import { seededRandom } from '@audiio-ml/ml-core/internal';

/** Options of {@link syntheticTasteData}. */
export interface SyntheticOptions {
  /** Items per taste group (two groups). */
  itemsPerGroup: number;
  /** Users per group. */
  usersPerGroup: number;
  /** Liked items per user. */
  likesPerUser: number;
  /** Distinct artists per group. */
  artistsPerGroup: number;
  /** When true the groups differ in audio (energy, danceability, acousticness); otherwise only in artists. */
  audioSignal: boolean;
  seed: number;
}

/**
 * A planted two-taste dataset for tests and benchmarks: items of group g
 * (index parity: even = 0, odd = 1) have artists of that group and, with
 * `audioSignal`, group-typical audio; users of group g like random items of
 * their group only. The second half of each group's items is never liked
 * (cold), to check that the tower generalises from attributes.
 *
 * @returns the fit input and each item's group
 */
export function syntheticTasteData(o: SyntheticOptions): { input: FitInput; group: Int8Array; cold: Uint8Array } {
  const rand = seededRandom(o.seed);
  const n = o.itemsPerGroup * 2;
  const nF = FEATURE_NAMES.length;
  const features = new Float32Array(n * nF);
  const group = new Int8Array(n);
  const cold = new Uint8Array(n);
  const artist: string[] = [];
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const g = i % 2;
    group[i] = g;
    cold[i] = Math.floor(i / 2) >= o.itemsPerGroup / 2 ? 1 : 0;
    ids.push(`t${String(i).padStart(8, '0')}`);
    artist.push(`${g ? 'b' : 'a'}${Math.floor(rand() * o.artistsPerGroup)}`);
    const hi = (o.audioSignal ? (g ? 0.25 : 0.75) : 0.5) + (rand() - 0.5) * 0.3;
    const f: Record<string, number> = {
      tempo: 80 + rand() * 80,
      key: Math.floor(rand() * 12),
      mode: rand() < 0.5 ? 0 : 1,
      energy: hi,
      danceability: hi,
      valence: rand(),
      acousticness: 1 - hi,
      instrumentalness: rand() * 0.2,
      speechiness: rand() * 0.2,
      loudness: -20 + rand() * 15,
    };
    FEATURE_NAMES.forEach((name, j) => (features[i * nF + j] = f[name]));
  }
  const users: string[] = [];
  const indptr = [0];
  const indices: number[] = [];
  const warmPerGroup = Math.ceil(o.itemsPerGroup / 2);
  for (let u = 0; u < o.usersPerGroup * 2; u++) {
    const g = u % 2;
    users.push(`u${String(u).padStart(6, '0')}`);
    const liked = new Set<number>();
    while (liked.size < Math.min(o.likesPerUser, warmPerGroup)) liked.add(2 * Math.floor(rand() * warmPerGroup) + g);
    indices.push(...[...liked].sort((a, b) => a - b));
    indptr.push(indices.length);
  }
  return {
    group,
    cold,
    input: {
      users,
      seed: o.seed,
      train: {
        nUsers: users.length,
        nItems: n,
        indptr: Int32Array.from(indptr),
        indices: Int32Array.from(indices),
        weights: new Float32Array(indices.length).fill(1),
      },
      items: {
        ids,
        artist,
        album: artist.map(() => null),
        genre: artist.map(() => null),
        releaseDate: artist.map(() => null),
        popularity: new Float32Array(n).fill(Number.NaN),
        features,
      },
    },
  };
}
